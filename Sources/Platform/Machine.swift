/// A machine to replay workloads on: its node types, partitions and storage.
///
/// Nodes are numbered `0..<nodeCount`. Each partition owns a contiguous range
/// of them, assigned in the order the partitions are listed; partitions do not
/// overlap and together hold every node. Each partition has one node type.
///
/// A machine comes from a YAML file (`load(path:)`, format in
/// docs/formats/machine.md) or, for a trace replayed on its own machine, from
/// `homogeneous(processors:name:)`.
///
///     let machine = try Machine.load(path: "configs/tianhe2-lvliang.yaml")
///     machine.nodeCount            // 1131
///     machine.peakTFLOPS           // 3881.592
///     machine.defaultCoresPerNode  // 24: trace processors per node
public struct Machine: Sendable, Equatable {
  /// The machine's name, e.g. `Tianhe-2 (Lvliang unit)`.
  public var name: String
  /// Free text describing the machine and its sources, or `nil`.
  public var about: String?
  /// The kinds of node, referred to by index from `partitions`.
  public var nodeTypes: [NodeType]
  /// The partitions, in node order: contiguous, non-overlapping, covering all nodes.
  public var partitions: [PartitionSpec]
  /// Nodes per cabinet, or `nil` when the configuration does not say.
  public var nodesPerCabinet: Int?
  /// The interconnect, as free text (e.g. `TH Express-2, fat tree`), or `nil`.
  public var interconnect: String?
  /// The shared file system, or `nil` when it is not modelled.
  public var storage: StorageSpec?

  /// A machine from its parts.
  ///
  /// - Precondition: `partitions` is non-empty, its ranges are contiguous from
  ///   node 0, each refers to an existing node type, and exactly one is the
  ///   default. Configuration files are checked with readable errors instead;
  ///   this initializer is for programs building a machine.
  public init(
    name: String, about: String? = nil, nodeTypes: [NodeType], partitions: [PartitionSpec],
    nodesPerCabinet: Int? = nil, interconnect: String? = nil, storage: StorageSpec? = nil
  ) {
    precondition(!partitions.isEmpty, "a machine needs at least one partition")
    var next = 0
    for partition in partitions {
      precondition(partition.nodes.lowerBound == next && !partition.nodes.isEmpty,
                   "partition \(partition.name) must start at node \(next) and be non-empty")
      precondition(nodeTypes.indices.contains(partition.nodeType),
                   "partition \(partition.name) refers to node type \(partition.nodeType)")
      next = partition.nodes.upperBound
    }
    precondition(partitions.filter(\.isDefault).count == 1, "exactly one default partition")
    precondition(nodesPerCabinet.map { $0 > 0 } ?? true, "nodesPerCabinet must be positive")
    self.name = name
    self.about = about
    self.nodeTypes = nodeTypes
    self.partitions = partitions
    self.nodesPerCabinet = nodesPerCabinet
    self.interconnect = interconnect
    self.storage = storage
  }
}

/// A named set of nodes of one type that jobs are submitted to.
public struct PartitionSpec: Sendable, Equatable {
  /// The partition's name, e.g. `batch`.
  public var name: String
  /// Index into `Machine.nodeTypes`.
  public var nodeType: Int
  /// The node indices this partition owns (contiguous).
  public var nodes: Range<Int>
  /// Whether jobs that name no partition go here.
  public var isDefault: Bool

  public init(name: String, nodeType: Int, nodes: Range<Int>, isDefault: Bool) {
    self.name = name
    self.nodeType = nodeType
    self.nodes = nodes
    self.isDefault = isDefault
  }

  /// Nodes in the partition.
  public var nodeCount: Int { nodes.count }
}
