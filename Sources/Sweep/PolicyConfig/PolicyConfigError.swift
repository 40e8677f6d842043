/// A problem in a policy file (YAML) or an imported `slurm.conf`, with its
/// location. The message is rendered in one place, `description`, in the
/// compiler style `path:line: message`:
///
///     configs/slurm.conf:14: PriorityWeightAge: '10k' is not an integer 0 ... 4294967295
public struct PolicyConfigError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file, as the caller gave it.
  public var path: String
  /// The 1-based line, or `nil` when the problem concerns the whole file.
  public var line: Int?
  public var kind: Kind

  /// What is wrong.
  public enum Kind: Equatable, Sendable {
    /// The file could not be read (`reason` is the system's message).
    case unreadable(reason: String)
    /// Not valid YAML (`problem` is the YAML parser's message).
    case syntax(problem: String, column: Int?)
    /// The file holds no settings.
    case empty
    /// A value of the wrong YAML shape, e.g. a list where a mapping belongs.
    case wrongType(key: String, expected: String, found: String)
    /// A key the policy file does not know (YAML only; `slurm.conf` keys hpcsim
    /// does not model are ignored and listed instead).
    case unknownKey(key: String, context: String, allowed: [String])
    /// The same key twice in one YAML mapping.
    case duplicateKey(key: String)
    /// A value the key does not accept; `expected` says what it does.
    case badValue(key: String, value: String, expected: String)
    /// A `slurm.conf` line that is not `Key=Value` pairs.
    case malformedLine(token: String)
  }

  public init(path: String, line: Int?, kind: Kind) {
    self.path = path
    self.line = line
    self.kind = kind
  }

  /// `path:line: message`, or `path: message` without a line.
  public var description: String {
    (line.map { "\(path):\($0)" } ?? path) + ": " + message
  }

  /// The message without the location.
  public var message: String {
    switch kind {
    case .unreadable(let reason):
      return "cannot read the policy configuration: \(reason)"
    case .syntax(let problem, let column):
      return "YAML syntax error" + (column.map { " at column \($0)" } ?? "") + ": \(problem)"
    case .empty:
      return "the file holds no settings (expected keys such as SchedulerType and PriorityType)"
    case .wrongType(let key, let expected, let found):
      return "\(key) must be \(expected), got \(found)"
    case .unknownKey(let key, let context, let allowed):
      return "unknown key '\(key)' in \(context); expected one of: " + allowed.joined(separator: ", ")
    case .duplicateKey(let key):
      return "key '\(key)' appears more than once in the same mapping"
    case .badValue(let key, let value, let expected):
      return "\(key): '\(value)' is not \(expected)"
    case .malformedLine(let token):
      return "expected Key=Value, got '\(token)'"
    }
  }
}
