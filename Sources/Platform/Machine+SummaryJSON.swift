extension Machine {
  /// The summary as JSON, for scripts: keys in a fixed order, 2-space
  /// indentation, numbers without exponents, absent values as `null`.
  ///
  /// Top-level keys, in order: `name`, `description`, `nodes`, `cabinets`,
  /// `nodes_per_cabinet`, `cores` {total, cpu, accelerator}, `memory_gb`,
  /// `peak_tflops` {total, cpu, accelerator}, `interconnect`,
  /// `cores_per_node_for_trace_mapping`, `node_types`, `partitions`,
  /// `storage`. Ends with a newline.
  public func summaryJSON() -> String {
    let value: JSONValue = .object([
      ("name", .string(name)),
      ("description", about.map(JSONValue.string) ?? .null),
      ("nodes", .int(nodeCount)),
      ("cabinets", cabinetCount.map(JSONValue.int) ?? .null),
      ("nodes_per_cabinet", nodesPerCabinet.map(JSONValue.int) ?? .null),
      ("cores", .object([
        ("total", .int(totalCores)), ("cpu", .int(cpuCores)),
        ("accelerator", .int(acceleratorCores)),
      ])),
      ("memory_gb", .number(totalMemoryGB)),
      ("peak_tflops", .object([
        ("total", .number(peakTFLOPS)), ("cpu", .number(cpuPeakTFLOPS)),
        ("accelerator", .number(acceleratorPeakTFLOPS)),
      ])),
      ("interconnect", interconnect.map(JSONValue.string) ?? .null),
      ("cores_per_node_for_trace_mapping", .int(defaultCoresPerNode)),
      ("node_types", .array(nodeTypes.indices.map(nodeTypeJSON))),
      ("partitions", .array(partitions.map(partitionJSON))),
      ("storage", storage.map(Self.storageJSON) ?? .null),
    ])
    return value.rendered(indent: "") + "\n"
  }

  func nodeTypeJSON(_ index: Int) -> JSONValue {
    let type = nodeTypes[index]
    return .object([
      ("name", .string(type.name)), ("nodes", .int(nodeCountByType[index])),
      ("cores", .int(type.cores)), ("slurm_cpus", .int(type.slurmCPUs)),
      ("memory_gb", .number(type.memoryGB)), ("host_memory_gb", .number(type.hostMemoryGB)),
      ("peak_gflops", .number(type.peakGFLOPS)),
      ("components", .array(type.components.map { component in
        .object([
          ("kind", .string(component.kind.rawValue)), ("model", .string(component.model)),
          ("count", .int(component.count)), ("cores", .int(component.cores)),
          ("gflops", .number(component.gflops)),
          ("memory_gb", component.memoryGB.map(JSONValue.number) ?? .null),
        ])
      })),
    ])
  }

  func partitionJSON(_ partition: PartitionSpec) -> JSONValue {
    .object([
      ("name", .string(partition.name)),
      ("node_type", .string(nodeTypes[partition.nodeType].name)),
      ("nodes", .int(partition.nodeCount)), ("first_node", .int(partition.nodes.lowerBound)),
      ("last_node", .int(partition.nodes.upperBound - 1)), ("default", .bool(partition.isDefault)),
    ])
  }

  static func storageJSON(_ storage: StorageSpec) -> JSONValue {
    .object([
      ("filesystem", storage.filesystem.map(JSONValue.string) ?? .null),
      ("capacity_pb", .number(storage.capacityPB)),
      ("bandwidth_gib_s", .number(storage.bandwidthGiBs)),
      ("burst", storage.burst.map { burst in
        .object([
          ("capacity_tb", burst.capacityTB.map(JSONValue.number) ?? .null),
          ("bandwidth_gib_s", .number(burst.bandwidthGiBs)),
        ])
      } ?? .null),
    ])
  }
}

/// A JSON value with ordered object keys, rendered deterministically.
enum JSONValue {
  case object([(String, JSONValue)])
  case array([JSONValue])
  case string(String)
  case int(Int)
  case number(Double)
  case bool(Bool)
  case null

  /// Pretty-printed with 2-space indentation; `indent` is the current one.
  func rendered(indent: String) -> String {
    let inner = indent + "  "
    switch self {
    case .object(let members):
      if members.isEmpty { return "{}" }
      let body = members.map {
        inner + Format.jsonString($0.0) + ": " + $0.1.rendered(indent: inner)
      }
      return "{\n" + body.joined(separator: ",\n") + "\n" + indent + "}"
    case .array(let items):
      if items.isEmpty { return "[]" }
      let body = items.map { inner + $0.rendered(indent: inner) }
      return "[\n" + body.joined(separator: ",\n") + "\n" + indent + "]"
    case .string(let text): return Format.jsonString(text)
    case .int(let value): return String(value)
    case .number(let value): return Format.jsonNumber(value)
    case .bool(let value): return value ? "true" : "false"
    case .null: return "null"
    }
  }
}
