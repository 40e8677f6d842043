import Scheduling
import Yams

extension PolicyConfig {
  /// Every top-level key of a YAML policy file, in Slurm's spelling.
  public static let policyFileKeys = PolicySettings.scalarKeys + ["Shares", "Partitions", "QOS", "Reservations"]

  /// Reads a YAML policy file: a mapping of Slurm `slurm.conf` keys to
  /// values, plus `Shares` (fair-share shares per account, i.e. trace group),
  /// `Partitions` (per trace partition number) and `QOS` (per trace queue
  /// number). Keys match without regard to case; a key not in
  /// `policyFileKeys` is an error naming its line.
  ///
  /// - Throws: `PolicyConfigError` naming the file and line of the first problem.
  /// - Complexity: O(file size)
  public static func load(policyFile path: String) throws(PolicyConfigError) -> PolicyConfig {
    try parse(policyYAML: readPolicyText(path: path), path: path)
  }

  /// Parses a YAML policy held in memory; `path` is used in messages only.
  public static func parse(policyYAML yaml: String, path: String) throws(PolicyConfigError) -> PolicyConfig {
    let root = try composePolicy(yaml, path: path)
    let settings = PolicySettings(path: path)
    let top = try PolicyMapping(root, key: "the policy file", context: "the top level", path: path)
    var config = PolicyConfig()
    config.sourcePath = path
    var seen: Set<String> = []
    for entry in top.entries {
      guard let key = PolicySettings.canonical(entry.key, among: policyFileKeys) else {
        throw top.error(entry.keyLine, .unknownKey(key: entry.key, context: "the top level", allowed: policyFileKeys))
      }
      guard seen.insert(key).inserted else { throw top.error(entry.keyLine, .duplicateKey(key: entry.key)) }
      switch key {
      case "Shares": try readShares(entry, top, into: &config.multifactor)
      case "Partitions": config.partitions = try readPartitions(entry, top, settings)
      case "QOS": try readQOS(entry, top, into: &config)
      case "Reservations": config.reservations = try readReservations(entry, top)
      default:
        let text = try top.scalar(entry, expected: "a value")
        try settings.apply(key, text, line: entry.value.policyLine, to: &config)
      }
    }
    return config
  }

  /// `Shares: { "<group id>": shares, default: shares }`.
  static func readShares(
    _ entry: PolicyMapping.Entry, _ top: PolicyMapping, into multifactor: inout MultifactorConfig
  ) throws(PolicyConfigError) {
    let shares = try PolicyMapping(entry.value, key: "Shares", context: "Shares", path: top.path)
    for item in shares.entries {
      let value = try shares.unsigned(item, key: "Shares \(item.key)", maximum: Int64(UInt32.max))
      if let number = try shares.number(item, context: "Shares", noun: "a group (account) id") {
        multifactor.accountShares[number] = UInt32(value)
      } else {
        multifactor.defaultAccountShares = UInt32(value)
      }
    }
  }

  /// The keys of one entry of `QOS`.
  public static let qosKeys = [
    "Priority", "MaxJobsPerUser", "MaxSubmitJobsPerUser", "MaxTRESPerUser", "MaxNodesPerUser",
  ]

  /// `QOS: { "<queue number>": { Priority: n, MaxJobsPerUser: n, MaxSubmitJobsPerUser: n,
  /// MaxTRESPerUser: node=n }, default: {...} }`.
  static func readQOS(
    _ entry: PolicyMapping.Entry, _ top: PolicyMapping, into config: inout PolicyConfig
  ) throws(PolicyConfigError) {
    var multifactor = config.multifactor
    defer { config.multifactor = multifactor }
    let qos = try PolicyMapping(entry.value, key: "QOS", context: "QOS", path: top.path)
    for item in qos.entries {
      let number = try qos.number(item, context: "QOS", noun: "a queue number")
      let context = "QOS \(item.key)"
      let fields = try PolicyMapping(item.value, key: context, context: context, path: top.path)
      var priority: UInt32 = 0
      var limits = UserLimits.Limits()
      for field in fields.entries {
        guard let key = PolicySettings.canonical(field.key, among: qosKeys) else {
          throw fields.error(field.keyLine, .unknownKey(key: field.key, context: context, allowed: qosKeys))
        }
        let maximum = Int64(Int32.max)
        switch key {
        case "Priority":
          priority = UInt32(try fields.unsigned(field, key: "\(context) Priority", maximum: Int64(UInt32.max)))
        case "MaxJobsPerUser":
          limits.maxJobsPerUser = Int32(try fields.unsigned(field, key: "\(context) \(key)", maximum: maximum))
        case "MaxSubmitJobsPerUser":
          limits.maxSubmitJobsPerUser = Int32(try fields.unsigned(field, key: "\(context) \(key)", maximum: maximum))
        case "MaxNodesPerUser":
          limits.maxNodesPerUser = Int32(try fields.unsigned(field, key: "\(context) \(key)", maximum: maximum))
        default:  // MaxTRESPerUser: node=N
          limits.maxNodesPerUser = try fields.nodeTRES(field, key: "\(context) \(key)")
        }
      }
      if let number {
        multifactor.qosPriority[number] = priority
        config.qosLimits[number] = limits
      } else {
        multifactor.defaultQOSPriority = priority
        config.defaultQOSLimits = limits
      }
    }
  }

  /// The keys of one entry of `Partitions`.
  public static let partitionKeys = [
    "PartitionName", "Nodes", "MaxTime", "DefaultTime", "MaxNodes", "PriorityTier", "PriorityJobFactor", "Queues",
  ]

  /// `Partitions: { "<partition number>": { PriorityJobFactor: n, PriorityTier: n, ... }, default: {...} }`.
  static func readPartitions(
    _ entry: PolicyMapping.Entry, _ top: PolicyMapping, _ settings: PolicySettings
  ) throws(PolicyConfigError) -> [PartitionSettings] {
    let map = try PolicyMapping(entry.value, key: "Partitions", context: "Partitions", path: top.path)
    var partitions: [PartitionSettings] = []
    for item in map.entries {
      let number = try map.number(item, context: "Partitions", noun: "a partition number")
      let context = "partition \(item.key)"
      var partition = PartitionSettings(number: number, name: item.key)
      partition.isDefault = number == nil
      partition.line = item.keyLine
      let fields = try PolicyMapping(item.value, key: context, context: context, path: top.path)
      for field in fields.entries {
        guard let key = PolicySettings.canonical(field.key, among: partitionKeys) else {
          throw fields.error(field.keyLine, .unknownKey(key: field.key, context: context, allowed: partitionKeys))
        }
        if key == "Queues" {
          partition.queues = try fields.queueNumbers(field, context: "\(context): Queues")
          continue
        }
        let text = try fields.scalar(field, expected: "a value")
        try SlurmPartitionAttributes.apply(key, text, line: field.value.policyLine, to: &partition, settings)
      }
      partitions.append(partition)
    }
    return partitions
  }
}

// MARK: - Reading YAML with lines

/// A YAML mapping with each key's line, for messages.
struct PolicyMapping {
  struct Entry {
    var key: String
    var keyLine: Int
    var value: Node
  }

  let path: String
  let entries: [Entry]

  init(_ node: Node, key: String, context: String, path: String) throws(PolicyConfigError) {
    self.path = path
    guard case .mapping(let mapping) = node else {
      throw PolicyConfigError(
        path: path, line: node.policyLine, kind: .wrongType(key: key, expected: "a mapping", found: node.policyShape))
    }
    var entries: [Entry] = []
    for (keyNode, value) in mapping {
      guard case .scalar(let scalar) = keyNode else {
        throw PolicyConfigError(
          path: path, line: keyNode.policyLine,
          kind: .wrongType(key: "a key in \(context)", expected: "a string", found: keyNode.policyShape))
      }
      entries.append(Entry(key: scalar.string, keyLine: keyNode.policyLine, value: value))
    }
    self.entries = entries
  }

  func error(_ line: Int, _ kind: PolicyConfigError.Kind) -> PolicyConfigError {
    PolicyConfigError(path: path, line: line, kind: kind)
  }

  /// The scalar text of `entry`'s value.
  func scalar(_ entry: Entry, expected: String) throws(PolicyConfigError) -> String {
    guard case .scalar(let scalar) = entry.value, !entry.value.isPolicyNull else {
      throw error(entry.value.policyLine, .wrongType(key: entry.key, expected: expected, found: entry.value.policyShape))
    }
    return scalar.string
  }

  /// An unsigned integer value up to `maximum`.
  func unsigned(_ entry: Entry, key: String, maximum: Int64) throws(PolicyConfigError) -> Int64 {
    let text = try scalar(entry, expected: "an integer")
    guard let value = Int64(text), (0...maximum).contains(value) else {
      throw error(entry.value.policyLine, .badValue(key: key, value: text, expected: "an integer 0 ... \(maximum)"))
    }
    return value
  }

  /// A list of trace queue numbers: a YAML list or a comma-separated string.
  func queueNumbers(_ entry: Entry, context: String) throws(PolicyConfigError) -> [Int32] {
    var texts: [(String, Int)] = []
    switch entry.value {
    case .sequence(let sequence):
      for item in sequence {
        guard case .scalar(let scalar) = item else {
          throw error(item.policyLine, .wrongType(key: context, expected: "queue numbers", found: item.policyShape))
        }
        texts.append((scalar.string, item.policyLine))
      }
    default:
      let text = try scalar(entry, expected: "a list of queue numbers")
      texts = text.split(separator: ",").map { (String($0).policyTrimmed, entry.value.policyLine) }
    }
    var numbers: [Int32] = []
    for (text, line) in texts {
      guard let number = Int32(text), number >= 0 else {
        throw error(line, .badValue(key: context, value: text, expected: "a queue number (SWF field 15, 0 or more)"))
      }
      numbers.append(number)
    }
    return numbers
  }

  /// `MaxTRESPerUser`'s node count: `node=N` (other TRES are not modelled).
  func nodeTRES(_ entry: Entry, key: String) throws(PolicyConfigError) -> Int32 {
    let text = try scalar(entry, expected: "node=N")
    let parts = text.lowercased().split(separator: "=", maxSplits: 1).map { String($0).policyTrimmed }
    guard parts.count == 2, parts[0] == "node", let count = Int32(parts[1]), count >= 0 else {
      throw error(entry.value.policyLine, .badValue(key: key, value: text, expected: "node=N (nodes per user)"))
    }
    return count
  }

  /// The entry's key as a trace number, or `nil` for `default`.
  func number(_ entry: Entry, context: String, noun: String) throws(PolicyConfigError) -> Int32? {
    if entry.key.lowercased() == "default" { return nil }
    guard let number = Int32(entry.key) else {
      throw error(entry.keyLine, .badValue(key: context, value: entry.key, expected: "\(noun) or 'default'"))
    }
    return number
  }
}

extension PolicyConfig {
  /// The document's root node, with YAML errors turned into `PolicyConfigError`s.
  static func composePolicy(_ yaml: String, path: String) throws(PolicyConfigError) -> Node {
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch let error as YamlError {
      throw policyError(error, path: path)
    } catch {
      throw PolicyConfigError(path: path, line: nil, kind: .syntax(problem: "\(error)", column: nil))
    }
    guard let root, !root.isPolicyNull else { throw PolicyConfigError(path: path, line: nil, kind: .empty) }
    return root
  }

  static func policyError(_ error: YamlError, path: String) -> PolicyConfigError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return PolicyConfigError(path: path, line: mark.line, kind: .syntax(problem: problem, column: mark.column))
    case .duplicatedKeysInMapping(let duplicates, let context):
      return PolicyConfigError(
        path: path, line: context.mark.line, kind: .duplicateKey(key: duplicates.first ?? "?"))
    default:
      return PolicyConfigError(path: path, line: nil, kind: .syntax(problem: "\(error)", column: nil))
    }
  }
}

extension Node {
  /// The node's 1-based line (1 when unknown).
  var policyLine: Int { mark?.line ?? 1 }

  /// A YAML null: an empty plain scalar, `~` or `null`.
  var isPolicyNull: Bool {
    guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  /// How the node looks, for messages.
  var policyShape: String {
    switch self {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    case .scalar(let scalar): return isPolicyNull ? "nothing" : "'\(scalar.string)'"
    }
  }
}
