import Platform
import TestSupport
import Testing

/// The machine files shipped in configs/ load and add up to the published figures.
@Suite("Shipped machine configurations")
struct ShippedConfigTests {
  static func load(_ name: String) throws -> Machine {
    try Machine.load(path: TestPaths.repoRoot + "/configs/" + name)
  }

  @Test("Tianhe-2 Lvliang unit: 1,131 nodes, 220,545 cores, 3,881.592 TFLOPS, 7 PB")
  func lvliang() throws {
    let machine = try Self.load("tianhe2-lvliang.yaml")
    #expect(machine.name == "Tianhe-2 (Lvliang unit)")
    #expect(machine.nodeCount == 1131)
    #expect(machine.totalCores == 220_545)
    #expect(machine.cpuCores == 1131 * 24)
    #expect(machine.acceleratorCores == 1131 * 171)
    #expect(machine.peakTFLOPS == 3881.592)
    #expect(machine.cpuPeakTFLOPS == 477.7344)
    #expect(machine.acceleratorPeakTFLOPS == 3403.8576)
    #expect(machine.totalMemoryGB == 99_528)
    #expect(machine.cabinetCount == 9)
    #expect(machine.defaultCoresPerNode == 24)
    #expect(machine.partitions == [
      PartitionSpec(name: "batch", nodeType: 0, nodes: 0..<1131, isDefault: true)
    ])
    let storage = try #require(machine.storage)
    #expect(storage.capacityPB == 7)
    // Scaled from Tianhe-2's 100 GiB/s for 12.4 PB.
    #expect(abs(storage.bandwidthGiBs - 100 * 7 / 12.4) < 0.01)
    #expect(storage.burst == nil)
  }

  @Test("Tianhe-2 node: 195 cores, 3.432 TFLOPS, 88 GB of which 24 GB on the Phis")
  func tianhe2Node() throws {
    let node = try Self.load("tianhe2-lvliang.yaml").nodeTypes[0]
    #expect(node.cores == 195)
    #expect(node.cpuCores == 24)
    #expect(node.slurmCPUs == 24)
    #expect(node.peakGFLOPS == 3432)
    #expect(node.memoryGB == 88)
    #expect(node.hostMemoryGB == 64)
    #expect(node.deviceMemoryGB == 24)
  }

  @Test("Full Tianhe-2: 16,000 nodes, 3,120,000 cores, 54,912 TFLOPS, 125 cabinets")
  func fullTianhe2() throws {
    let machine = try Self.load("tianhe2-full.yaml")
    #expect(machine.nodeCount == 16_000)
    #expect(machine.totalCores == 3_120_000)
    #expect(machine.peakTFLOPS == 54_912)
    #expect(machine.totalMemoryGB == 1_408_000)
    #expect(machine.cabinetCount == 125)
    #expect(machine.defaultCoresPerNode == 24)
    #expect(machine.partitions.map(\.name) == ["all"])
    #expect(machine.interconnect?.contains("TH Express-2") == true)
    let storage = try #require(machine.storage)
    #expect(storage.capacityPB == 12.4)
    #expect(storage.bandwidthGiBs == 100)
    #expect(storage.burst?.bandwidthGiBs == 1024)
  }

  @Test("Tianhe-2A: 17,792 nodes, 4,981,760 cores, 94,966.5792 TFLOPS")
  func tianhe2A() throws {
    let machine = try Self.load("tianhe2a.yaml")
    #expect(machine.nodeCount == 17_792)
    #expect(machine.totalCores == 4_981_760)
    #expect(machine.peakTFLOPS == 94_966.5792)
    #expect(machine.totalMemoryGB == 3_416_064)
    #expect(machine.cabinetCount == 139)
    #expect(machine.nodeTypes[0].components.map(\.model)
      == ["Intel Xeon E5-2692 v2", "NUDT Matrix-2000"])
    #expect(machine.defaultCoresPerNode == 24)
  }
}
