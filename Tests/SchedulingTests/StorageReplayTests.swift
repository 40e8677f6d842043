import Platform
import Scheduling
import SimKernel
import Simulation
import Sweep
import TestSupport
import Testing
import Workload

/// Replays `jobs` on `nodes` nodes with a storage tier of `capacity` bytes at
/// `bandwidth` B/s, the demands given by job id; returns the schedule (by
/// job id) and the storage summary.
private func replayWithStorage(
  _ jobs: [Job], nodes: Int32, policy: any SchedulingPolicy, capacity: Int64, bandwidth: Int64,
  retention: Int64 = 0, demands: [Int64: IODemand]
) throws -> (schedule: [ScheduledJob], rejected: [Int64], storage: StorageSummary) {
  let recorder = ScheduleRecorder()
  let setup = ReplayStorageSetup(
    model: StagingModel(
      tier: StorageTier(capacity: capacity, bandwidth: bandwidth), retention: .seconds(retention))
  ) { demands[$0.id] ?? .none }
  var replay = Replay(totalNodes: nodes, policy: policy, observer: recorder, storage: setup)
  var source = ArrayJobSource(jobs)
  try replay.run(&source)
  let summary = try #require(replay.storageSummary)
  return (recorder.schedule.sorted { $0.id < $1.id }, recorder.rejected, summary)
}

@Suite("Replays with a storage tier")
struct StorageReplayTests {
  @Test("a job whose data does not fit waits (StorageCapacity) and starts exactly when space frees")
  func capacityBlocked() throws {
    // A holds 800 of 1000 B: stage-in 0-1 s, computes 1-11 s (nodes free at
    // 11), stages out 11-12 s, releases its space at 12. B needs 300 B.
    let jobs = [job(1, submit: 0, run: 10, nodes: 1), job(2, submit: 1, run: 5, nodes: 1)]
    let demands: [Int64: IODemand] = [
      1: IODemand(inputBytes: 100, outputBytes: 100, scratchBytes: 600),
      2: IODemand(inputBytes: 100, scratchBytes: 200),
    ]
    let run = try replayWithStorage(
      jobs, nodes: 4, policy: FCFSPolicy(), capacity: 1_000, bandwidth: 100, demands: demands)
    #expect(run.schedule == [s(1, 0, 11, "0"), s(2, 12, 18, "0")])
    #expect(run.storage.jobsDelayedByCapacity == 1)
    #expect(run.storage.capacityWait == .seconds(11))
    // With 5 s of retention, A's space frees at 17.
    let retained = try replayWithStorage(
      jobs, nodes: 4, policy: FCFSPolicy(), capacity: 1_000, bandwidth: 100, retention: 5, demands: demands)
    #expect(retained.schedule == [s(1, 0, 11, "0"), s(2, 17, 23, "0")])
    #expect(retained.storage.capacityWait == .seconds(16))
  }

  @Test("the first job refused for space keeps its claim: a later small job does not overtake it")
  func storageHead() throws {
    let jobs = [
      job(1, submit: 0, run: 10, nodes: 1), job(2, submit: 1, run: 5, nodes: 1), job(3, submit: 2, run: 5, nodes: 1),
    ]
    let demands: [Int64: IODemand] = [
      1: IODemand(inputBytes: 100, outputBytes: 100, scratchBytes: 600),
      2: IODemand(scratchBytes: 600),
      3: IODemand(scratchBytes: 100),  // fits in the 200 B free, but job 2 claims them
    ]
    let run = try replayWithStorage(
      jobs, nodes: 4, policy: EASYBackfilling(), capacity: 1_000, bandwidth: 100, demands: demands)
    #expect(run.schedule == [s(1, 0, 11, "0"), s(2, 12, 17, "0"), s(3, 12, 17, "1")])
    #expect(run.storage.jobsDelayedByCapacity == 2)
    #expect(run.storage.capacityWait == .seconds(11 + 10))
  }

  @Test("EASY plans with the staging estimate: a job ending before the stage-in-lengthened shadow backfills")
  func easyStagingEstimate() throws {
    // A (2 nodes, 10 s) stages in 200 B at 100 B/s: estimated end 12, not 10.
    // B needs all 3 nodes; C (1 node, 11 s) ends by 11 <= 12 and backfills.
    let jobs = [
      job(1, submit: 0, run: 10, nodes: 2), job(2, submit: 0, run: 5, nodes: 3), job(3, submit: 0, run: 11, nodes: 1),
    ]
    let run = try replayWithStorage(
      jobs, nodes: 3, policy: EASYBackfilling(), capacity: 10_000, bandwidth: 100,
      demands: [1: IODemand(inputBytes: 200)])
    #expect(run.schedule == [s(1, 0, 12, "0-1"), s(2, 12, 17, "0-2"), s(3, 0, 11, "2")])
    // Without storage the shadow is 10 and C must wait behind B.
    let plain = try replay(jobs, nodes: 3, policy: EASYBackfilling())
    #expect(plain == [s(1, 0, 10, "0-1"), s(2, 10, 15, "0-2"), s(3, 15, 26, "0")])
  }

  @Test("jobs without I/O demands replay exactly as without storage")
  func zeroDemands() throws {
    var jobs: [Job] = []
    for i in 0..<60 {
      let submit = Int64(i * 7 % 50)
      let run = Int64(5 + i * 13 % 40)
      let estimate = run + Int64(i % 3) * 10
      jobs.append(job(Int64(i), submit: submit, run: run, nodes: Int32(1 + i % 5), estimate: estimate))
    }
    jobs.sort { $0.submitTime != $1.submitTime ? $0.submitTime < $1.submitTime : $0.id < $1.id }
    for policy in [EASYBackfilling() as any SchedulingPolicy, FCFSPolicy()] {
      let plain = try replay(jobs, nodes: 8, policy: policy)
      let stored = try replayWithStorage(jobs, nodes: 8, policy: policy, capacity: 1, bandwidth: 1, demands: [:])
      #expect(stored.schedule == plain)
      #expect(stored.storage.tier.bytesTransferred == 0)
    }
  }

  @Test("a job larger than the whole tier is rejected at submission")
  func tooLarge() throws {
    let jobs = [job(1, submit: 0, run: 10, nodes: 1), job(2, submit: 0, run: 10, nodes: 1)]
    let run = try replayWithStorage(
      jobs, nodes: 2, policy: FCFSPolicy(), capacity: 1_000, bandwidth: 100,
      demands: [2: IODemand(scratchBytes: 1_001)])
    #expect(run.rejected == [2])
    #expect(run.storage.jobsRejectedForCapacity == 1)
    #expect(run.schedule == [s(1, 0, 10, "0")])
  }

  @Test("conservation over a seeded workload: bytes in + checkpoints + out = bytes moved; reserved = released")
  func conservation() throws {
    var generator = SeededGenerator(seed: 11)
    var jobs: [Job] = []
    var demands: [Int64: IODemand] = [:]
    var submit: Int64 = 0
    for id in 1...300 {
      submit += Int64(generator.next() % 40)
      let run = Int64(1 + generator.next() % 300)
      jobs.append(job(Int64(id), submit: submit, run: run, nodes: Int32(1 + generator.next() % 6), estimate: run * 2))
      demands[Int64(id)] = IODemand(
        inputBytes: Int64(generator.next() % 5_000), outputBytes: Int64(generator.next() % 8_000),
        scratchBytes: Int64(generator.next() % 3_000),
        checkpointBytes: id % 4 == 0 ? Int64(generator.next() % 2_000) : 0, checkpointInterval: .seconds(50))
    }
    let first = try replayWithStorage(
      jobs, nodes: 16, policy: EASYBackfilling(), capacity: 40_000, bandwidth: 1_000, retention: 20, demands: demands)
    let again = try replayWithStorage(
      jobs, nodes: 16, policy: EASYBackfilling(), capacity: 40_000, bandwidth: 1_000, retention: 20, demands: demands)
    #expect(first.schedule == again.schedule)
    #expect(first.storage == again.storage)
    #expect(first.schedule.count == 300)
    let tier = first.storage.tier
    let staging = first.storage.staging
    #expect(staging.inputBytes == demands.values.reduce(0) { $0 + $1.inputBytes })
    #expect(staging.outputBytes == demands.values.reduce(0) { $0 + $1.outputBytes })
    #expect(tier.bytesTransferred == staging.inputBytes + staging.checkpointBytes + staging.outputBytes)
    #expect(tier.bytesReserved == demands.values.reduce(0) { $0 + $1.footprint })
    #expect(tier.bytesReleased == tier.bytesReserved)
    #expect(tier.peakReserved <= 40_000)
    #expect(first.storage.jobsDelayedByCapacity > 0)  // 40 kB is tight for this load
  }

  @Test("a scenario with the demands fixture: the report's storage section")
  func scenarioReport() throws {
    var scenario = ReplayScenario(tracePath: TestPaths.fixture("golden/tiny.swf"), policy: .easy)
    scenario.storage.demandsPath = TestPaths.fixture("storage/tiny-demands.csv")
    scenario.storage.capacityPB = 0.001  // 1 TB
    scenario.storage.bandwidthGiBs = 1
    let report = try scenario.run()
    let storage = try #require(report.storage)
    #expect(storage.capacity == 1_000_000_000_000)
    #expect(storage.staging.inputBytes == 250_000_000)
    #expect(storage.staging.outputBytes == 1_200_000_000)
    #expect(storage.staging.checkpoints == 3)  // job 4: 200 s of computing, every 60 s
    #expect(storage.staging.checkpointBytes == 150_000_000)
    #expect(storage.jobsWithDemand == 3)
    let json = report.jsonValue().rendered()
    #expect(json.contains("\"bytes_staged_in\": 250000000"))
    #expect(json.contains("\"io_demands\": \"\(TestPaths.fixture("storage/tiny-demands.csv"))\""))
    #expect(report.renderText().contains("capacity waits"))
  }
}
