import Platform
import Testing

/// A trace's own machine: one single-core node per processor.
@Suite("Homogeneous machine")
struct HomogeneousMachineTests {
  @Test("N processors become N one-core nodes in one default partition")
  func shape() {
    let machine = Machine.homogeneous(processors: 240, name: "HPC2N")
    #expect(machine.name == "HPC2N")
    #expect(machine.nodeCount == 240)
    #expect(machine.totalCores == 240)
    #expect(machine.defaultCoresPerNode == 1)
    #expect(machine.nodesNeeded(processors: 17) == 17)
    #expect(machine.partitions == [
      PartitionSpec(name: "all", nodeType: 0, nodes: 0..<240, isDefault: true)
    ])
    #expect(machine.storage == nil)
    #expect(machine.cabinetCount == nil)
  }

  @Test("peak and memory are unknown, and the summary says so")
  func unknownFigures() {
    let machine = Machine.homogeneous(processors: 1, name: "one")
    #expect(machine.peakTFLOPS == 0)
    #expect(machine.totalMemoryGB == 0)
    let summary = machine.summary()
    #expect(summary.contains("Peak                  unknown\n"))
    #expect(summary.contains("Memory                unknown\n"))
    #expect(summary.contains("Storage               none\n"))
  }
}
