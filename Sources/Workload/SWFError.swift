/// A failure to read a Standard Workload Format file.
///
/// Every case carries the path exactly as the caller gave it, and data errors
/// carry the 1-based line and field, so that the message (rendered only in
/// `description`) points at the offending token:
///
///     HPC2N.swf:812: field 9 'Requested Time' = 'abc' is not a number
public enum SWFError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The file could not be opened (`open(2)` failed, e.g. it does not exist).
  case cannotOpen(path: String, reason: String)
  /// `read(2)` failed part-way through the file.
  case readFailed(path: String, reason: String)
  /// The file holds no bytes at all (after decompression, for gzip).
  case emptyFile(path: String)
  /// The gzip data is damaged; `reason` is zlib's message.
  case corruptCompressedData(path: String, reason: String)
  /// The gzip data ends before its last member is complete.
  case truncatedCompressedData(path: String)
  /// A data line does not hold exactly 18 whitespace-separated fields.
  case fieldCount(path: String, line: Int, found: Int)
  /// Field `field` (1-based) is not a number, e.g. `abc` or `12x`.
  case malformedField(path: String, line: Int, field: Int, token: String)
  /// Integer field `field` (1-based) holds a fractional number, e.g. `3.5`.
  case fractionalField(path: String, line: Int, field: Int, token: String)
  /// Field `field` (1-based) is a number too large for its type
  /// (`Int64`, or `Int64` microseconds for times, about ±292,000 years).
  case fieldOutOfRange(path: String, line: Int, field: Int, token: String)

  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason):
      "cannot open '\(path)': \(reason)"
    case .readFailed(let path, let reason):
      "cannot read '\(path)': \(reason)"
    case .emptyFile(let path):
      "\(path): file is empty"
    case .corruptCompressedData(let path, let reason):
      "\(path): corrupt gzip data (\(reason))"
    case .truncatedCompressedData(let path):
      "\(path): gzip data ends unexpectedly (truncated file?)"
    case .fieldCount(let path, let line, let found):
      "\(path):\(line): expected \(SWFRecord.fieldNames.count) fields, found \(found)"
    case .malformedField(let path, let line, let field, let token):
      "\(path):\(line): \(Self.describe(field: field, token: token)) is not a number"
    case .fractionalField(let path, let line, let field, let token):
      "\(path):\(line): \(Self.describe(field: field, token: token)) is not an integer"
    case .fieldOutOfRange(let path, let line, let field, let token):
      "\(path):\(line): \(Self.describe(field: field, token: token)) is out of range"
    }
  }

  /// `field 9 'Requested Time' = 'abc'`.
  static func describe(field: Int, token: String) -> String {
    let names = SWFRecord.fieldNames
    let name = names.indices.contains(field - 1) ? names[field - 1] : "?"
    return "field \(field) '\(name)' = '\(token)'"
  }

  /// The 1-based line of a data error, or `nil` for file-level errors.
  public var line: Int? {
    switch self {
    case .fieldCount(_, let line, _), .malformedField(_, let line, _, _),
      .fractionalField(_, let line, _, _), .fieldOutOfRange(_, let line, _, _):
      line
    default: nil
    }
  }
}
