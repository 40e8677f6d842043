import Platform
import Scheduling
import SimKernel
import Sweep
import TestSupport
import Testing
import Workload

/// Partition and QOS settings: how they are read, how bad ones are
/// reported, and how partitions become node ranges.
@Suite("Partitions and QOS limits: configuration")
struct PartitionConfigTests {
  static func machine(_ nodes: Int32) throws -> ResolvedMachine {
    try ReplayScenario(tracePath: "t.swf", processors: Int(nodes)).resolveMachine(header: SWFHeader())
  }

  static func layout(_ yaml: String, nodes: Int32 = 10) throws -> PartitionLayout? {
    var scenario = ReplayScenario(tracePath: "t.swf")
    scenario.policyConfig = try PolicyConfig.parse(policyYAML: yaml, path: "p.yaml")
    return try scenario.replayConstraints(for: try machine(nodes))?.layout
  }

  @Test("partitions that share some nodes but not all are refused, naming both")
  func partialOverlap() {
    #expect(throws: ScenarioError("p.yaml: partitions 'e' and 'a' share some nodes but not all; hpcsim models partitions whose nodes are either the same or disjoint")) {
      try Self.layout(
        """
        Partitions:
          1: { PartitionName: a, Nodes: 3 }
          default: { PartitionName: e, Nodes: ALL }
        """)
    }
  }

  @Test("node ranges and groups from counts and host lists")
  func groups() throws {
    let layout = try #require(
      try Self.layout(
        """
        Partitions:
          1: { PartitionName: a, Nodes: 3 }
          2: { PartitionName: b, Nodes: "cn[01-04]", Queues: [7, 8] }
          3: { PartitionName: c, Nodes: "cn[01-04]", PriorityTier: 5 }
          4: { PartitionName: d, Nodes: "cn05,cn06" }
        """))
    #expect(layout.partitions.map(\.nodes) == [0..<3, 3..<7, 3..<7, 7..<9])
    #expect(layout.groups == [0..<3, 3..<7, 7..<9])
    #expect(layout.groupOfPartition == [0, 1, 1, 2])
    #expect(layout.hasTiers)
    // Queue 7 maps to b whatever field 16 says; partition 9 is not listed: the first, a.
    #expect(layout.partitionIndex(queue: 7, partition: 4) == 1)
    #expect(layout.partitionIndex(queue: -1, partition: 4) == 3)
    #expect(layout.partitionIndex(queue: -1, partition: 9) == 0)
  }

  @Test("bad partition and QOS settings name the file, the line and the key")
  func badValues() {
    let cases: [(String, String)] = [
      ("Partitions:\n  1: { Nodes: 20 }\n", "p.yaml:2: partition '1': Nodes=20: only 10 of the machine's 10 nodes are left"),
      ("Partitions:\n  1:\n    Nodes: \"cn[1-x]\"\n", "p.yaml:3: 1: Nodes: 'cn[1-x]' is not a node count, a host list such as cn[001-128], or ALL"),
      ("Partitions:\n  1: { MaxTime: soon }\n", "p.yaml:2: 1: MaxTime: 'soon' is not a Slurm time (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS) or UNLIMITED"),
      ("Partitions:\n  1:\n    Queues: [1, x]\n", "p.yaml:3: partition 1: Queues: 'x' is not a queue number (SWF field 15, 0 or more)"),
      ("QOS:\n  1:\n    MaxJobsPerUser: -2\n", "p.yaml:3: QOS 1 MaxJobsPerUser: '-2' is not an integer 0 ... 2147483647"),
      ("QOS:\n  1:\n    MaxTRESPerUser: cpu=4\n", "p.yaml:3: QOS 1 MaxTRESPerUser: 'cpu=4' is not node=N (nodes per user)"),
      ("QOS:\n  1:\n    MaxWall: 4\n", "p.yaml:3: unknown key 'MaxWall' in QOS 1; expected one of: Priority, MaxJobsPerUser, MaxSubmitJobsPerUser, MaxTRESPerUser, MaxNodesPerUser"),
    ]
    for (yaml, message) in cases {
      do {
        _ = try Self.layout(yaml)
        Issue.record("accepted: \(yaml)")
      } catch {
        #expect("\(error)" == message, "\(yaml)")
      }
    }
  }

  @Test("a slurm.conf PartitionName line reads as the YAML does, and is enforced when its hosts fit the machine")
  func slurmConfPartition() throws {
    let config = try PolicyConfig.parse(
      slurmConf: "PartitionName=debug Nodes=cn[1-4] MaxTime=30 DefaultTime=10 MaxNodes=2 PriorityTier=3 Default=YES\n",
      path: "slurm.conf")
    var scenario = ReplayScenario(tracePath: "t.swf")
    scenario.policyConfig = config
    // Four hosts on a 3-node machine: the real cluster's partitions serve
    // priority only, and the report says why.
    #expect(try scenario.replayConstraints(for: try Self.machine(3)) == nil)
    let note = try scenario.enforcedPartitions(config, machine: try Self.machine(3)).note
    #expect(note?.hasPrefix("not enforced, priority only: slurm.conf:1: partition 'debug'") == true, "\(note ?? "")")
    let layout = try #require(try scenario.replayConstraints(for: try Self.machine(8))?.layout)
    let debug = layout.partitions[0]
    #expect(debug.nodes == 0..<4)
    #expect(debug.maxTime == .seconds(1_800))
    #expect(debug.defaultTime == .seconds(600))
    #expect(debug.maxNodes == 2)
    #expect(debug.priorityTier == 3)
  }

  @Test("nested slurm.conf partitions share a node group over their union; each keeps its limits")
  func slurmConfOverlaps() throws {
    let config = try PolicyConfig.parse(
      slurmConf: """
        PartitionName=batch Nodes=cn[01-06] Default=YES MaxTime=60
        PartitionName=large Nodes=cn[01-08] MinNodes=4
        PartitionName=debug Nodes=cn[07-08] MaxTime=30 MaxNodes=2 PriorityTier=2
        PartitionName=other Nodes=cn[09-10]

        """, path: "slurm.conf")
    var scenario = ReplayScenario(tracePath: "t.swf")
    scenario.policyConfig = config
    let layout = try #require(try scenario.replayConstraints(for: try Self.machine(10))?.layout)
    #expect(layout.groups == [0..<8, 8..<10])
    #expect(layout.groupOfPartition == [0, 0, 0, 1])
    #expect(layout.partitions[2].nodes == 6..<8)
    #expect(layout.partitions[2].maxNodes == 2)
    // A debug job (trace partition 3) may run anywhere in the union.
    let debugJob = Job(id: 1, submitTime: .zero, runTime: .seconds(1), estimate: .seconds(1), processors: 1, partitionNumber: 3)
    #expect(layout.nodeRange(of: debugJob) == 0..<8)
    // The YAML policy file stays strict about partial overlaps.
    var strict = config
    strict.mergesOverlappingPartitions = false
    scenario.policyConfig = strict
    #expect(throws: ScenarioError.self) { try scenario.replayConstraints(for: try Self.machine(10)) }
  }

  @Test("one unlimited partition over the whole machine and no limits: the replay's plain path")
  func trivialLayout() throws {
    #expect(try Self.layout("Partitions:\n  1: { PartitionName: all, PriorityJobFactor: 4 }\n") == nil)
  }

  @Test("allocation within a range is first fit inside it, splitting free runs")
  func poolWithinRange() {
    var pool = NodePool(totalNodes: 10)
    #expect(pool.allocate(2, within: 4..<8) == NodeSet(run: NodeRun(4, 5)))
    #expect(pool.freeCount == 8)
    #expect(pool.freeCount(in: 4..<8) == 2)
    #expect(pool.allocate(1, within: 0..<3) == NodeSet(run: NodeRun(0, 0)))
    #expect(pool.allocate(2, within: 4..<8) == NodeSet(run: NodeRun(6, 7)))
    pool.release(NodeSet(run: NodeRun(4, 4)))
    pool.release(NodeSet(run: NodeRun(7, 7)))
    // Free in 4..<8: 4 and 7, not adjacent: the lowest nodes across runs.
    #expect(pool.allocate(2, within: 4..<8) == NodeSet(canonicalRuns: [NodeRun(4, 4), NodeRun(7, 7)]))
    #expect(pool.freeCount == 5)
    #expect(pool.freeNodes == NodeSet(canonicalRuns: [NodeRun(1, 3), NodeRun(8, 9)]))
  }
}
