#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Mean, sample standard deviation and a 95 % confidence interval of the
/// mean (Student's t) of a few values, such as one metric over replicas.
///
/// `sd = sqrt(Σ(x − mean)² / (n − 1))`; the interval is
/// `mean ± t(0.975, n − 1) · sd / sqrt(n)`. With one value the deviation is
/// 0 and the interval is the value itself. Sums run in the values' order,
/// so the same values give the same bits.
public struct SampleStatistics: Sendable, Hashable {
  public var count: Int
  public var mean: Double
  public var standardDeviation: Double
  /// Half the width of the 95 % confidence interval.
  public var halfWidth: Double
  public var low: Double { mean - halfWidth }
  public var high: Double { mean + halfWidth }

  /// The statistics of `values` (at least one).
  ///
  /// - Complexity: O(n), plus O(1) for the t quantile (a fixed-length
  ///   bisection of the incomplete beta function).
  public init(_ values: [Double]) {
    precondition(!values.isEmpty, "statistics of no values")
    count = values.count
    var sum = 0.0
    for value in values { sum += value }
    mean = sum / Double(count)
    guard count > 1 else {
      standardDeviation = 0
      halfWidth = 0
      return
    }
    var squares = 0.0
    for value in values { squares += (value - mean) * (value - mean) }
    standardDeviation = (squares / Double(count - 1)).squareRoot()
    halfWidth = StudentT.quantile(0.975, degreesOfFreedom: count - 1) * standardDeviation / Double(count).squareRoot()
  }
}

/// Student's t distribution.
public enum StudentT {
  /// The cumulative probability of `t` with `df` degrees of freedom:
  /// `1 − I_x(df/2, 1/2) / 2` for t ≥ 0, with `x = df / (df + t²)`.
  public static func cdf(_ t: Double, degreesOfFreedom df: Int) -> Double {
    let n = Double(df)
    let tail = 0.5 * regularizedIncompleteBeta(n / (n + t * t), a: n / 2, b: 0.5)
    return t >= 0 ? 1 - tail : tail
  }

  /// The `p` quantile (0.5 < p < 1) with `df` ≥ 1 degrees of freedom, found
  /// by bisection of `cdf` to the last bit (e.g. 12.7062 for df 1, 2.7764
  /// for df 4, 1.9600 as df grows).
  public static func quantile(_ p: Double, degreesOfFreedom df: Int) -> Double {
    precondition(df >= 1 && p > 0.5 && p < 1, "quantile needs df >= 1 and 0.5 < p < 1")
    var low = 0.0
    var high = 1.0
    while cdf(high, degreesOfFreedom: df) < p { high *= 2 }
    for _ in 0..<200 {
      let middle = (low + high) / 2
      if middle == low || middle == high { break }
      if cdf(middle, degreesOfFreedom: df) < p { low = middle } else { high = middle }
    }
    return (low + high) / 2
  }

  /// The regularised incomplete beta function `I_x(a, b)`, by its continued
  /// fraction (modified Lentz), using the symmetry `1 − I_{1−x}(b, a)` where
  /// that converges faster.
  static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x)
    if x < (a + 1) / (a + b + 2) {
      return exp(logFront) * continuedFraction(x, a: a, b: b) / a
    }
    return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
  }

  static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var result = d
    for m in 1...300 {
      let m = Double(m)
      let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
      d = 1 + even * d
      if abs(d) < tiny { d = tiny }
      c = 1 + even / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      result *= d * c
      let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
      d = 1 + odd * d
      if abs(d) < tiny { d = tiny }
      c = 1 + odd / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let step = d * c
      result *= step
      if abs(step - 1) < 1e-16 { break }
    }
    return result
  }
}
