/// A `jobs.csv` file that cannot be read as a schedule.
///
/// Every case carries the path exactly as the caller gave it; data errors
/// carry the 1-based line and the column name, so the message (rendered only
/// in `description`) points at the offending text:
///
///     jobs.csv:12: field 'starting_time' = 'x' is not a number
public enum JobsCSVError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The file could not be opened or read.
  case cannotRead(path: String, reason: String)
  /// The file holds no bytes.
  case emptyFile(path: String)
  /// Line 1 is not exactly `JobsCSVWriter.header`.
  case badHeader(path: String, found: String)
  /// A row does not hold as many comma-separated fields as the header (12, 17 or 23).
  case fieldCount(path: String, line: Int, found: Int)
  /// A required field is empty.
  case emptyField(path: String, line: Int, field: String)
  /// A numeric field does not parse, e.g. `x` or `1.2.3`.
  case notANumber(path: String, line: Int, field: String, token: String)
  /// A time has more than six decimals, so it is not an exact microsecond.
  case tooManyDecimals(path: String, line: Int, field: String, token: String)
  /// A number too large for its type (`Int64`, or `Int64` microseconds).
  case outOfRange(path: String, line: Int, field: String, token: String)
  /// `success` is neither 0 nor 1.
  case badSuccess(path: String, line: Int, token: String)
  /// `allocated_resources` is not an interval set such as `0-3 8`.
  case badNodeSet(path: String, line: Int, token: String)
  /// `allocated_resources` names some node more than once, e.g. `0-3 2`.
  case repeatedNode(path: String, line: Int, token: String, node: Int32)

  public var description: String {
    switch self {
    case .cannotRead(let path, let reason):
      "cannot read '\(path)': \(reason)"
    case .emptyFile(let path):
      "\(path): file is empty (expected the jobs.csv header)"
    case .badHeader(let path, let found):
      "\(path):1: header is '\(Self.clipped(found))', expected '\(JobsCSVReader.columns.joined(separator: ","))'"
    case .fieldCount(let path, let line, let found):
      "\(path):\(line): expected as many fields as the header has columns "
        + "(" + JobsCSVReader.acceptedHeaders.map { String($0.count) }.joined(separator: ", ")
        + " as it has hpcsim's extra columns or not), found \(found)"
    case .emptyField(let path, let line, let field):
      "\(path):\(line): field '\(field)' is empty"
    case .notANumber(let path, let line, let field, let token):
      "\(path):\(line): field '\(field)' = '\(Self.clipped(token))' is not a number"
    case .tooManyDecimals(let path, let line, let field, let token):
      "\(path):\(line): field '\(field)' = '\(token)' has more than 6 decimals"
    case .outOfRange(let path, let line, let field, let token):
      "\(path):\(line): field '\(field)' = '\(Self.clipped(token))' is out of range"
    case .badSuccess(let path, let line, let token):
      "\(path):\(line): field 'success' = '\(Self.clipped(token))' is not 0 or 1"
    case .badNodeSet(let path, let line, let token):
      "\(path):\(line): field 'allocated_resources' = '\(Self.clipped(token))' is not an interval set like '0-3 8'"
    case .repeatedNode(let path, let line, let token, let node):
      "\(path):\(line): field 'allocated_resources' = '\(Self.clipped(token))' names node \(node) more than once"
    }
  }

  /// The 1-based line of a data error, or `nil` for file-level errors.
  public var line: Int? {
    switch self {
    case .cannotRead, .emptyFile: nil
    case .badHeader: 1
    case .fieldCount(_, let line, _), .emptyField(_, let line, _), .notANumber(_, let line, _, _),
      .tooManyDecimals(_, let line, _, _), .outOfRange(_, let line, _, _),
      .badSuccess(_, let line, _), .badNodeSet(_, let line, _),
      .repeatedNode(_, let line, _, _):
      line
    }
  }

  /// `text`, cut to 80 characters so a runaway line cannot flood the terminal.
  static func clipped(_ text: String) -> String {
    text.count <= 80 ? text : String(text.prefix(77)) + "..."
  }
}
