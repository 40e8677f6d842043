/// A problem in an I/O demands file (`--io-demands`), with its location.
///
/// Rendered in one place, `description`, as `path:line: message`:
///
///     demands.csv:4: field 'input_bytes' = '-5': must not be negative
public struct IODemandError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file, as the caller named it.
  public var path: String
  /// The 1-based line, or `nil` when the problem concerns the whole file.
  public var line: Int?
  /// What is wrong.
  public var kind: Kind

  /// What is wrong with a demands file.
  public enum Kind: Equatable, Sendable {
    /// The file could not be read (`reason` is the system's message).
    case unreadable(reason: String)
    /// The file has no header line.
    case missingHeader
    /// A header column that is not one of the known names.
    case unknownColumn(name: String)
    /// The same column twice in the header.
    case duplicateColumn(name: String)
    /// A required column is absent from the header.
    case missingColumn(name: String)
    /// A row with the wrong number of fields.
    case fieldCount(found: Int, expected: Int)
    /// A field whose value is not acceptable; `problem` says why.
    case badField(field: String, token: String, problem: String)
    /// Checkpoint bytes without an interval to write them at.
    case checkpointWithoutInterval(jobID: Int64)
    /// A job listed twice.
    case duplicateJob(jobID: Int64, firstLine: Int)
  }

  public init(path: String, line: Int?, kind: Kind) {
    self.path = path
    self.line = line
    self.kind = kind
  }

  public var description: String {
    let location = line.map { "\(path):\($0)" } ?? path
    switch kind {
    case .unreadable(let reason):
      return "\(location): cannot read I/O demands: \(reason)"
    case .missingHeader:
      return "\(location): no header line; expected: \(IODemandTable.columns.joined(separator: ","))"
    case .unknownColumn(let name):
      return "\(location): unknown column '\(name)'; expected columns: \(IODemandTable.columns.joined(separator: ", "))"
    case .duplicateColumn(let name):
      return "\(location): column '\(name)' appears twice"
    case .missingColumn(let name):
      return "\(location): missing required column '\(name)'"
    case .fieldCount(let found, let expected):
      return "\(location): \(found) fields, expected \(expected) (one per header column)"
    case .badField(let field, let token, let problem):
      return "\(location): field '\(field)' = '\(token)': \(problem)"
    case .checkpointWithoutInterval(let id):
      return "\(location): job \(id) has checkpoint_bytes > 0 but checkpoint_interval_s is 0; give an interval"
    case .duplicateJob(let id, let first):
      return "\(location): job \(id) is listed twice (first at line \(first))"
    }
  }
}
