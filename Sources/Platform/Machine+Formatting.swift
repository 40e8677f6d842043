/// Number and text formatting for machine summaries and messages.
///
/// Written without Foundation so the output is the same on every platform:
/// no locale, no exponent notation.
enum Format {
  /// `3120000` as `3,120,000`.
  static func grouped(_ value: Int64) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return value < 0 ? "-" + out : out
  }

  static func grouped(_ value: Int) -> String { grouped(Int64(value)) }

  /// `value` rounded to at most `digits` fraction digits, trailing zeros
  /// dropped: `3881.592`, `56.45`, `7`. Thousands grouped when `grouping`.
  /// Values beyond about 9e18 fall back to Swift's own rendering.
  static func decimal(_ value: Double, digits: Int = 3, grouping: Bool = true) -> String {
    var scale: Int64 = 1
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value.magnitude * Double(scale)).rounded()
    guard value.isFinite, scaled < 9e18 else {
      // Too large for `digits` places in an Int64: drop places, then give up.
      return value.isFinite && digits > 0
        ? decimal(value, digits: digits - 1, grouping: grouping) : "\(value)"
    }
    let units = Int64(scaled)
    let whole = units / scale
    var fraction = String(units % scale)
    fraction = String(repeating: "0", count: digits - fraction.count) + fraction
    while fraction.last == "0" { fraction.removeLast() }
    let wholeText = grouping ? grouped(whole) : String(whole)
    let sign = value < 0 && units != 0 ? "-" : ""
    return sign + wholeText + (fraction.isEmpty ? "" : "." + fraction)
  }

  /// `text` padded with spaces to `width` characters.
  static func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }

  /// `text` as a JSON string literal.
  static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// `value` as a JSON number: up to 6 fraction digits, never an exponent.
  static func jsonNumber(_ value: Double) -> String {
    decimal(value, digits: 6, grouping: false)
  }
}
