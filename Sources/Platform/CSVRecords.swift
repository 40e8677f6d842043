/// The records of a small CSV sidecar (`--io-demands`, `--job-requests`),
/// read as bytes: lines end at `\n` (a `\r` before it is dropped), fields are
/// split at commas and trimmed of spaces and tabs, and blank lines and lines
/// starting with `#` are skipped. No quoting: the sidecars hold numbers.
///
/// Bytes rather than `String`: `String.split` and `Character` trimming cost
/// about 16,000 instructions a line (1.06 G for a 63,000-line requests file),
/// the byte loop under 300.
struct CSVRecords {
  let bytes: [UInt8]

  /// Calls `body` with each record's 1-based line number, its trimmed fields
  /// and its trimmed text (for messages).
  ///
  /// - Complexity: O(bytes).
  func forEach<Failure: Error>(
    _ body: (_ line: Int, _ fields: [ArraySlice<UInt8>], _ text: ArraySlice<UInt8>) throws(Failure) -> Void
  ) throws(Failure) {
    var lineNumber = 0
    var start = bytes.startIndex
    var fields: [ArraySlice<UInt8>] = []
    while start < bytes.endIndex {
      lineNumber += 1
      var end = start
      while end < bytes.endIndex && bytes[end] != 10 { end += 1 }
      let next = end + 1
      if end > start && bytes[end - 1] == 13 { end -= 1 }
      let text = Self.trimmed(bytes[start..<end])
      start = next
      if text.isEmpty || text.first == UInt8(ascii: "#") { continue }
      fields.removeAll(keepingCapacity: true)
      var fieldStart = text.startIndex
      for index in text.indices where text[index] == UInt8(ascii: ",") {
        fields.append(Self.trimmed(text[fieldStart..<index]))
        fieldStart = index + 1
      }
      fields.append(Self.trimmed(text[fieldStart..<text.endIndex]))
      try body(lineNumber, fields, text)
    }
  }

  /// `field` without leading and trailing spaces and tabs.
  static func trimmed(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var result = field
    while let first = result.first, first == 32 || first == 9 { result.removeFirst() }
    while let last = result.last, last == 32 || last == 9 { result.removeLast() }
    return result
  }
}

extension ArraySlice<UInt8> {
  /// The bytes as text (for numbers parsed by the standard library and for messages).
  var text: String { String(decoding: self, as: UTF8.self) }
}
