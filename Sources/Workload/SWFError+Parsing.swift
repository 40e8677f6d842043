extension SWFFieldParser.Failure {
  /// The user-facing error for this failure on the line `[lineStart, lineEnd)`.
  ///
  /// A line without exactly 18 tokens is reported as a field count, whatever
  /// token failed first.
  func swfError(
    path: String, line: Int, lineEnd: UnsafePointer<UInt8>, lineStart: UnsafePointer<UInt8>
  ) -> SWFError {
    var tokens = 0
    var p = lineStart
    while p < lineEnd {
      while p < lineEnd && SWFFieldParser.isSpace(p.pointee) { p += 1 }
      if p == lineEnd { break }
      tokens += 1
      while p < lineEnd && !SWFFieldParser.isSpace(p.pointee) { p += 1 }
    }
    if tokens != SWFRecord.fieldNames.count {
      return .fieldCount(path: path, line: line, found: tokens)
    }
    var tokenEnd = token
    while tokenEnd < lineEnd && !SWFFieldParser.isSpace(tokenEnd.pointee) { tokenEnd += 1 }
    let text = String(decoding: UnsafeBufferPointer(start: token, count: tokenEnd - token), as: UTF8.self)
    switch kind {
    case .notANumber, .extraFields:
      return .malformedField(path: path, line: line, field: field, token: text)
    case .fractional:
      return .fractionalField(path: path, line: line, field: field, token: text)
    case .outOfRange:
      return .fieldOutOfRange(path: path, line: line, field: field, token: text)
    }
  }
}
