#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Draws user numbers 1…n with Zipf probabilities ∝ 1/k^s.
///
/// The inverse CDF is searched by bisection over a precomputed table.
///
/// - Complexity: O(n) to build, O(log n) per sample.
struct LublinUserModel: Hashable, Sendable {
  /// `cumulative[k]` = P(user ≤ k + 1); the last entry is 1.
  let cumulative: [Double]

  init(users: Int, exponent: Double) {
    var weights = (1...users).map { 1 / pow(Double($0), exponent) }
    let total = weights.reduce(0, +)
    var running = 0.0
    for k in weights.indices {
      running += weights[k] / total
      weights[k] = running
    }
    weights[weights.count - 1] = 1
    cumulative = weights
  }

  /// A user number in 1…n.
  func sample(using rng: inout SeededGenerator) -> Int {
    let u = rng.nextUnitInterval()
    var low = 0
    var high = cumulative.count - 1
    while low < high {
      let mid = (low + high) / 2
      if u < cumulative[mid] { high = mid } else { low = mid + 1 }
    }
    return low + 1
  }
}
