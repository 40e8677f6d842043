import SimKernel

/// A positive rational number `numerator / denominator`, parsed exactly from
/// decimal text (`"1.5"` is 3/2), for factors that must scale integer
/// microseconds without floating-point error.
public struct ExactRatio: Sendable, Hashable, CustomStringConvertible {
  /// In lowest terms, both positive.
  public let numerator: Int64
  public let denominator: Int64

  /// `numerator / denominator`, reduced.
  ///
  /// - Precondition: both are positive.
  public init(_ numerator: Int64, _ denominator: Int64) {
    precondition(numerator > 0 && denominator > 0, "a ratio needs positive terms, got \(numerator)/\(denominator)")
    let divisor = Self.gcd(numerator, denominator)
    self.numerator = numerator / divisor
    self.denominator = denominator / divisor
  }

  /// Parses a positive decimal such as `2`, `1.5` or `0.125` (at most 12
  /// decimals, no exponent); `nil` for anything else, zero included.
  public init?(decimal text: String) {
    guard let (value, decimals) = Self.parseDecimal(text, maxDecimals: 12), value > 0 else { return nil }
    var denominator: Int64 = 1
    for _ in 0..<decimals { denominator *= 10 }
    self.init(value, denominator)
  }

  /// The identity, 1/1.
  public static let one = ExactRatio(1, 1)

  /// The value as a `Double` (for printing).
  public var doubleValue: Double { Double(numerator) / Double(denominator) }

  /// `numerator/denominator`, or the integer when the denominator is 1.
  public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

  /// `time × self`, rounded to the nearest microsecond (halves away from zero).
  ///
  /// - Complexity: O(1), through a 128-bit product.
  @inlinable
  public func scale(_ time: SimTime) -> SimTime {
    SimTime(microseconds: Self.roundedProduct(time.microseconds, numerator, denominator))
  }

  /// `time ÷ self`, rounded to the nearest microsecond (halves away from zero).
  @inlinable
  public func divide(_ time: SimTime) -> SimTime {
    SimTime(microseconds: Self.roundedProduct(time.microseconds, denominator, numerator))
  }

  /// `value × multiplier / divisor` rounded half away from zero, saturating.
  @usableFromInline
  static func roundedProduct(_ value: Int64, _ multiplier: Int64, _ divisor: Int64) -> Int64 {
    let magnitude = value.magnitude.multipliedFullWidth(by: UInt64(multiplier))
    let d = UInt64(divisor)
    guard magnitude.high < d else { return value < 0 ? .min : .max }
    var (quotient, remainder) = d.dividingFullWidth(magnitude)
    if remainder >= d - remainder { quotient += 1 }  // 2r >= d without overflow
    guard quotient <= UInt64(Int64.max) else { return value < 0 ? .min : .max }
    return value < 0 ? -Int64(quotient) : Int64(quotient)
  }

  static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
    var (x, y) = (a, b)
    while y != 0 { (x, y) = (y, x % y) }
    return x
  }

  /// Digits of a non-negative decimal as an integer and its count of decimals.
  static func parseDecimal(_ text: String, maxDecimals: Int) -> (Int64, Int)? {
    var value: Int64 = 0
    var decimals = 0
    var sawPoint = false
    var sawDigit = false
    for byte in text.utf8 {
      if byte == UInt8(ascii: ".") && !sawPoint {
        sawPoint = true
        continue
      }
      guard byte >= 48 && byte <= 57 else { return nil }
      sawDigit = true
      let (times, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times.addingReportingOverflow(Int64(byte - 48))
      guard !o1 && !o2 else { return nil }
      value = sum
      if sawPoint { decimals += 1 }
    }
    guard sawDigit, decimals <= maxDecimals else { return nil }
    return (value, decimals)
  }
}

extension SimTime {
  /// Parses seconds written as a decimal with at most six decimals
  /// (`"86400"`, `"1.5"`), exactly; an optional leading `-`. `nil` otherwise.
  public static func parseSeconds(_ text: String) -> SimTime? {
    var body = Substring(text)
    let negative = body.first == "-"
    if negative { body.removeFirst() }
    guard let (value, decimals) = ExactRatio.parseDecimal(String(body), maxDecimals: 6) else { return nil }
    var scale: Int64 = 1
    for _ in decimals..<6 { scale *= 10 }
    let (micros, overflow) = value.multipliedReportingOverflow(by: scale)
    guard !overflow else { return nil }
    return SimTime(microseconds: negative ? -micros : micros)
  }
}
