extension Machine {
  /// The machine a trace ran on, as the trace describes it: `processors`
  /// nodes of one core each, in one default partition `all`, no storage.
  ///
  /// Peak and memory are unknown and recorded as 0. One trace processor maps
  /// to one node (`defaultCoresPerNode == 1`).
  ///
  /// - Precondition: `processors > 0`.
  /// - Complexity: O(1).
  public static func homogeneous(processors: Int, name: String) -> Machine {
    precondition(processors > 0, "a homogeneous machine needs at least one processor")
    let processor = NodeComponent(
      kind: .cpu, model: "trace processor", count: 1, cores: 1, gflops: 0)
    let nodeType = NodeType(
      name: "processor", memoryGB: 0, slurmCPUs: 1, components: [processor])
    let all = PartitionSpec(name: "all", nodeType: 0, nodes: 0..<processors, isDefault: true)
    return Machine(
      name: name, about: "\(processors) single-core nodes, as the trace describes its machine",
      nodeTypes: [nodeType], partitions: [all])
  }
}
