import Yams

extension MachineConfig {
  /// A node type as read, with its node count and the lines of its keys.
  struct ParsedNodeType {
    var nodeType: NodeType
    var count: Int
    /// Line of `count`, where coverage errors point.
    var countLine: Int
  }

  static let nodeTypeKeys = ["name", "count", "memory_gb", "slurm_cpus", "components"]
  static let componentKeys = ["kind", "model", "count", "cores", "gflops", "memory_gb"]

  /// The `node_types` list: unique names, positive counts, non-empty components.
  static func parseNodeTypes(_ top: ConfigMapping) throws(ConfigError) -> [ParsedNodeType] {
    var parsed: [ParsedNodeType] = []
    for (index, node) in try top.list("node_types").enumerated() {
      let type = try parseNodeType(node, index: index, path: top.path)
      if parsed.contains(where: { $0.nodeType.name == type.nodeType.name }) {
        throw ConfigError(
          path: top.path, line: node.lineNumber,
          kind: .duplicateName(what: "node type", name: type.nodeType.name))
      }
      parsed.append(type)
    }
    return parsed
  }

  static func parseNodeType(_ node: Node, index: Int, path: String)
    throws(ConfigError) -> ParsedNodeType
  {
    let label = (node["name"]?.scalarText).map { "node type '\($0)'" }
      ?? "node type #\(index + 1)"
    let map = try ConfigMapping(node, key: "node_types", context: label, path: path)
    try map.checkKeys(allowed: nodeTypeKeys)
    let name = try map.string("name")
    let count = try map.required("count")
    let nodeCount = try map.positiveInt(of: count)
    let memory = try map.required("memory_gb")
    let memoryGB = try map.positiveNumber(of: memory)
    let slurmCPUs = try map.optionalPositiveInt("slurm_cpus")
    var components: [NodeComponent] = []
    for (position, item) in try map.list("components").enumerated() {
      components.append(try parseComponent(item, in: label, position: position, path: path))
    }
    let nodeType = NodeType(
      name: name, memoryGB: memoryGB, slurmCPUs: slurmCPUs, components: components)
    if nodeType.deviceMemoryGB > nodeType.memoryGB {
      throw map.error(memory.value.lineNumber, .deviceMemoryExceedsNode(
        nodeType: name, devices: Format.decimal(nodeType.deviceMemoryGB),
        node: Format.decimal(nodeType.memoryGB)))
    }
    return ParsedNodeType(nodeType: nodeType, count: nodeCount, countLine: count.value.lineNumber)
  }

  static func parseComponent(_ node: Node, in label: String, position: Int, path: String)
    throws(ConfigError) -> NodeComponent
  {
    let map = try ConfigMapping(
      node, key: "components", context: "component #\(position + 1) of \(label)", path: path)
    try map.checkKeys(allowed: componentKeys)
    let kind = try map.oneOf("kind", NodeComponent.Kind.allCases.map(\.rawValue))
    return NodeComponent(
      kind: NodeComponent.Kind(rawValue: kind) ?? .cpu,
      model: try map.string("model"),
      count: try map.optionalPositiveInt("count") ?? 1,
      cores: try map.positiveInt("cores"),
      gflops: try map.positiveNumber("gflops"),
      memoryGB: try map.optionalPositiveNumber("memory_gb"))
  }
}
