import Platform
import SimKernel
import Testing

/// Drives `model` until nothing is left, starting `jobs` at their times, and
/// returns every event with the second (µs) it happened at.
private func run(
  _ model: inout StagingModel,
  jobs: [(at: Int64, slot: Int32, demand: IODemand, compute: Int64, cap: Int64?)]
) -> [(time: Int64, event: StagingModel.Event)] {
  var pending = jobs.sorted { $0.at < $1.at }
  var log: [(Int64, StagingModel.Event)] = []
  var events: [StagingModel.Event] = []
  while true {
    let now = model.clock.microseconds
    let next = [model.nextEventTime(now: model.clock)?.microseconds, pending.first?.at].compactMap { $0 }.min()
    guard let next else { break }
    model.advance(by: SimTime(microseconds: next - now))
    while let job = pending.first, job.at == next {
      model.start(
        slot: job.slot, nodes: 1, demand: job.demand, compute: SimTime(microseconds: job.compute), cap: job.cap)
      pending.removeFirst()
    }
    events.removeAll()
    model.takeEvents(into: &events)
    for event in events { log.append((next, event)) }
  }
  return log
}

private let second: Int64 = 1_000_000

@Suite("Staging model: stage-in, checkpoints, stage-out, retention")
struct StagingModelTests {
  @Test("one job: 1 s stage-in, 10 s compute, 2 s stage-out; nodes free at 11 s, space at 13 s")
  func oneJob() {
    var model = StagingModel(tier: StorageTier(capacity: 1_000, bandwidth: 100))
    let demand = IODemand(inputBytes: 100, outputBytes: 200, scratchBytes: 50)
    let log = run(&model, jobs: [(0, 7, demand, 10 * second, nil)])
    #expect(log.map(\.time) == [11 * second, 13 * second])
    #expect(log.map(\.event) == [.computeFinished(slot: 7), .spaceReleased(bytes: 350)])
    #expect(model.tier.statistics.peakReserved == 350)
    #expect(model.statistics.stageInTime == 1 * second)
    #expect(model.statistics.stageOutTime == 2 * second)
    #expect(model.statistics.meanIOSlowdown == 1.1)  // (1 + 10) / 10
  }

  @Test("retention keeps the reservation 5 s after the stage-out")
  func retention() {
    var model = StagingModel(tier: StorageTier(capacity: 1_000, bandwidth: 100), retention: .seconds(5))
    let log = run(&model, jobs: [(0, 1, IODemand(inputBytes: 100, outputBytes: 200), 10 * second, nil)])
    #expect(log.map(\.time) == [11 * second, 18 * second])
  }

  @Test("checkpoints every 10 s of a 25 s job: two checkpoints of 1 s, nodes free at 28 s")
  func checkpoints() {
    var model = StagingModel(tier: StorageTier(capacity: 1_000, bandwidth: 100))
    let demand = IODemand(inputBytes: 100, checkpointBytes: 100, checkpointInterval: .seconds(10))
    #expect(demand.checkpointCount(compute: .seconds(25)) == 2)
    #expect(demand.checkpointCount(compute: .seconds(20)) == 1)  // none at the very end
    let log = run(&model, jobs: [(0, 1, demand, 25 * second, nil)])
    // 1 s stage-in, 10 compute, 1 ckpt, 10 compute, 1 ckpt, 5 compute.
    #expect(log.first?.time == 28 * second)
    #expect(model.statistics.checkpoints == 2)
    #expect(model.statistics.checkpointTime == 2 * second)
    #expect(model.statistics.checkpointBytes == 200)
  }

  @Test("a checkpoint slowed by another job's stage-in lengthens the job")
  func contendedCheckpoint() {
    // Job 1 checkpoints 100 B at t = 10 s. Job 2 starts staging in 300 B at
    // 10 s too: they share 100 B/s, so the checkpoint takes 2 s, not 1 s.
    var model = StagingModel(tier: StorageTier(capacity: 10_000, bandwidth: 100))
    let job1 = IODemand(checkpointBytes: 100, checkpointInterval: .seconds(10))
    let job2 = IODemand(inputBytes: 300)
    let log = run(&model, jobs: [(0, 1, job1, 20 * second, nil), (10 * second, 2, job2, 1 * second, nil)])
    let job1End = log.first { $0.event == .computeFinished(slot: 1) }?.time
    #expect(job1End == 22 * second)  // 10 + 2 (shared checkpoint) + 10
    // Job 2: 100 B by 12 s, then alone: 200 B more at 100 B/s, stage-in ends
    // at 14 s, computes 1 s.
    let job2End = log.first { $0.event == .computeFinished(slot: 2) }?.time
    #expect(job2End == 15 * second)
  }

  @Test("conservation: every byte reserved is released; bytes moved are input + checkpoints + output")
  func conservation() {
    var model = StagingModel(tier: StorageTier(capacity: 100_000, bandwidth: 1_000), retention: .seconds(3))
    var jobs: [(at: Int64, slot: Int32, demand: IODemand, compute: Int64, cap: Int64?)] = []
    for index in 0..<40 {
      let i = Int64(index)
      let demand = IODemand(
        inputBytes: 100 * (i % 7), outputBytes: 333 * (i % 5), scratchBytes: 10 * i,
        checkpointBytes: i % 3 == 0 ? 50 : 0, checkpointInterval: .seconds(4))
      jobs.append((i * 700_000, Int32(index), demand, (i % 9) * second + 1, i % 4 == 0 ? 150 : nil))
    }
    let log = run(&model, jobs: jobs)
    let released = log.reduce(Int64(0)) {
      if case .spaceReleased(let bytes) = $1.event { return $0 + bytes }
      return $0
    }
    let stats = model.tier.statistics
    #expect(model.tier.reserved == 0)
    #expect(model.activeJobs == 0)
    #expect(stats.bytesReserved == jobs.reduce(0) { $0 + $1.demand.footprint })
    #expect(stats.bytesReleased == stats.bytesReserved)
    #expect(released == stats.bytesReserved)
    let s = model.statistics
    #expect(stats.bytesTransferred == s.inputBytes + s.checkpointBytes + s.outputBytes)
    #expect(s.jobs == 40)
  }
}

@Suite("Staging model and tier: copies are independent (copy-on-write of their buffers)")
struct StagingModelCopyTests {
  @Test("a model copied mid-run goes on exactly as the original, and changing one leaves the other")
  func copiedModel() {
    var model = StagingModel(tier: StorageTier(capacity: 100_000, bandwidth: 1_000), retention: .seconds(1))
    let demand = IODemand(inputBytes: 500, outputBytes: 700, checkpointBytes: 300, checkpointInterval: .seconds(2))
    for slot: Int32 in 0..<6 {
      model.start(slot: slot, nodes: 1, demand: demand, compute: .seconds(5 + Int64(slot)))
    }
    // Run both to the end from here; the copy starts one more job first.
    var copy = model
    copy.start(slot: 99, nodes: 1, demand: demand, compute: .seconds(1))
    func drain(_ model: inout StagingModel) -> [(Int64, StagingModel.Event)] {
      var log: [(Int64, StagingModel.Event)] = []
      while let next = model.nextEventTime(now: model.clock) {
        model.advance(by: next - model.clock)
        var events: [StagingModel.Event] = []
        model.takeEvents(into: &events)
        log += events.map { (model.clock.microseconds, $0) }
      }
      return log
    }
    var reference = StagingModel(tier: StorageTier(capacity: 100_000, bandwidth: 1_000), retention: .seconds(1))
    for slot: Int32 in 0..<6 {
      reference.start(slot: slot, nodes: 1, demand: demand, compute: .seconds(5 + Int64(slot)))
    }
    let original = drain(&model)
    let expected = drain(&reference)
    #expect(original.map(\.0) == expected.map(\.0))
    #expect(original.map(\.1) == expected.map(\.1))
    let copied = drain(&copy)
    #expect(copied.contains { $0.1 == .computeFinished(slot: 99) })
    #expect(copied.count == original.count + 2)
    #expect(model.tier.statistics.bytesTransferred == reference.tier.statistics.bytesTransferred)
  }

  @Test("a tier copied mid-transfer ends its transfers as the original does, untouched by the copy's new ones")
  func copiedTier() {
    var tier = StorageTier(capacity: 1_000, bandwidth: 100)
    tier.startTransfer(id: 1, bytes: 100)
    tier.startTransfer(id: 2, bytes: 300, cap: 40)
    tier.advance(by: .seconds(1))
    var copy = tier
    copy.startTransfer(id: 3, bytes: 1_000)
    #expect(tier.activeTransfers == 2)
    #expect(copy.activeTransfers == 3)
    var ended: [Int32] = []
    tier.advance(by: tier.nextEventDelay(now: .zero)!)
    tier.takeFinished(into: &ended)
    #expect(ended == [1])
    #expect(tier.remaining(of: 3) == nil)
    #expect(copy.remaining(of: 3) == 1_000)
  }
}
