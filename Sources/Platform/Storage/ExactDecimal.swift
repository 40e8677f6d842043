/// Parses decimal numbers exactly into integers of a fixed scale, without
/// floating point: `parse("1.5e9", scale: 0)` is 1,500,000,000 and
/// `parse("0.25", scale: 6)` is 250,000 (seconds to microseconds).
///
/// Accepted: optional `+`, digits with an optional fraction, an optional
/// exponent (`e` or `E`, signed). Rejected: signs `-`, empty text, values
/// that are not whole multiples of `10^-scale`, and values above `Int64.max`.
enum ExactDecimal {
  /// Why a number was not accepted.
  enum Problem: Error, Equatable {
    case notANumber
    case negative
    case tooPrecise
    case tooLarge
  }

  static func parse<Bytes: Collection<UInt8>>(_ text: Bytes, scale: Int) -> Result<Int64, Problem> {
    // Fast path: a plain integer of up to 18 digits.
    if !text.isEmpty && text.count <= 18 && scale <= 6 && text.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
      var value: Int64 = 0
      for byte in text { value = value * 10 + Int64(byte - 48) }
      var factor: Int64 = 1
      for _ in 0..<scale { factor *= 10 }
      let (scaled, overflow) = value.multipliedReportingOverflow(by: factor)
      return overflow ? .failure(.tooLarge) : .success(scaled)
    }
    var digits: [UInt8] = []
    var fractionDigits = 0
    var exponent = 0
    var index = text.startIndex
    var sawPoint = false
    var sawDigit = false
    if index < text.endIndex, text[index] == UInt8(ascii: "-") { return .failure(.negative) }
    if index < text.endIndex, text[index] == UInt8(ascii: "+") { index = text.index(after: index) }
    while index < text.endIndex {
      let byte = text[index]
      if byte >= 48 && byte <= 57 {
        sawDigit = true
        if !(digits.isEmpty && byte == 48) { digits.append(byte - 48) }  // drop leading zeros
        if sawPoint { fractionDigits += 1 }
      } else if byte == UInt8(ascii: ".") && !sawPoint {
        sawPoint = true
      } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
        guard sawDigit, let value = Int(String(decoding: text[text.index(after: index)...], as: UTF8.self)),
          abs(value) < 100
        else { return .failure(.notANumber) }
        exponent = value
        index = text.endIndex
        break
      } else {
        return .failure(.notANumber)
      }
      index = text.index(after: index)
    }
    guard sawDigit else { return .failure(.notANumber) }
    // value = digits × 10^(exponent + scale - fractionDigits), all as integers.
    var shift = exponent + scale - fractionDigits
    while shift < 0 {
      guard let last = digits.last else { return .success(0) }
      if last != 0 { return .failure(.tooPrecise) }
      digits.removeLast()
      shift += 1
    }
    var value: Int64 = 0
    for digit in digits + [UInt8](repeating: 0, count: digits.isEmpty ? 0 : shift) {
      let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
      if overflow1 || overflow2 { return .failure(.tooLarge) }
      value = sum
    }
    return .success(value)
  }

  static func parse(_ text: String, scale: Int) -> Result<Int64, Problem> {
    parse(Array(text.utf8), scale: scale)
  }
}
