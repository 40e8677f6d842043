extension SWFFieldParser {
  /// Parses a decimal token and returns its value times 10^`scale`, exactly.
  ///
  /// Leading whitespace is skipped. Grammar: `[-+]? digits* ('.' digits*)? ([eE] [-+]? digits+)?` with at
  /// least one mantissa digit, ending at whitespace or `end`. No `Double` is
  /// involved, so `0.1` with scale 6 is exactly 100,000.
  ///
  /// - Parameters:
  ///   - scale: 6 for times (microseconds; the 7th decimal rounds half away
  ///     from zero), 0 for integer fields (any non-zero fraction is an error).
  /// - Throws: `.notANumber`, `.fractional` (scale 0 only), `.outOfRange`.
  /// - Complexity: O(token length).
  static func decimal(_ p: inout Cursor, _ end: Cursor, scale: Int, field: Int) throws(Failure) -> Int64 {
    while p < end && isSpace(p.pointee) { p += 1 }
    let token = p
    var negative = false
    if p < end && (p.pointee == 0x2D || p.pointee == 0x2B) {
      negative = p.pointee == 0x2D
      p += 1
    }
    let integerDigits = digitRun(&p, end)
    var fractionDigits = UnsafeBufferPointer<UInt8>(start: p, count: 0)
    if p < end && p.pointee == 0x2E {  // "."
      p += 1
      fractionDigits = digitRun(&p, end)
    }
    guard integerDigits.count + fractionDigits.count > 0 else {
      throw Failure(kind: .notANumber, field: field, token: token)
    }
    var exponent = 0
    if p < end && (p.pointee | 0x20) == 0x65 {  // "e" or "E"
      p += 1
      var exponentNegative = false
      if p < end && (p.pointee == 0x2D || p.pointee == 0x2B) {
        exponentNegative = p.pointee == 0x2D
        p += 1
      }
      let digits = digitRun(&p, end)
      guard !digits.isEmpty else { throw Failure(kind: .notANumber, field: field, token: token) }
      for digit in digits where exponent < 100_000_000 { exponent = exponent * 10 + Int(digit &- 0x30) }
      if exponentNegative { exponent = -exponent }
    }
    guard p == end || isSpace(p.pointee) else {
      throw Failure(kind: .notANumber, field: field, token: token)
    }
    let scaled = scaledMagnitude(
      integerDigits, fractionDigits, keep: integerDigits.count + exponent + scale,
      rounding: scale > 0)
    switch scaled {
    case .value(let magnitude): return negative ? -magnitude : magnitude
    case .overflow: throw Failure(kind: .outOfRange, field: field, token: token)
    case .fractional: throw Failure(kind: .fractional, field: field, token: token)
    }
  }

  /// The ASCII digits starting at `p`; advances `p` past them.
  @inline(__always)
  static func digitRun(_ p: inout Cursor, _ end: Cursor) -> UnsafeBufferPointer<UInt8> {
    let first = p
    while p < end && p.pointee &- 0x30 <= 9 { p += 1 }
    return UnsafeBufferPointer(start: first, count: p - first)
  }

  /// The integer formed by the first `keep` digits of `integer ++ fraction`
  /// (zero-extended if `keep` is larger).
  ///
  /// - Returns: `.overflow` beyond `Int64.max`; `.fractional` if a dropped
  ///   digit is non-zero and `rounding` is false; otherwise the value, rounded
  ///   half away from zero on the first dropped digit when `rounding` is true.
  static func scaledMagnitude(
    _ integer: UnsafeBufferPointer<UInt8>, _ fraction: UnsafeBufferPointer<UInt8>,
    keep: Int, rounding: Bool
  ) -> Scaled {
    var magnitude: Int64 = 0
    var firstDropped: UInt8 = 0
    var restNonZero = false
    var index = 0
    for part in [integer, fraction] {
      for byte in part {
        let digit = byte &- 0x30
        if index < keep {
          let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
          let (sum, o2) = times10.addingReportingOverflow(Int64(digit))
          if o1 || o2 { return .overflow }
          magnitude = sum
        } else if index == keep {
          firstDropped = digit
        } else if digit != 0 {
          restNonZero = true
        }
        index += 1
      }
    }
    if keep > index && magnitude != 0 {
      for _ in index..<keep {
        let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
        if overflow { return .overflow }
        magnitude = times10
      }
    }
    if !rounding { return firstDropped != 0 || restNonZero ? .fractional : .value(magnitude) }
    if firstDropped >= 5 {
      let (rounded, overflow) = magnitude.addingReportingOverflow(1)
      if overflow { return .overflow }
      magnitude = rounded
    }
    return .value(magnitude)
  }

  /// The outcome of `scaledMagnitude`.
  enum Scaled { case value(Int64), overflow, fractional }
}
