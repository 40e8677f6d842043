/// `a × b / c` on non-negative 64-bit integers through a 128-bit product, so
/// that bytes × microseconds never overflow. Quotients too large for `Int64`
/// saturate at `Int64.max` (used as "never").
///
/// The storage model uses these for every rate and time: a transfer of `r`
/// bytes at `num / den` bytes per microsecond ends after
/// `ceilDivide(r, den, num)` microseconds, and moves
/// `floorDivide(num, delta, den)` bytes in `delta` microseconds.
enum WideArithmetic {
  /// ⌊a·b / c⌋.
  ///
  /// - Precondition: `a >= 0`, `b >= 0`, `c > 0`.
  @inline(__always)
  static func floorDivide(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
    divide(a, b, c).quotient
  }

  /// ⌈a·b / c⌉.
  @inline(__always)
  static func ceilDivide(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
    let (quotient, remainder) = divide(a, b, c)
    return remainder > 0 && quotient < .max ? quotient + 1 : quotient
  }

  /// `a·b / c` rounded to the nearest integer, halves up.
  @inline(__always)
  static func roundDivide(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
    let (quotient, remainder) = divide(a, b, c)
    return 2 * UInt64(remainder) >= UInt64(c) && quotient < .max ? quotient + 1 : quotient
  }

  @inline(__always)
  static func divide(_ a: Int64, _ b: Int64, _ c: Int64) -> (quotient: Int64, remainder: Int64) {
    precondition(a >= 0 && b >= 0 && c > 0, "wide division needs a, b >= 0 and c > 0 (\(a), \(b), \(c))")
    let product = UInt64(a).multipliedFullWidth(by: UInt64(b))
    let divisor = UInt64(c)
    if product.high >= divisor { return (.max, 0) }
    let (quotient, remainder) = divisor.dividingFullWidth(product)
    if quotient > UInt64(Int64.max) { return (.max, 0) }
    return (Int64(quotient), Int64(remainder))
  }

  /// Whether `a·b < c` (all non-negative), without overflow.
  @inline(__always)
  static func productIsLess(_ a: Int64, _ b: Int64, than c: Int64) -> Bool {
    let product = UInt64(a).multipliedFullWidth(by: UInt64(b))
    return product.high == 0 && product.low < UInt64(c)
  }
}
