import Platform

extension ReplayScenario {
  /// The accelerator requests of `jobRequestsPath` and the machine's node
  /// types as node ranges with accelerators per node (none on a trace's own
  /// machine, whose nodes have no accelerators).
  ///
  /// - Throws: `JobRequestError` naming the file, line and field.
  func acceleratorSetup(
    for machine: ResolvedMachine
  ) throws -> (requests: [Int64: Int16], nodeTypes: [(nodes: Range<Int32>, accelerators: Int16)])? {
    guard let path = jobRequestsPath else { return nil }
    let table = try JobRequestTable.load(path: path)
    var types: [(nodes: Range<Int32>, accelerators: Int16)] = []
    if let config = machine.machine {
      for partition in config.partitions {
        let accelerators = config.nodeTypes[partition.nodeType].components
          .filter { $0.kind == .accelerator }.reduce(0) { $0 + $1.count }
        types.append((Int32(partition.nodes.lowerBound)..<Int32(partition.nodes.upperBound), Int16(clamping: accelerators)))
      }
    }
    return (table.accelerators, types)
  }
}
