// Whole-machine totals, summed over partitions (each holds nodes of one type).
// Every property is O(partitions + components); none allocates.

extension Machine {
  /// All nodes.
  public var nodeCount: Int { partitions.reduce(0) { $0 + $1.nodeCount } }

  /// Cabinets needed for the nodes (the last one may be partly filled), or
  /// `nil` when `nodesPerCabinet` is unknown.
  public var cabinetCount: Int? {
    nodesPerCabinet.map { (nodeCount + $0 - 1) / $0 }
  }

  /// The partition that jobs naming none go to.
  public var defaultPartition: PartitionSpec {
    partitions.first(where: \.isDefault) ?? partitions[0]
  }

  /// Trace processors that map to one node when a trace is replayed on this
  /// machine: the `slurmCPUs` of the default partition's node type.
  public var defaultCoresPerNode: Int { nodeTypes[defaultPartition.nodeType].slurmCPUs }

  /// Nodes of each node type, indexed like `nodeTypes`.
  public var nodeCountByType: [Int] {
    var counts = [Int](repeating: 0, count: nodeTypes.count)
    for partition in partitions { counts[partition.nodeType] += partition.nodeCount }
    return counts
  }

  /// All cores, CPU and accelerator.
  public var totalCores: Int { sum { $0.cores } }
  /// Cores of the host CPU sockets.
  public var cpuCores: Int { sum { $0.cpuCores } }
  /// Cores of the accelerators.
  public var acceleratorCores: Int { sum { $0.acceleratorCores } }
  /// Slurm CPUs of all nodes (the cores a trace can be mapped onto).
  public var totalSlurmCPUs: Int { sum { $0.slurmCPUs } }

  /// All memory, in GB (host and device).
  public var totalMemoryGB: Double {
    zip(nodeTypes, nodeCountByType).reduce(0) { $0 + $1.0.memoryGB * Double($1.1) }
  }

  /// Peak in exact megaflops.
  public var peakMegaflops: Int64 { sum64 { $0.peakMegaflops } }
  /// Double-precision peak in TFLOPS.
  public var peakTFLOPS: Double { Double(peakMegaflops) / 1_000_000 }
  /// The CPUs' share of the peak, in TFLOPS.
  public var cpuPeakTFLOPS: Double { Double(sum64 { $0.cpuMegaflops }) / 1_000_000 }
  /// The accelerators' share of the peak, in TFLOPS.
  public var acceleratorPeakTFLOPS: Double {
    Double(sum64 { $0.acceleratorMegaflops }) / 1_000_000
  }

  /// Nodes a job of `processors` trace processors needs at `coresPerNode`
  /// processors per node (default `defaultCoresPerNode`): the ceiling of the
  /// quotient, at least 1.
  public func nodesNeeded(processors: Int, coresPerNode: Int? = nil) -> Int {
    let perNode = max(1, coresPerNode ?? defaultCoresPerNode)
    return max(1, (processors + perNode - 1) / perNode)
  }

  func sum(_ perNode: (NodeType) -> Int) -> Int {
    partitions.reduce(0) { $0 + perNode(nodeTypes[$1.nodeType]) * $1.nodeCount }
  }

  func sum64(_ perNode: (NodeType) -> Int64) -> Int64 {
    partitions.reduce(0) { $0 + perNode(nodeTypes[$1.nodeType]) * Int64($1.nodeCount) }
  }
}
