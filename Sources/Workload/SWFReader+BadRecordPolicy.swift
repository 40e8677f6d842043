/// What a reader does with a data line it cannot parse.
public enum BadRecordPolicy: String, Sendable, CaseIterable {
  /// Throw the line's `SWFError` (the default).
  case fail
  /// Skip the line, count it in `SWFReader.malformedSkipped` and go on.
  case skip
}
