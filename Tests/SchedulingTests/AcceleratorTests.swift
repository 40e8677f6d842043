import Platform
@testable import Scheduling
import SimKernel
import Simulation
import Testing
import Workload

/// Replays `jobs` on node types given as ranges with accelerators per node.
func replay(
  _ jobs: [Job], nodes: Int32, policy: any SchedulingPolicy, nodeTypes: [(nodes: Range<Int32>, accelerators: Int16)],
  requests: [Int64: Int16], reservations: [AdvanceReservation] = []
) throws -> (schedule: [ScheduledJob], rejected: [Int64]) {
  let recorder = ScheduleRecorder()
  var replay = Replay(totalNodes: nodes, policy: policy, observer: recorder)
  replay.nodeTypes = nodeTypes
  replay.acceleratorRequests = requests
  replay.reservations = ReservationCalendar(reservations)
  var source = ArrayJobSource(jobs)
  try replay.run(&source)
  return (recorder.schedule.sorted { $0.id < $1.id }, recorder.rejected)
}

@Suite("Accelerator requests")
struct AcceleratorTests {
  /// 2 CPU-only nodes (0-1), then 2 nodes with 2 accelerators each (2-3).
  static let hetero: [(nodes: Range<Int32>, accelerators: Int16)] = [(0..<2, 0), (2..<4, 2)]

  @Test("an accelerator job waits for accelerator nodes even when CPU nodes are free; CPU jobs keep off them")
  func golden() throws {
    let jobs = [
      job(1, submit: 0, run: 100, nodes: 2, estimate: 100),  // accelerators: takes 2-3
      job(2, submit: 10, run: 50, nodes: 1, estimate: 50),  // CPU: node 0
      job(3, submit: 20, run: 30, nodes: 1, estimate: 30),  // accelerators: 2-3 busy until 100
      job(4, submit: 30, run: 10, nodes: 1, estimate: 10),  // CPU: node 1, beside job 2
      job(5, submit: 40, run: 10, nodes: 1, estimate: 10),  // 3 per node: no node has them
    ]
    let requests: [Int64: Int16] = [1: 1, 3: 2, 5: 3]
    // By count job 3 fits at 20 (node 1 is free); it needs an accelerator
    // node. EASY backfills job 4 past it onto the CPU node; FCFS does not.
    let easy = try replay(jobs, nodes: 4, policy: EASYBackfilling(), nodeTypes: Self.hetero, requests: requests)
    #expect(easy.schedule == [s(1, 0, 100, "2-3"), s(2, 10, 60, "0"), s(3, 100, 130, "2"), s(4, 30, 40, "1")])
    #expect(easy.rejected == [5])
    let fcfs = try replay(jobs, nodes: 4, policy: FCFSPolicy(), nodeTypes: Self.hetero, requests: requests)
    #expect(fcfs.schedule == [s(1, 0, 100, "2-3"), s(2, 10, 60, "0"), s(3, 100, 130, "2"), s(4, 100, 110, "0")])
    let conservative = try replay(
      jobs, nodes: 4, policy: ConservativeBackfilling(parameters: .unbounded), nodeTypes: Self.hetero, requests: requests)
    #expect(conservative.schedule.first { $0.id == 3 }?.nodes == "2")
    #expect(conservative.schedule.first { $0.id == 3 }?.start == 100)
  }

  @Test("over random workloads, no job runs on nodes without the accelerators it asks for", arguments: ["fcfs", "easy", "conservative"])
  func placementRespected(policyName: String) throws {
    var acceleratedJobs = 0
    for seed in ConservativePropertyTests.seeds.prefix(100) {
      let (jobs, nodes) = ConservativePropertyTests.workload(seed: seed)
      var random = SeededWorkload(seed: seed &+ 99)
      let split = Int32(1 + random.next(Int64(nodes) - 1))
      let types: [(nodes: Range<Int32>, accelerators: Int16)] = [(0..<split, 0), (split..<nodes, 4)]
      var requests: [Int64: Int16] = [:]
      for job in jobs where random.next(3) == 0 { requests[job.id] = Int16(1 + random.next(4)) }
      let result = try replay(
        jobs, nodes: nodes, policy: ReservationPropertyTests.policy(policyName), nodeTypes: types, requests: requests,
        reservations: seed % 4 == 0 ? ReservationPropertyTests.reservations(seed: seed, nodes: nodes) : [])
      let byID = Dictionary(uniqueKeysWithValues: jobs.map { ($0.id, $0) })
      for id in result.rejected {
        #expect(requests[id] != nil && byID[id]!.nodes > nodes - split, "seed \(seed): job \(id) rejected")
      }
      #expect(result.schedule.count + result.rejected.count == jobs.count, "seed \(seed)")
      for scheduled in result.schedule where requests[scheduled.id] != nil {
        acceleratedJobs += 1
        let used = NodeSet(intervalSet: Substring(scheduled.nodes))!
        #expect(used.runs.allSatisfy { $0.lower >= split }, "seed \(seed): job \(scheduled.id) on \(scheduled.nodes), split \(split)")
      }
    }
    #expect(acceleratedJobs > 500)
  }

  @Test("the requests file: header, ids, counts, duplicates, with file and line")
  func requestsFile() throws {
    let table = try JobRequestTable.parse(text: "# c\njob_id,accelerators_per_node\n 7 , 2\n8,0\r\n\n", path: "r.csv")
    #expect(table.accelerators == [7: 2])
    let cases = [
      ("job_id,gpus\n", "r.csv:1: expected the header 'job_id,accelerators_per_node', found 'job_id,gpus'"),
      ("job_id,accelerators_per_node\nx,1\n", "r.csv:2: field 'job_id' = 'x': not an integer job id"),
      ("job_id,accelerators_per_node\n1,-1\n", "r.csv:2: field 'accelerators_per_node' = '-1': not a whole number 0 ... 32767"),
      ("job_id,accelerators_per_node\n1,1\n1,2\n", "r.csv:3: job 1 is listed twice (first on line 2)"),
      ("job_id,accelerators_per_node\n1\n", "r.csv:2: expected 2 fields, found 1"),
      ("# nothing\n", "r.csv: the file has no header line"),
    ]
    for (text, message) in cases {
      #expect(throws: JobRequestError.self) { try JobRequestTable.parse(text: text, path: "r.csv") }
      do {
        _ = try JobRequestTable.parse(text: text, path: "r.csv")
      } catch {
        #expect(error.description == message)
      }
    }
  }
}
