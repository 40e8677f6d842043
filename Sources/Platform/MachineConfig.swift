import Yams

/// The reader of machine configuration files (YAML).
///
/// The schema (full reference: docs/formats/machine.md). Keys marked * are
/// required; any key not listed is an error, at every level.
///
///     name*: Tianhe-2 (Lvliang unit)          # free text
///     description: ...                        # free text
///     interconnect: TH Express-2, fat tree    # free text
///     node_types*:                            # non-empty list
///       - name*: th2-compute                  # unique
///         count*: 1131                        # nodes of this type
///         memory_gb*: 88                      # per node, device memory included
///         slurm_cpus: 24                      # default: cores of the cpu components
///         components*:                        # non-empty list
///           - { kind*: cpu, model*: Intel Xeon E5-2692 v2, count: 2,
///               cores*: 12, gflops*: 211.2 }  # count defaults to 1
///           - { kind*: accelerator, model*: Intel Xeon Phi 31S1P, count: 3,
///               cores*: 57, gflops*: 1003.2, memory_gb: 8 }
///     cabinets: { nodes_per_cabinet*: 128 }
///     partitions:                             # default: one partition 'all'
///       - { name*: batch, node_type*: th2-compute, nodes: 1131, default: true }
///     storage:
///       filesystem: H2FS over Lustre
///       capacity_pb*: 7
///       bandwidth_gib_s*: 56.45               # sustained
///       burst: { capacity_tb: 512, bandwidth_gib_s*: 578 }
///     expected_totals: { nodes: 1131, cores: 220545, cabinets: 9,
///                        memory_gb: 99528, peak_tflops: 3881.6 }
///
/// Node counts come from the node types' `count`, only. Partitions divide
/// those nodes: each node is in exactly one partition; a partition's `nodes`
/// may be omitted on one partition per node type, which then takes the nodes
/// the others leave. Node indices are assigned in partition order, contiguous.
/// Without `partitions`, a single node type forms one default partition `all`
/// (several node types then need a `partitions` list). When no partition says
/// `default: true`, the first is the default.
///
/// `expected_totals` restates published figures; each one given must match
/// the computed total: integers exactly, `memory_gb` and `peak_tflops` within
/// 0.1%.
enum MachineConfig {
  static let topLevelKeys = [
    "name", "description", "interconnect", "node_types", "cabinets", "partitions", "storage",
    "expected_totals",
  ]

  /// Parses `yaml`, which was read from `path` (used in messages only).
  ///
  /// - Complexity: O(size of the text + partitions x node types).
  static func parse(yaml: String, path: String) throws(ConfigError) -> Machine {
    let root = try compose(yaml, path: path)
    let top = try ConfigMapping(root, key: "(document)", context: "the top level", path: path)
    try top.checkKeys(allowed: topLevelKeys)
    let name = try top.string("name")
    let about = try top.optionalString("description")
    let interconnect = try top.optionalString("interconnect")
    let nodeTypes = try parseNodeTypes(top)
    let nodesPerCabinet = try parseCabinets(top)
    let partitions = try parsePartitions(top, nodeTypes: nodeTypes)
    let storage = try parseStorage(top)
    let machine = Machine(
      name: name, about: about, nodeTypes: nodeTypes.map(\.nodeType), partitions: partitions,
      nodesPerCabinet: nodesPerCabinet, interconnect: interconnect, storage: storage)
    try checkExpectedTotals(top, machine: machine)
    return machine
  }

  /// The optional `cabinets` mapping: nodes per cabinet.
  static func parseCabinets(_ top: ConfigMapping) throws(ConfigError) -> Int? {
    guard let cabinets = try top.optionalMapping("cabinets", context: "cabinets") else {
      return nil
    }
    try cabinets.checkKeys(allowed: ["nodes_per_cabinet"])
    return try cabinets.positiveInt("nodes_per_cabinet")
  }
}
