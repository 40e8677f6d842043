/// A problem in a machine configuration file, with its location.
///
/// Every error names the file and, when the problem has a place in it, the
/// 1-based line. The message is rendered in one place, `description`, in the
/// compiler style `path:line: message`:
///
///     configs/x.yaml:12: key 'cores' must be a positive integer, got '-3'
///
/// Programs branch on `kind`; people read `description`.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The configuration file's path, as the caller gave it.
  public var path: String
  /// The 1-based line of the problem, or `nil` when it concerns the whole file.
  public var line: Int?
  /// What is wrong.
  public var kind: Kind

  /// What is wrong with a configuration.
  public enum Kind: Equatable, Sendable {
    /// The file could not be read (`reason` is the system's message).
    case unreadable(reason: String)
    /// The text is not valid YAML; `problem` is the YAML parser's message.
    case syntax(problem: String, column: Int?)
    /// The file holds no YAML document.
    case empty
    /// A key that the schema does not know, in `context` (e.g. "node type").
    case unknownKey(key: String, context: String, allowed: [String])
    /// The same key twice in one mapping.
    case duplicateKey(key: String)
    /// A required key is absent from the mapping of `context`.
    case missingKey(key: String, context: String)
    /// A value of the wrong YAML shape, e.g. a list where a mapping belongs.
    case wrongType(key: String, expected: String, found: String)
    /// A value that must be a positive integer and is not.
    case notPositiveInteger(key: String, found: String)
    /// A value that must be a positive number and is not.
    case notPositiveNumber(key: String, found: String)
    /// A value that must be a number zero or more and is not.
    case notNonNegativeNumber(key: String, found: String)
    /// A value outside its allowed set, e.g. a component `kind`.
    case notOneOf(key: String, found: String, allowed: [String])
    /// Two entries of `what` ("node type", "partition") share a name.
    case duplicateName(what: String, name: String)
    /// A partition names a node type that is not defined.
    case unknownNodeType(partition: String, nodeType: String, known: [String])
    /// The partitions of a node type do not hold exactly its `count` nodes.
    case partitionCoverage(nodeType: String, partitioned: Int, count: Int)
    /// Two partitions of one node type omit `nodes`; only one may take the rest.
    case multipleOpenPartitions(nodeType: String, first: String, second: String)
    /// A partition without `nodes` would get none: the others took them all.
    case emptyPartition(partition: String, nodeType: String, taken: Int, count: Int)
    /// More than one partition is marked `default: true`.
    case multipleDefaults(first: String, second: String)
    /// Several node types and no `partitions` list to place them.
    case partitionsRequired(nodeTypeCount: Int)
    /// The components' own memory exceeds the node's memory.
    case deviceMemoryExceedsNode(nodeType: String, devices: String, node: String)
    /// `expected_totals.<quantity>` disagrees with the computed total.
    case totalMismatch(quantity: String, expected: String, computed: String, tolerance: String?)
    /// YAML features the schema does not use (aliases, tags on values).
    case unsupported(feature: String)
  }

  public init(path: String, line: Int?, kind: Kind) {
    self.path = path
    self.line = line
    self.kind = kind
  }

  /// `path:line: message`, or `path: message` without a line.
  public var description: String {
    let location = line.map { "\(path):\($0)" } ?? path
    return location + ": " + message
  }

  /// The message without the location.
  public var message: String {
    switch kind {
    case .unreadable(let reason):
      return "cannot read machine configuration: \(reason)"
    case .syntax(let problem, let column):
      return "YAML syntax error" + (column.map { " at column \($0)" } ?? "") + ": \(problem)"
    case .empty:
      return "the file holds no YAML document (expected a mapping with 'name' and 'node_types')"
    case .unknownKey(let key, let context, let allowed):
      return "unknown key '\(key)' in \(context); expected one of: "
        + allowed.joined(separator: ", ")
    case .duplicateKey(let key):
      return "key '\(key)' appears more than once in the same mapping"
    case .missingKey(let key, let context):
      return "missing required key '\(key)' in \(context)"
    case .wrongType(let key, let expected, let found):
      return "key '\(key)' must be \(expected), got \(found)"
    case .notPositiveInteger(let key, let found):
      return "key '\(key)' must be a positive integer, got '\(found)'"
    case .notPositiveNumber(let key, let found):
      return "key '\(key)' must be a positive number, got '\(found)'"
    case .notNonNegativeNumber(let key, let found):
      return "key '\(key)' must be a number zero or more, got '\(found)'"
    case .notOneOf(let key, let found, let allowed):
      return "key '\(key)' must be one of \(allowed.joined(separator: ", ")), got '\(found)'"
    case .duplicateName(let what, let name):
      return "\(what) name '\(name)' is used more than once"
    case .unknownNodeType(let partition, let nodeType, let known):
      return "partition '\(partition)' refers to unknown node type '\(nodeType)'; "
        + "known node types: " + known.joined(separator: ", ")
    case .partitionCoverage(let nodeType, let partitioned, let count):
      return "the partitions of node type '\(nodeType)' hold \(partitioned) nodes, "
        + "but it has count \(count) (every node must be in exactly one partition)"
    case .multipleOpenPartitions(let nodeType, let first, let second):
      return "partitions '\(first)' and '\(second)' of node type '\(nodeType)' both omit "
        + "'nodes'; at most one partition per node type may take the remaining nodes"
    case .emptyPartition(let partition, let nodeType, let taken, let count):
      return "partition '\(partition)' gets no nodes: the other partitions of node type "
        + "'\(nodeType)' already hold \(taken) of its \(count) nodes"
    case .multipleDefaults(let first, let second):
      return "partitions '\(first)' and '\(second)' are both marked default; at most one may be"
    case .partitionsRequired(let nodeTypeCount):
      return "\(nodeTypeCount) node types are defined, so a 'partitions' list is required "
        + "to place them"
    case .deviceMemoryExceedsNode(let nodeType, let devices, let node):
      return "node type '\(nodeType)': the components' memory (\(devices) GB) exceeds "
        + "the node's memory_gb (\(node) GB), which must include it"
    case .totalMismatch(let quantity, let expected, let computed, let tolerance):
      return "expected_totals.\(quantity) is \(expected), but the machine described has "
        + computed + (tolerance.map { " (tolerance \($0))" } ?? "")
    case .unsupported(let feature):
      return "\(feature) are not supported in machine configurations"
    }
  }
}
