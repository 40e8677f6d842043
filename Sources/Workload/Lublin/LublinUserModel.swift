#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Draws user numbers 1…n with Zipf probabilities ∝ 1/k^s.
///
/// Walker's alias method (Vose's construction): one 64-bit word picks a
/// column (high 32 bits) and decides between it and its alias (low 32 bits).
///
/// - Complexity: O(n) to build, O(1) per sample.
struct LublinUserModel: Hashable, Sendable {
  /// Probability of keeping column k (else take `alias[k]`).
  let keep: [Double]
  let alias: [Int]

  init(users: Int, exponent: Double) {
    let weights = (1...users).map { 1 / pow(Double($0), exponent) }
    let total = weights.reduce(0, +)
    var scaled = weights.map { $0 / total * Double(users) }
    var keep = [Double](repeating: 1, count: users)
    var alias = Array(0..<users)
    var small = scaled.indices.filter { scaled[$0] < 1 }
    var large = scaled.indices.filter { scaled[$0] >= 1 }
    while let s = small.popLast(), let l = large.last {
      keep[s] = scaled[s]
      alias[s] = l
      scaled[l] -= 1 - scaled[s]
      if scaled[l] < 1 {
        large.removeLast()
        small.append(l)
      }
    }
    self.keep = keep
    self.alias = alias
  }

  /// A user number in 1…n.
  func sample(using rng: inout SeededGenerator) -> Int {
    let word = rng.next()
    let column = Int(((word >> 32) &* UInt64(keep.count)) >> 32)
    let u = Double(UInt32(truncatingIfNeeded: word)) * 0x1p-32
    return (u < keep[column] ? column : alias[column]) + 1
  }
}
