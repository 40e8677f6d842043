// Per-node totals of a node type, split into host CPUs and accelerators.
// Each is a sum over `components`: O(components), a handful.

extension NodeType {
  /// Cores of the CPU sockets in one node.
  public var cpuCores: Int { cores(of: .cpu) }
  /// Cores of the accelerators in one node.
  public var acceleratorCores: Int { cores(of: .accelerator) }
  /// All cores in one node (CPU + accelerator).
  public var cores: Int { components.reduce(0) { $0 + $1.totalCores } }

  /// CPU peak of one node, in megaflops.
  public var cpuMegaflops: Int64 { megaflops(of: .cpu) }
  /// Accelerator peak of one node, in megaflops.
  public var acceleratorMegaflops: Int64 { megaflops(of: .accelerator) }
  /// Peak of one node, in megaflops.
  public var peakMegaflops: Int64 { components.reduce(0) { $0 + $1.totalMegaflops } }
  /// Peak of one node in GFLOPS.
  public var peakGFLOPS: Double { Double(peakMegaflops) / 1000 }

  /// Memory on the devices of one node (the accelerators' own memory), in GB.
  public var deviceMemoryGB: Double { components.reduce(0) { $0 + $1.totalMemoryGB } }
  /// Memory of the host (the node's memory less the devices'), in GB.
  public var hostMemoryGB: Double { memoryGB - deviceMemoryGB }

  func cores(of kind: NodeComponent.Kind) -> Int {
    components.reduce(0) { $0 + ($1.kind == kind ? $1.totalCores : 0) }
  }

  func megaflops(of kind: NodeComponent.Kind) -> Int64 {
    components.reduce(0) { $0 + ($1.kind == kind ? $1.totalMegaflops : 0) }
  }
}
