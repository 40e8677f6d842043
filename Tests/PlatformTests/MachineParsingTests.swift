import Platform
import TestSupport
import Testing

/// How a configuration becomes a machine: counts, partitions, defaults.
@Suite("Machine configuration parsing")
struct MachineParsingTests {
  @Test("partitions get contiguous node ranges in list order; one may take the rest")
  func partitionLayout() throws {
    let machine = try Machine.load(path: TestPaths.fixture("machines/two-types.yaml"))
    #expect(machine.partitions == [
      PartitionSpec(name: "batch", nodeType: 0, nodes: 0..<8, isDefault: false),
      PartitionSpec(name: "gpu", nodeType: 1, nodes: 8..<10, isDefault: false),
      PartitionSpec(name: "debug", nodeType: 0, nodes: 10..<12, isDefault: true),
    ])
    #expect(machine.nodeCountByType == [10, 2])
    #expect(machine.defaultPartition.name == "debug")
  }

  @Test("totals of a heterogeneous machine, exact to the megaflop")
  func heterogeneousTotals() throws {
    let machine = try Machine.load(path: TestPaths.fixture("machines/two-types.yaml"))
    #expect(machine.nodeCount == 12)
    #expect(machine.totalCores == 832)
    #expect(machine.cpuCores == 12 * 16)
    #expect(machine.acceleratorCores == 2 * 320)
    #expect(machine.peakTFLOPS == 58.412)
    #expect(machine.totalMemoryGB == 960)
    #expect(machine.cabinetCount == 3)
    #expect(machine.totalSlurmCPUs == 10 * 16 + 2 * 32)
    #expect(machine.nodeTypes[1].hostMemoryGB == 96)
    #expect(machine.storage == StorageSpec(
      capacityPB: 0.5, bandwidthGiBs: 10,
      burst: BurstTierSpec(capacityTB: 20, bandwidthGiBs: 80.25)))
  }

  @Test("trace mapping uses slurm_cpus of the default partition's node type")
  func coresPerNodeFollowsDefaultPartition() throws {
    let machine = try Machine.load(path: TestPaths.fixture("machines/two-types.yaml"))
    #expect(machine.defaultCoresPerNode == 16)  // 'debug' holds compute nodes: 2 x 8 cores
    #expect(machine.nodesNeeded(processors: 33) == 3)
    #expect(machine.nodesNeeded(processors: 32) == 2)
    #expect(machine.nodesNeeded(processors: 1) == 1)
    #expect(machine.nodesNeeded(processors: 64, coresPerNode: 32) == 2)
  }

  @Test("without partitions, one node type forms the default partition 'all'")
  func defaultPartition() throws {
    let machine = try Machine.load(path: TestPaths.fixture("machines/minimal.yaml"))
    #expect(machine.partitions == [
      PartitionSpec(name: "all", nodeType: 0, nodes: 0..<3, isDefault: true)
    ])
    #expect(machine.nodeTypes[0].components[0].count == 1)  // count defaults to 1
    #expect(machine.defaultCoresPerNode == 4)  // slurm_cpus defaults to the CPU cores
    #expect(machine.storage == nil)
    #expect(machine.nodesPerCabinet == nil)
    #expect(machine.cabinetCount == nil)
  }

  @Test("slurm_cpus defaults to all cores when a node type has no CPU component")
  func slurmCPUsWithoutCPU() throws {
    let yaml = """
      name: Accelerator only
      node_types:
        - name: a
          count: 1
          memory_gb: 1
          components: [{ kind: accelerator, model: A, count: 2, cores: 5, gflops: 1 }]
      """
    #expect(try Machine.parse(yaml: yaml, path: "a.yaml").defaultCoresPerNode == 10)
  }

  @Test("the first partition is the default when none is marked; underscores group digits")
  func firstPartitionIsDefault() throws {
    let yaml = """
      name: Grouped digits
      node_types:
        - { name: n, count: 1_000, memory_gb: 2, components: [{ kind: cpu, model: C, cores: 2, gflops: 1.5 }] }
      partitions:
        - { name: small, node_type: n, nodes: 100 }
        - { name: large, node_type: n }
      expected_totals: { nodes: 1_000, cores: 2000, peak_tflops: 1.5 }
      """
    let machine = try Machine.parse(yaml: yaml, path: "g.yaml")
    #expect(machine.partitions.map(\.isDefault) == [true, false])
    #expect(machine.partitions[1].nodes == 100..<1000)
  }

  @Test("expected_totals within 0.1% is accepted")
  func toleranceAccepted() throws {
    let yaml = """
      name: T
      node_types:
        - { name: n, count: 1000, memory_gb: 1, components: [{ kind: cpu, model: C, cores: 1, gflops: 1000 }] }
      expected_totals: { peak_tflops: 1000.9, memory_gb: 999.1 }
      """
    #expect(try Machine.parse(yaml: yaml, path: "t.yaml").peakTFLOPS == 1000)
  }
}
