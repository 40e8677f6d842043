extension Machine {
  /// A readable, aligned description for `hpcsim machine show`.
  ///
  /// Lists the name, nodes and cabinets, cores and peak split into CPU and
  /// accelerator, memory, each node type with its components, the
  /// partitions, the storage tiers, and the cores per node used to map a
  /// trace's processors onto nodes. Ends with a newline.
  ///
  /// - Complexity: O(node types x components + partitions).
  public func summary() -> String {
    var lines: [String] = []
    func row(_ label: String, _ value: String, indent: String = "") {
      lines.append(Format.padded(indent + label, Self.labelWidth) + value)
    }
    row("Machine", name)
    if let about { row("Description", about.split(separator: "\n").joined(separator: " ")) }
    row("Nodes", nodesText)
    row("Cores", coresText)
    row("Memory", memoryText)
    row("Peak", peakText)
    if let interconnect { row("Interconnect", interconnect) }
    row("Trace mapping", traceMappingText)
    lines.append("")
    lines.append("Node types")
    for (index, nodeType) in nodeTypes.enumerated() {
      row(nodeType.name, nodeTypeText(nodeType, nodes: nodeCountByType[index]), indent: "  ")
      for component in nodeType.components {
        row(component.kind.rawValue, componentText(component), indent: "    ")
      }
    }
    lines.append("")
    lines.append("Partitions")
    for partition in partitions {
      row(partition.name + (partition.isDefault ? " (default)" : ""),
          partitionText(partition), indent: "  ")
    }
    lines.append("")
    lines.append(contentsOf: storageLines())
    return lines.joined(separator: "\n") + "\n"
  }

  /// Width of the label column.
  static let labelWidth = 22

  var nodesText: String {
    guard let perCabinet = nodesPerCabinet, let cabinets = cabinetCount else {
      return Format.grouped(nodeCount)
    }
    let last = nodeCount - (cabinets - 1) * perCabinet
    let partial = last == perCabinet ? "" : ", the last with \(Format.grouped(last))"
    return "\(Format.grouped(nodeCount)) in \(Format.grouped(cabinets)) cabinets "
      + "of \(perCabinet) nodes\(partial)"
  }

  var coresText: String {
    "\(Format.grouped(totalCores)) (\(Format.grouped(cpuCores)) CPU + "
      + "\(Format.grouped(acceleratorCores)) accelerator)"
  }

  var memoryText: String {
    guard totalMemoryGB > 0 else { return "unknown" }
    let perNode = nodeTypes.count == 1
      ? " (\(Format.decimal(nodeTypes[0].memoryGB)) GB per node)" : ""
    return "\(Format.decimal(totalMemoryGB)) GB" + perNode
  }

  var peakText: String {
    guard peakMegaflops > 0 else { return "unknown" }
    return "\(Format.decimal(peakTFLOPS)) TFLOPS (\(Format.decimal(cpuPeakTFLOPS)) CPU + "
      + "\(Format.decimal(acceleratorPeakTFLOPS)) accelerator)"
  }

  var traceMappingText: String {
    let partition = defaultPartition
    return "\(defaultCoresPerNode) cores per node (slurm_cpus of node type "
      + "'\(nodeTypes[partition.nodeType].name)', default partition '\(partition.name)')"
  }

  func nodeTypeText(_ type: NodeType, nodes: Int) -> String {
    var memory = "\(Format.decimal(type.memoryGB)) GB"
    if type.deviceMemoryGB > 0 {
      memory += " (\(Format.decimal(type.hostMemoryGB)) host + "
        + "\(Format.decimal(type.deviceMemoryGB)) on devices)"
    }
    return "\(Format.grouped(nodes)) nodes; per node \(type.cores) cores, "
      + "\(Format.decimal(type.peakGFLOPS)) GFLOPS, \(memory), slurm_cpus \(type.slurmCPUs)"
  }

  func componentText(_ component: NodeComponent) -> String {
    var text = "\(component.count) x \(component.model): \(component.cores) cores, "
      + "\(Format.decimal(component.gflops)) GFLOPS"
    if let memory = component.memoryGB { text += ", \(Format.decimal(memory)) GB" }
    return text + " each"
  }

  func partitionText(_ partition: PartitionSpec) -> String {
    "\(nodeTypes[partition.nodeType].name), \(Format.grouped(partition.nodeCount)) nodes "
      + "(\(partition.nodes.lowerBound)-\(partition.nodes.upperBound - 1))"
  }

  func storageLines() -> [String] {
    guard let storage else { return [Format.padded("Storage", Self.labelWidth) + "none"] }
    let header = storage.filesystem.map { Format.padded("Storage", Self.labelWidth) + $0 }
    var lines = [header ?? "Storage"]
    func row(_ label: String, _ value: String) {
      lines.append(Format.padded("  " + label, Self.labelWidth) + value)
    }
    row("Capacity", "\(Format.decimal(storage.capacityPB)) PB")
    row("Bandwidth", "\(Format.decimal(storage.bandwidthGiBs)) GiB/s sustained")
    if let burst = storage.burst {
      let capacity = burst.capacityTB.map { ", \(Format.decimal($0)) TB" } ?? ""
      row("Burst tier", "\(Format.decimal(burst.bandwidthGiBs)) GiB/s\(capacity)")
    } else {
      row("Burst tier", "none")
    }
    return lines
  }
}
