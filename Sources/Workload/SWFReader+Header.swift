/// Builds an `SWFHeader` from the leading `;` comment lines of a trace.
///
/// A line is a field when, after `;` and at most one space, it reads
/// `Key: value` with `Key` made of letters, digits and `_` (`; MaxJobs: 10`,
/// and also `;Version: 2`, as in Sandia-Ross). Any other non-blank comment is
/// free text: it continues the previous field's value on a new line (the
/// indented lines under `; Note: THIS IS A CLEANED VERSION OF THE LOG!`), or,
/// after a blank `;` line or at the top, becomes a field with an empty key.
struct SWFHeaderBuilder {
  private(set) var header = SWFHeader()
  /// Index in `header.fields` that free text continues, if any.
  private var current: Int?

  /// Adds one comment line; `text` is what follows the `;`.
  ///
  /// - Complexity: O(line length).
  mutating func add(comment text: Substring) {
    let indentation = text.prefix { $0 == " " || $0 == "\t" }
    let body = Self.trimmed(text)
    if body.isEmpty {
      current = nil
      return
    }
    if indentation.count <= 1, !indentation.contains("\t"), let (key, value) = Self.keyValue(body) {
      header.fields.append((key: key, value: value))
      current = header.fields.count - 1
    } else if let current {
      let previous = header.fields[current].value
      header.fields[current].value = previous.isEmpty ? body : previous + "\n" + body
    } else {
      header.fields.append((key: "", value: body))
      current = header.fields.count - 1
    }
  }

  /// The header with its typed properties filled from `fields`.
  func finish() -> SWFHeader {
    var result = header
    result.fillTypedProperties()
    return result
  }

  /// `Key: value` split at the first colon, when `Key` is an identifier.
  static func keyValue(_ body: String) -> (String, String)? {
    guard let colon = body.firstIndex(of: ":") else { return nil }
    let key = body[..<colon]
    guard let first = key.first, first.isASCII, first.isLetter,
      key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
    else { return nil }
    return (String(key), trimmed(body[body.index(after: colon)...]))
  }

  /// `text` without leading and trailing spaces, tabs and carriage returns.
  static func trimmed(_ text: Substring) -> String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\r\n" }
    guard let first = text.firstIndex(where: { !isBlank($0) }),
      let last = text.lastIndex(where: { !isBlank($0) })
    else { return "" }
    return String(text[first...last])
  }
}

extension SWFHeader {
  /// Sets `maxJobs` … `notes` from `fields` (first occurrence of each key,
  /// case-insensitive; every `Note`).
  mutating func fillTypedProperties() {
    maxJobs = integerValue("MaxJobs")
    maxRecords = integerValue("MaxRecords")
    maxProcs = integerValue("MaxProcs")
    maxNodes = integerValue("MaxNodes")
    maxRuntime = integerValue("MaxRuntime")
    unixStartTime = integerValue("UnixStartTime")
    timeZoneString = value(for: "TimeZoneString").flatMap { Self.isUnknown($0) ? nil : $0 }
    notes = fields.filter { $0.key.lowercased() == "note" }.map(\.value)
  }

  /// The leading integer of `key`'s value: `1664 (72, 1368, 224)` gives 1664;
  /// `UNKNOWN`, `None`, `N/A`, empty, negative or not a number give `nil`.
  func integerValue(_ key: String) -> Int64? {
    value(for: key).flatMap(Self.leadingInteger)
  }

  /// The decimal digits at the start of `text`, or `nil` if there are none
  /// or they overflow `Int64`.
  static func leadingInteger(_ text: String) -> Int64? {
    let digits = text.utf8.prefix { $0 >= 0x30 && $0 <= 0x39 }
    guard !digits.isEmpty else { return nil }
    var result: Int64 = 0
    for digit in digits {
      let (times10, o1) = result.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times10.addingReportingOverflow(Int64(digit - 0x30))
      if o1 || o2 { return nil }
      result = sum
    }
    return result
  }

  /// Values that mean "not known" in real headers.
  static func isUnknown(_ value: String) -> Bool {
    ["", "unknown", "none", "n/a", "-1"].contains(value.lowercased())
  }
}
