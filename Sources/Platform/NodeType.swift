/// One kind of compute node: its processors, accelerators and memory.
///
/// A Tianhe-2 node, for example, is two 12-core Xeon E5-2692 v2 sockets and
/// three 57-core Xeon Phi 31S1P cards: 195 cores, 3,432 GFLOPS, 88 GB.
///
/// Peak rates are kept exactly, as whole megaflops (10^6 floating-point
/// operations per second, double precision), so that totals over thousands of
/// nodes carry no rounding error: 1,131 such nodes are exactly 3,881.592 TFLOPS.
public struct NodeType: Sendable, Equatable {
  /// The name partitions refer to, e.g. `th2-compute`.
  public var name: String
  /// All memory in one node, in GB, including the accelerators' own memory.
  public var memoryGB: Double
  /// The CPUs Slurm reports for one node: by default the cores of the CPU
  /// sockets (24 on Tianhe-2, whose accelerator cores Slurm does not count).
  /// A trace replayed on this machine maps this many processors to one node.
  public var slurmCPUs: Int
  /// The devices of one node, in the order the configuration lists them.
  public var components: [NodeComponent]

  /// A node type; `slurmCPUs` defaults to `defaultSlurmCPUs(components)`.
  ///
  /// - Precondition: `slurmCPUs`, when given, is positive.
  public init(name: String, memoryGB: Double, slurmCPUs: Int? = nil, components: [NodeComponent]) {
    precondition(slurmCPUs.map { $0 > 0 } ?? true, "slurmCPUs must be positive")
    self.name = name
    self.memoryGB = memoryGB
    self.components = components
    self.slurmCPUs = slurmCPUs ?? Self.defaultSlurmCPUs(components)
  }

  /// The cores of the CPU components, or of all components when there is no
  /// CPU (at least 1).
  public static func defaultSlurmCPUs(_ components: [NodeComponent]) -> Int {
    let cpu = components.filter { $0.kind == .cpu }.reduce(0) { $0 + $1.totalCores }
    if cpu > 0 { return cpu }
    return max(1, components.reduce(0) { $0 + $1.totalCores })
  }
}

/// `count` identical devices of one model inside a node.
public struct NodeComponent: Sendable, Equatable {
  /// Whether a device is a host processor or an accelerator.
  public enum Kind: String, Sendable, CaseIterable {
    case cpu
    case accelerator
  }

  /// Host processor or accelerator.
  public var kind: Kind
  /// The model name, e.g. `Intel Xeon E5-2692 v2`.
  public var model: String
  /// Devices of this model in one node.
  public var count: Int
  /// Cores of one device.
  public var cores: Int
  /// Double-precision peak of one device, in whole megaflops.
  public var megaflops: Int64
  /// The device's own memory in GB (accelerators), counted in the node's memory.
  public var memoryGB: Double?

  /// A component; `gflops` is rounded to the nearest megaflop.
  public init(
    kind: Kind, model: String, count: Int, cores: Int, gflops: Double, memoryGB: Double? = nil
  ) {
    self.kind = kind
    self.model = model
    self.count = count
    self.cores = cores
    self.megaflops = Int64((gflops * 1000).rounded())
    self.memoryGB = memoryGB
  }

  /// Peak of one device in GFLOPS.
  public var gflops: Double { Double(megaflops) / 1000 }
  /// Cores of all `count` devices.
  public var totalCores: Int { count * cores }
  /// Peak of all `count` devices, in megaflops.
  public var totalMegaflops: Int64 { Int64(count) * megaflops }
  /// Memory of all `count` devices in GB (0 when not stated).
  public var totalMemoryGB: Double { Double(count) * (memoryGB ?? 0) }
}
