@testable import Scheduling
import SimKernel
import Simulation
import TestSupport
import Testing
import Workload

/// Predicted estimates (`--estimate predicted`, EASY++) on a hand-made
/// trace, `Tests/Fixtures/predict/easy-plus-plus.swf`: 4 nodes, 6 jobs.
///
///     job user submit run request nodes
///       1    1      0 300   1000     1
///       2    1      0 100   1000     1
///       3    1      0 200   1000     1
///       4    1    350 600   3600     2
///       5    2    360 100    100     4
///       6    3    370 100    300     2
///
/// Predictions, worked out by hand:
/// - jobs 1-3: user 1 has no completed job yet: planned with their request, 1000.
///   They start at 0 and end at 100 (job 2), 200 (job 3), 300 (job 1).
/// - job 4: at 350 user 1's two most recent completions are job 1 (300 s, at
///   300) and job 3 (200 s, at 200): (300 + 200) / 2 = 250 < 3600. (By file
///   order the last two would be jobs 2 and 3, giving 150.)
/// - jobs 5 and 6: users 2 and 3 have no history: 100 and 300.
///
/// Job 4 starts at 350 (4 nodes free) and runs 600 s, to 950, but is
/// predicted to end at 350 + 250 = 600. Corrections, each the initial 250 s
/// plus the next step (1 min, 5 min, 15 min, ...), capped by 3600:
/// - at 600: 250 + 60 = 310, estimated end 660;
/// - at 660: 250 + 300 = 550, end 900;
/// - at 900: 250 + 900 = 1150, end 1500 (the job ends at 950).
@Suite("Predicted estimates: golden schedules")
struct PredictionGoldenTests {
  static let fixture = TestPaths.fixture("predict/easy-plus-plus.swf")

  @Test("EASY plans with the predictions and backfills when a correction opens a window")
  func easy() throws {
    // t=360: head job 5 needs 4 nodes, 2 are free; shadow = job 4's
    //   predicted end 600, extra 0. t=370: job 6 (2 nodes, estimate 300)
    //   would end at 670 > 600: it waits.
    // t=600: correction, shadow 660: job 6 would end at 900 > 660, waits.
    // t=660: correction, shadow 900: 660 + 300 = 960 > 900, waits.
    // t=900: correction, shadow 1500: 900 + 300 = 1200 <= 1500: job 6
    //   backfills at 900 and really ends at 1000.
    // t=950: job 4 ends, 2 nodes free; t=1000: job 6 ends, job 5 starts.
    let run = try Self.replay(EASYBackfilling(), estimate: .predicted)
    #expect(
      run.schedule == [
        s(1, 0, 300, "0"), s(2, 0, 100, "1"), s(3, 0, 200, "2"), s(4, 350, 950, "0-1"),
        s(5, 1000, 1100, "0-3"), s(6, 900, 1000, "2-3"),
      ])
    #expect(run.corrections == Self.jobFourCorrections)
    // Reported estimates are those the jobs were scheduled with.
    #expect(run.estimates == [1: 1000, 2: 1000, 3: 1000, 4: 250, 5: 100, 6: 300])
    #expect(run.statistics == Self.statistics)
  }

  @Test("with requested estimates job 6 backfills at once (the golden above is not the default)")
  func easyRequested() throws {
    // Job 4 is planned to end at 350 + 3600: job 6 ends by 370 + 300 < 3950.
    let run = try Self.replay(EASYBackfilling(), estimate: .requested)
    #expect(
      run.schedule == [
        s(1, 0, 300, "0"), s(2, 0, 100, "1"), s(3, 0, 200, "2"), s(4, 350, 950, "0-1"),
        s(5, 950, 1050, "0-3"), s(6, 370, 470, "2-3"),
      ])
    #expect(run.corrections.isEmpty)
    #expect(run.statistics == nil)
  }

  @Test("conservative rebuilds its plan at each correction instead of starting a reservation that no longer fits")
  func conservative() throws {
    // t=360: job 5 reserved at 600 (job 4's predicted end) for 100 s;
    // t=370: job 6 cannot end by 600, so it is reserved after job 5, at 700.
    // t=600: the correction comes before the pass: the plan is rebuilt with
    //   job 4 ending at 660 (job 5 -> 660, job 6 -> 760), so job 5 does not
    //   start on the 2 free nodes. t=660: job 4 to 900 (job 5 -> 900, job 6
    //   -> 1000). t=900: job 4 to 1500: job 5 -> 1500, and job 6 fits now,
    //   900 + 300 <= 1500: it starts. t=950 and 1000: early ends compress
    //   job 5 to 1000.
    let run = try Self.replay(ConservativeBackfilling(), estimate: .predicted)
    #expect(
      run.schedule == [
        s(1, 0, 300, "0"), s(2, 0, 100, "1"), s(3, 0, 200, "2"), s(4, 350, 950, "0-1"),
        s(5, 1000, 1100, "0-3"), s(6, 900, 1000, "2-3"),
      ])
    #expect(run.corrections == Self.jobFourCorrections)
  }

  @Test("conservative keeps its reservations when a correction only takes nodes the plan had free")
  func conservativeInPlace() throws {
    // 6 nodes. t=0: job 10 (4 nodes, 500 s) and user 1's jobs 11 and 12
    // (1 node, 10 s each) start. t=20: job 13 of user 1 is predicted
    // (10 + 10) / 2 = 10 s, starts on nodes 4-5, predicted end 30 (it runs 50).
    // t=21: job 14 (all 6 nodes) is reserved at 500, when job 10 ends.
    // t=30: correction to 10 + 60 = 70 s, end 90: nodes 4-5 were free in the
    //   plan over [30, 90), so job 13 keeps them there, no rebuild, and job
    //   14 keeps its reservation. t=40: job 15 (2 nodes, 300 s) is reserved
    //   at 90, after job 13. t=70: job 13 ends early: job 15 moves to 70.
    let jobs = [
      Job(id: 10, submitTime: .zero, runTime: .seconds(500), estimate: .seconds(500), requestedTime: .seconds(500), processors: 4, userID: 3),
      Job(id: 11, submitTime: .zero, runTime: .seconds(10), estimate: .seconds(100), requestedTime: .seconds(100), processors: 1, userID: 1),
      Job(id: 12, submitTime: .zero, runTime: .seconds(10), estimate: .seconds(100), requestedTime: .seconds(100), processors: 1, userID: 1),
      Job(id: 13, submitTime: .seconds(20), runTime: .seconds(50), estimate: .seconds(1000), requestedTime: .seconds(1000), processors: 2, userID: 1),
      Job(id: 14, submitTime: .seconds(21), runTime: .seconds(100), estimate: .seconds(100), requestedTime: .seconds(100), processors: 6, userID: 2),
      Job(id: 15, submitTime: .seconds(40), runTime: .seconds(100), estimate: .seconds(300), requestedTime: .seconds(300), processors: 2, userID: 4),
    ]
    let log = PlanLog()
    let recorder = ScheduleRecorder()
    var replay = Replay(totalNodes: 6, policy: PlanWatcher(inner: ConservativeBackfilling(), log: log), observer: recorder)
    replay.predictsEstimates = true
    var source = ArrayJobSource(jobs)
    try replay.run(&source)
    #expect(
      recorder.schedule.sorted { $0.id < $1.id } == [
        s(10, 0, 500, "0-3"), s(11, 0, 10, "4"), s(12, 0, 10, "5"), s(13, 20, 70, "4-5"),
        s(14, 500, 600, "0-5"), s(15, 70, 170, "4-5"),
      ])
    // One correction, made in place: nodes 4-5 held until 90, no rebuild pending.
    #expect(log.entries == [PlanLog.Entry(job: 13, rebuildPending: false, freeAt60: 0)])
  }

  @Test("conservative rebuilds when a correction takes nodes a reservation was counting on")
  func conservativeRebuilds() throws {
    // The fixture: each of job 4's corrections collides with job 5's
    // reservation, which starts at job 4's predicted end on all 4 nodes.
    let log = PlanLog()
    _ = try Self.replay(PlanWatcher(inner: ConservativeBackfilling(), log: log), estimate: .predicted)
    #expect(log.entries.map(\.rebuildPending) == [true, true, true])
  }

  @Test("a short prediction never kills: walltime kills stay at the request")
  func killsUseTheRequest() throws {
    // Job 4 is predicted 250 s but requested 3600: it runs its full 600 s.
    let run = try Self.replay(EASYBackfilling(), estimate: .predicted, killAtWalltime: true)
    #expect(run.timedOut.isEmpty)
    #expect(run.schedule.first { $0.id == 4 } == s(4, 350, 950, "0-1"))
    #expect(run.corrections == Self.jobFourCorrections)
  }

  @Test("partitions: the composite re-keys the group's running set; the other group's planner ignores the job")
  func constrained() throws {
    // 6 nodes: partition a (nodes 0-3, the default, every fixture job) and
    // b (nodes 4-5, idle), each planned by its own conservative instance:
    // the same schedule as above, and b's planner is told of job 4's
    // corrections and leaves them alone.
    let layout = try PartitionLayout(
      partitions: [.init(name: "a", number: 1, nodes: 0..<4), .init(name: "b", number: 2, nodes: 4..<6)],
      defaultPartition: 0)
    let policy = ConstrainedScheduling(layout: layout, limits: UserLimits(), totalNodes: 6) { _ in
      ConservativeBackfilling()
    }
    let run = try Self.replay(
      policy, estimate: .predicted, nodes: 6,
      constraints: ReplayConstraints(layout: layout, estimateSource: .predicted))
    #expect(
      run.schedule == [
        s(1, 0, 300, "0"), s(2, 0, 100, "1"), s(3, 0, 200, "2"), s(4, 350, 950, "0-1"),
        s(5, 1000, 1100, "0-3"), s(6, 900, 1000, "2-3"),
      ])
    #expect(run.corrections == Self.jobFourCorrections)
  }

  // MARK: - Harness

  /// Job 4's corrections: (job, instant, new estimated end), in seconds.
  static let jobFourCorrections = [
    Correction(job: 4, at: 600, newEnd: 660), Correction(job: 4, at: 660, newEnd: 900),
    Correction(job: 4, at: 900, newEnd: 1500),
  ]

  static let statistics: PredictionStatistics = {
    var statistics = PredictionStatistics()
    statistics.fromHistory = 1
    statistics.underpredicted = 1
    statistics.extensions = 3
    return statistics
  }()

  struct Run {
    var schedule: [ScheduledJob]
    var timedOut: [Int64]
    var corrections: [Correction]
    /// Job id -> the estimate the replay reported, in seconds.
    var estimates: [Int64: Int64]
    var statistics: PredictionStatistics?
  }

  /// Replays the fixture with `estimate` under `policy`.
  static func replay(
    _ policy: some SchedulingPolicy, estimate: EstimateSource, killAtWalltime: Bool = false, nodes: Int32 = 4,
    constraints: ReplayConstraints? = nil
  ) throws -> Run {
    let recorder = ScheduleRecorder()
    let estimates = EstimateRecorder()
    let log = CorrectionLog()
    var replay = Replay(
      totalNodes: nodes, policy: CorrectionRecorder(inner: policy, log: log),
      observer: ObserverGroup([recorder, estimates]), options: ReplayOptions(killAtWalltime: killAtWalltime))
    replay.constraints = constraints
    replay.predictsEstimates = estimate == .predicted
    var source = try TraceJobSource(
      path: fixture, admission: JobAdmission(estimateSource: estimate, killAtWalltime: killAtWalltime),
      onBadRecord: .fail)
    let counters = try replay.run(&source)
    #expect(counters.jobsStarted == 6)
    return Run(
      schedule: recorder.schedule.sorted { $0.id < $1.id }, timedOut: recorder.timedOut,
      corrections: log.corrections, estimates: estimates.estimates, statistics: replay.predictionStatistics)
  }
}

/// One correction of a running job's estimate, in whole seconds.
struct Correction: Hashable, CustomStringConvertible {
  var job: Int64
  var at: Int64
  var newEnd: Int64
  var description: String { "job \(job) at \(at) -> \(newEnd)" }
}

final class CorrectionLog {
  var corrections: [Correction] = []
}

/// Passes everything to the policy it wraps and logs `estimateExtended`.
struct CorrectionRecorder<Inner: SchedulingPolicy>: SchedulingPolicy {
  var inner: Inner
  let log: CorrectionLog
  var name: String { inner.name }
  var usesBackfillIndex: Bool { inner.usesBackfillIndex }
  var usesRunningSet: Bool { inner.usesRunningSet }

  mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    inner.schedule(view, into: &decisions)
  }

  mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {
    inner.jobStarted(job, slot: slot, at: time)
  }

  mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    inner.jobEnded(job, slot: slot, startedAt: start, at: time)
  }

  mutating func estimateExtended(
    _ job: Job, slot: Int32, startedAt start: SimTime, from oldEnd: SimTime, to newEnd: SimTime
  ) {
    log.corrections.append(Correction(job: job.id, at: oldEnd.wholeSeconds, newEnd: newEnd.wholeSeconds))
    inner.estimateExtended(job, slot: slot, startedAt: start, from: oldEnd, to: newEnd)
  }
}

/// The estimate each job is reported with at its end, in whole seconds.
final class EstimateRecorder: ReplayObserver {
  var estimates: [Int64: Int64] = [:]
  func jobEnded(_ outcome: JobOutcome) { estimates[outcome.job.id] = outcome.job.estimate.wholeSeconds }
}

/// What a `PlanWatcher` saw after each correction.
final class PlanLog {
  struct Entry: Hashable {
    var job: Int64
    /// Whether the plan will be rebuilt at the next pass.
    var rebuildPending: Bool
    /// Free nodes in the plan at 60 s.
    var freeAt60: Int32
  }
  var entries: [Entry] = []
}

/// A `ConservativeBackfilling` whose plan is inspected after each correction.
struct PlanWatcher: SchedulingPolicy {
  var inner: ConservativeBackfilling
  let log: PlanLog
  var name: String { inner.name }

  mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    inner.schedule(view, into: &decisions)
  }

  mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {
    inner.jobStarted(job, slot: slot, at: time)
  }

  mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    inner.jobEnded(job, slot: slot, startedAt: start, at: time)
  }

  mutating func estimateExtended(
    _ job: Job, slot: Int32, startedAt start: SimTime, from oldEnd: SimTime, to newEnd: SimTime
  ) {
    inner.estimateExtended(job, slot: slot, startedAt: start, from: oldEnd, to: newEnd)
    log.entries.append(
      PlanLog.Entry(
        job: job.id, rebuildPending: inner.plannedEndMoved, freeAt60: inner.profile.free(at: 60_000_000)))
  }
}
