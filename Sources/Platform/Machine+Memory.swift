extension Machine {
  /// Host memory of one node of the default partition's node type, in KB
  /// (1 GB = 1,048,576 KB, as SWF's memory fields count): the node's
  /// `memory_gb` less its accelerators' own memory, which host processes
  /// cannot use. 64 GB = 67,108,864 KB on a Tianhe-2 node. Jobs' requested
  /// memory (SWF field 10) is placed against it (`JobAdmission.nodeMemoryKB`).
  ///
  /// - Complexity: O(components).
  public var defaultNodeMemoryKB: Int64 {
    let type = nodeTypes[defaultPartition.nodeType]
    return Int64((type.hostMemoryGB * 1_048_576).rounded(.down))
  }
}
