/// A problem in a sweep plan file, with its location.
///
/// Rendered in one place, `description`, in the compiler style
/// `path:line: message`:
///
///     plan.yaml:4: unknown key 'polices'; expected one of: name, traces, ...
public struct PlanError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The plan file's path, as the caller gave it.
  public var path: String
  /// The 1-based line of the problem, or `nil` when it concerns the whole file.
  public var line: Int?
  /// What is wrong.
  public var kind: Kind

  /// What is wrong with a plan.
  public enum Kind: Equatable, Sendable {
    /// The file could not be read.
    case unreadable(reason: String)
    /// Not valid YAML; `problem` is the parser's message.
    case syntax(problem: String)
    /// No YAML document, or not a mapping at the top.
    case notAMapping(found: String)
    /// A key the format does not know.
    case unknownKey(key: String, context: String, allowed: [String])
    /// The same key twice in one mapping.
    case duplicateKey(key: String)
    /// A required key is absent.
    case missingKey(key: String)
    /// A value of the wrong shape or out of range; `expected` says what fits.
    case badValue(key: String, expected: String, found: String)
    /// A policy name the simulator does not know.
    case unknownPolicy(name: String, known: [String], orders: [String])
    /// The grid is empty or too large.
    case gridSize(count: Int, limit: Int)
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
      return "cannot read sweep plan: \(reason)"
    case .syntax(let problem):
      return "YAML syntax error: \(problem)"
    case .notAMapping(let found):
      return "a sweep plan is a mapping with at least 'traces', got \(found)"
    case .unknownKey(let key, let context, let allowed):
      return "unknown key '\(key)' in \(context); expected one of: " + allowed.joined(separator: ", ")
    case .duplicateKey(let key):
      return "key '\(key)' appears more than once in the same mapping"
    case .missingKey(let key):
      return "missing required key '\(key)'"
    case .badValue(let key, let expected, let found):
      return "key '\(key)' must be \(expected), got \(found)"
    case .unknownPolicy(let name, let known, let orders):
      return "unknown policy '\(name)'; expected one of " + known.joined(separator: ", ")
        + ", optionally with a queue order as POLICY/ORDER (ORDER: " + orders.joined(separator: ", ")
        + "), or a policy file (*.yaml, *.yml) or slurm.conf (*.conf)"
    case .gridSize(let count, let limit):
      return count == 0
        ? "the plan expands to no scenarios"
        : "the plan expands to \(count) runs, more than the limit of \(limit)"
    }
  }
}
