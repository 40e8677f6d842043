import Yams

extension MachineConfig {
  /// A partition as read, before its node range is known.
  struct ParsedPartition {
    var name: String
    var nodeType: Int
    var nodes: Int?
    var isDefault: Bool
    var line: Int
  }

  static let partitionKeys = ["name", "node_type", "nodes", "default"]

  /// The partitions with their node ranges, or the default partition `all`.
  ///
  /// - Complexity: O(partitions x node types).
  static func parsePartitions(_ top: ConfigMapping, nodeTypes: [ParsedNodeType])
    throws(ConfigError) -> [PartitionSpec]
  {
    guard top.entry("partitions") != nil else {
      guard nodeTypes.count == 1 else {
        let line = top.entry("node_types")?.keyLine ?? top.line
        throw top.error(line, .partitionsRequired(nodeTypeCount: nodeTypes.count))
      }
      return [
        PartitionSpec(name: "all", nodeType: 0, nodes: 0..<nodeTypes[0].count, isDefault: true)
      ]
    }
    var parsed: [ParsedPartition] = []
    for node in try top.list("partitions") {
      let partition = try parsePartition(node, nodeTypes: nodeTypes, path: top.path)
      if parsed.contains(where: { $0.name == partition.name }) {
        throw top.error(partition.line, .duplicateName(what: "partition", name: partition.name))
      }
      if partition.isDefault, let first = parsed.first(where: \.isDefault) {
        throw top.error(
          partition.line, .multipleDefaults(first: first.name, second: partition.name))
      }
      parsed.append(partition)
    }
    try assignSizes(&parsed, nodeTypes: nodeTypes, path: top.path)
    return layOut(parsed)
  }

  static func parsePartition(_ node: Node, nodeTypes: [ParsedNodeType], path: String)
    throws(ConfigError) -> ParsedPartition
  {
    let label = (node["name"]?.scalarText).map { "partition '\($0)'" } ?? "a partition"
    let map = try ConfigMapping(node, key: "partitions", context: label, path: path)
    try map.checkKeys(allowed: partitionKeys)
    let name = try map.string("name")
    let typeEntry = try map.required("node_type")
    let typeName = try map.string(of: typeEntry)
    guard let type = nodeTypes.firstIndex(where: { $0.nodeType.name == typeName }) else {
      throw map.error(typeEntry.value.lineNumber, .unknownNodeType(
        partition: name, nodeType: typeName, known: nodeTypes.map(\.nodeType.name)))
    }
    return ParsedPartition(
      name: name, nodeType: type, nodes: try map.optionalPositiveInt("nodes"),
      isDefault: try map.optionalBool("default") ?? false, line: map.line)
  }

  /// Gives the partition without `nodes` the rest of its node type, and checks
  /// that the partitions of each node type hold exactly its `count`.
  static func assignSizes(
    _ partitions: inout [ParsedPartition], nodeTypes: [ParsedNodeType], path: String
  ) throws(ConfigError) {
    for (type, parsedType) in nodeTypes.enumerated() {
      let mine = partitions.indices.filter { partitions[$0].nodeType == type }
      let open = mine.filter { partitions[$0].nodes == nil }
      let taken = mine.reduce(0) { $0 + (partitions[$1].nodes ?? 0) }
      let name = parsedType.nodeType.name
      if open.count > 1 {
        throw ConfigError(path: path, line: partitions[open[1]].line, kind: .multipleOpenPartitions(
          nodeType: name, first: partitions[open[0]].name, second: partitions[open[1]].name))
      }
      if let rest = open.first {
        guard taken < parsedType.count else {
          throw ConfigError(path: path, line: partitions[rest].line, kind: .emptyPartition(
            partition: partitions[rest].name, nodeType: name, taken: taken,
            count: parsedType.count))
        }
        partitions[rest].nodes = parsedType.count - taken
      } else if taken != parsedType.count {
        throw ConfigError(path: path, line: parsedType.countLine, kind: .partitionCoverage(
          nodeType: name, partitioned: taken, count: parsedType.count))
      }
    }
  }

  /// Contiguous node ranges in partition order; the first is the default
  /// when none is marked.
  static func layOut(_ partitions: [ParsedPartition]) -> [PartitionSpec] {
    let hasDefault = partitions.contains(where: \.isDefault)
    var next = 0
    var specs: [PartitionSpec] = []
    for (index, partition) in partitions.enumerated() {
      let size = partition.nodes ?? 0
      specs.append(PartitionSpec(
        name: partition.name, nodeType: partition.nodeType, nodes: next..<(next + size),
        isDefault: partition.isDefault || (!hasDefault && index == 0)))
      next += size
    }
    return specs
  }
}
