import Platform
import Scheduling
import SimKernel
import Simulation
import Testing
import Workload

/// Checks every pass of `inner` against the storage space the replay lends
/// it: a start whose footprint does not fit (with the storage head's claim,
/// `StorageSpace.fits`) is recorded and dropped, so a policy that decides
/// such a start fails the test instead of tripping the replay's
/// precondition. With `fullPasses`, every pass is told resources were freed
/// and the queue is not the replay's, so the policy never resumes from new
/// arrivals only nor skips jobs passed over before.
struct StorageAudit: SchedulingPolicy {
  final class Log {
    var refusedStarts: [String] = []
    var passedOver = 0
  }

  var inner: any SchedulingPolicy
  let log: Log
  var fullPasses = false
  var noSkipping = false
  var name: String { inner.name }
  var usesBackfillIndex: Bool { inner.usesBackfillIndex }
  var usesRunningSet: Bool { inner.usesRunningSet }

  mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    var shown = view
    if fullPasses { shown.resourcesFreed = true }
    if noSkipping { shown.storage.tracksQueue = false }
    var own: [Decision] = []
    inner.schedule(shown, into: &own)
    var space = view.storage
    for decision in own {
      switch decision {
      case .start(let index):
        let slot = view.queue[index].slot
        guard space.fits(slot) else {
          log.refusedStarts.append(
            "t=\(view.now.wholeSeconds): job \(view.jobs[Int(slot)].id) needs \(space.footprint(of: slot)) B, "
              + "\(space.free) B free, head \(space.head) claims \(space.headNeed)")
          continue
        }
        space.take(slot)
      case .storageBlocked(let slot):
        log.passedOver += 1
        space.passOver(slot)
      case .wakeUp: break
      }
      decisions.append(decision)
    }
  }

  mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) { inner.jobStarted(job, slot: slot, at: time) }

  mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    inner.jobEnded(job, slot: slot, startedAt: start, at: time)
  }
}

/// A storage replay's outcome: the schedule by job id, the summary, the audit.
struct StorageRun {
  var schedule: [ScheduledJob]
  var rejected: [Int64]
  var storage: StorageSummary
  var log: StorageAudit.Log
}

/// Replays `jobs` under `policy` (audited) with a tier of `capacity` bytes at
/// `bandwidth` B/s and the demands by job id.
func storageRun(
  _ jobs: [Job], nodes: Int32, policy: any SchedulingPolicy, capacity: Int64, bandwidth: Int64,
  retention: Int64 = 0, demands: [Int64: IODemand], fullPasses: Bool = false, noSkipping: Bool = false,
  constraints: ReplayConstraints? = nil
) throws -> StorageRun {
  let recorder = ScheduleRecorder()
  let log = StorageAudit.Log()
  let setup = ReplayStorageSetup(
    model: StagingModel(tier: StorageTier(capacity: capacity, bandwidth: bandwidth), retention: .seconds(retention))
  ) { demands[$0.id] ?? .none }
  var replay = Replay(
    totalNodes: nodes, policy: StorageAudit(inner: policy, log: log, fullPasses: fullPasses, noSkipping: noSkipping), observer: recorder,
    storage: setup)
  replay.constraints = constraints
  var source = ArrayJobSource(jobs)
  try replay.run(&source)
  return StorageRun(
    schedule: recorder.schedule.sorted { $0.id < $1.id }, rejected: recorder.rejected,
    storage: try #require(replay.storageSummary), log: log)
}

@Suite("Policies see the storage tier: jobs whose footprint does not fit are passed over, never refused")
struct StoragePolicyTests {
  // 4 nodes; a 1,000 B tier at 100 B/s, no retention. Footprints are
  // scratch only (no transfers), so estimates and run times are as given.
  // - Job 1 (t=0, 3 nodes, 10 s, 600 B) starts at 0: 1 node and 400 B left.
  // - Job 2 (t=1, 1 node, 5 s, 500 B) fits the node but not the space: it is
  //   passed over (StorageCapacity) and becomes the storage head.
  // - Job 3 (t=1, 2 nodes, 5 s, no I/O) does not fit the free node: EASY's
  //   head, shadow time 10 (job 1's end frees 4 nodes), 2 extra nodes.
  // - Job 4 (t=1, 1 node, 3 s, no I/O) fits the free node and ends at 4 <= 10:
  //   it backfills at 1 on node 3. (Before, the policy "started" job 2 on
  //   that node and the replay refused it: the node sat idle until 10.)
  // - At 10 job 1 ends and frees its 600 B: job 2 (500 B <= 1,000 B free)
  //   starts on node 0, job 3 on nodes 1-2.
  static let jobs = [
    job(1, submit: 0, run: 10, nodes: 3), job(2, submit: 1, run: 5, nodes: 1), job(3, submit: 1, run: 5, nodes: 2),
    job(4, submit: 1, run: 3, nodes: 1),
  ]
  static let demands: [Int64: IODemand] = [1: IODemand(scratchBytes: 600), 2: IODemand(scratchBytes: 500)]
  static let expected = [s(1, 0, 10, "0-2"), s(2, 10, 15, "0"), s(3, 10, 15, "1-2"), s(4, 1, 4, "3")]

  @Test("EASY: a job passed over for space is not the head; a later job that fits backfills on the node it left")
  func easyBackfillsPastStorageBlockedJob() throws {
    let run = try storageRun(
      Self.jobs, nodes: 4, policy: EASYBackfilling(), capacity: 1_000, bandwidth: 100, demands: Self.demands)
    #expect(run.schedule == Self.expected)
    #expect(run.log.refusedStarts.isEmpty)
    #expect(run.storage.jobsDelayedByCapacity == 1)
    #expect(run.storage.capacityWait == .seconds(9))
  }

  @Test("conservative: the job due now but short of space gives its reservation back; the same schedule")
  func conservativePassesOver() throws {
    // Job 2 is planned at 1, passed over and its node freed: job 3 is planned
    // at 10, job 4 fits [1, 4) and starts. Job 2 is planned again at each
    // pass (4: passed over again, 400 B free) and starts at 10.
    let run = try storageRun(
      Self.jobs, nodes: 4, policy: ConservativeBackfilling(), capacity: 1_000, bandwidth: 100, demands: Self.demands)
    #expect(run.schedule == Self.expected)
    #expect(run.log.refusedStarts.isEmpty)
    #expect(run.storage.capacityWait == .seconds(9))
  }

  @Test("FCFS: a job passed over for space does not block; the first job short of nodes does")
  func fcfsPassesOver() throws {
    // Job 2 is passed over; job 3 (2 nodes, 1 free) blocks job 4 until 10.
    // At 10: job 2 (node 0), job 3 (nodes 1-2), job 4 (node 3).
    let run = try storageRun(
      Self.jobs, nodes: 4, policy: FCFSPolicy(), capacity: 1_000, bandwidth: 100, demands: Self.demands)
    #expect(run.schedule == [s(1, 0, 10, "0-2"), s(2, 10, 15, "0"), s(3, 10, 15, "1-2"), s(4, 10, 13, "3")])
    #expect(run.log.refusedStarts.isEmpty)
    // A job with no I/O behind one passed over starts at once.
    let light = try storageRun(
      [job(1, submit: 0, run: 10, nodes: 1), job(2, submit: 1, run: 5, nodes: 1), job(3, submit: 1, run: 5, nodes: 1)],
      nodes: 4, policy: FCFSPolicy(), capacity: 1_000, bandwidth: 100,
      demands: [1: IODemand(scratchBytes: 600), 2: IODemand(scratchBytes: 500)])
    #expect(light.schedule == [s(1, 0, 10, "0"), s(2, 10, 15, "0"), s(3, 1, 6, "1")])
  }

  /// Seeded workloads on 12 nodes whose footprints (up to 6,000 B, a
  /// quarter of them zero) keep the tier full.
  static func workload(seed: UInt64) -> (jobs: [Job], demands: [Int64: IODemand]) {
    var random = SeededWorkload(seed: seed)
    let jobs = random.jobs(count: 120, nodes: 12).map { job -> Job in
      var job = job
      job.partitionNumber = Int32(1 + job.id % 2)
      return job
    }
    var demands: [Int64: IODemand] = [:]
    for job in jobs where random.next(4) != 0 {
      let kind = random.next(3)
      demands[job.id] = IODemand(
        inputBytes: kind == 0 ? random.next(3_000) : 0, outputBytes: kind == 1 ? random.next(3_000) : 0,
        scratchBytes: random.next(2_500),
        checkpointBytes: kind == 2 ? 1 + random.next(500) : 0, checkpointInterval: kind == 2 ? .seconds(20) : .zero)
    }
    return (jobs, demands)
  }

  /// On the two partitions (8 and 4 nodes), jobs need at most 4 nodes.
  static func fitting(_ jobs: [Job], partitions: Bool) -> [Job] {
    guard partitions else { return jobs }
    return jobs.map { job in
      var job = job
      job.nodes = min(job.nodes, 4)
      return job
    }
  }

  static func policies() throws -> [(String, any SchedulingPolicy, ReplayConstraints?)] {
    let layout = try PartitionLayout(
      partitions: [.init(name: "a", number: 1, nodes: 0..<8), .init(name: "b", number: 2, nodes: 8..<12)],
      defaultPartition: 0)
    return [
      ("fcfs", FCFSPolicy(), nil), ("easy", EASYBackfilling(), nil), ("conservative", ConservativeBackfilling(), nil),
      ("fcfs/sjf", FCFSPolicy(order: ShortestEstimateFirst()), nil),
      ("easy/sjf", EASYBackfilling(order: ShortestEstimateFirst()), nil),
      ("conservative bf_interval=30", ConservativeBackfilling(parameters: BackfillParameters(interval: .seconds(30))), nil),
      (
        "easy on two partitions",
        ConstrainedScheduling(layout: layout, limits: UserLimits(), totalNodes: 12) { _ in EASYBackfilling() },
        ReplayConstraints(layout: layout)
      ),
    ]
  }

  @Test("property: with small tiers no start is ever refused, every job runs, the space ledger balances")
  func neverRefused() throws {
    var delayed = 0
    for seed in UInt64(1)...12 {
      let (jobs, demands) = Self.workload(seed: seed)
      for (name, policy, constraints) in try Self.policies() {
        let capacity: Int64 = seed % 2 == 0 ? 10_000 : 6_000
        let jobs = Self.fitting(jobs, partitions: constraints != nil)
        let run = try storageRun(
          jobs, nodes: 12, policy: policy, capacity: capacity, bandwidth: 200, retention: Int64(seed % 3) * 10,
          demands: demands, constraints: constraints)
        let context = "seed \(seed), \(name)"
        #expect(run.log.refusedStarts.isEmpty, "\(context): \(run.log.refusedStarts.prefix(3))")
        #expect(run.rejected.isEmpty, "\(context)")
        #expect(run.schedule.count == jobs.count, "\(context)")
        #expect(run.storage.tier.bytesReleased == run.storage.tier.bytesReserved, "\(context)")
        #expect(run.storage.tier.peakReserved <= capacity, "\(context)")
        delayed += run.storage.jobsDelayedByCapacity
      }
    }
    #expect(delayed > 1_000)  // the tiers do bind
  }

  @Test("property: resuming from new arrivals and skipping jobs passed over decide as full walks would")
  func resumingEqualsFullPasses() throws {
    for seed in UInt64(1)...12 {
      let (jobs, demands) = Self.workload(seed: seed)
      for (name, policy, constraints) in try Self.policies() {
        let capacity: Int64 = seed % 2 == 0 ? 10_000 : 6_000
        let jobs = Self.fitting(jobs, partitions: constraints != nil)
        let resumed = try storageRun(
          jobs, nodes: 12, policy: policy, capacity: capacity, bandwidth: 200, demands: demands,
          constraints: constraints)
        let full = try storageRun(
          jobs, nodes: 12, policy: policy, capacity: capacity, bandwidth: 200, demands: demands, fullPasses: true,
          noSkipping: true, constraints: constraints)
        let fullSkipping = try storageRun(
          jobs, nodes: 12, policy: policy, capacity: capacity, bandwidth: 200, demands: demands, fullPasses: true,
          constraints: constraints)
        #expect(fullSkipping.schedule == full.schedule, "seed \(seed), \(name): skipping")
        #expect(resumed.schedule == fullSkipping.schedule, "seed \(seed), \(name): resuming")
        #expect(resumed.storage.capacityWait == full.storage.capacityWait, "seed \(seed), \(name)")
      }
    }
  }
}
