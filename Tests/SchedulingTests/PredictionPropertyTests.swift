import Reporting
import Scheduling
import SimKernel
import Simulation
import TestSupport
import Testing
import Workload

/// Predicted estimates on seeded random workloads and a real trace: what
/// must hold whatever the jobs.
@Suite("Predicted estimates: properties")
struct PredictionPropertyTests {
  /// Seeded workloads (bursts of equal submit times, zero run times,
  /// whole-machine jobs) with five users and some jobs of unknown user.
  static func workload(seed: UInt64) -> [Job] {
    var random = SeededWorkload(seed: seed)
    return random.jobs(count: 300, nodes: 16).map { job in
      var job = job
      job.userID = Int32(job.id % 6) - 1
      return job
    }
  }

  static let policies: [PolicyKind] = [.easy, .conservative, .fcfs]

  @Test(
    "no estimate exceeds its request, corrections only grow running jobs' estimates, every job starts, and the schedule validates",
    arguments: policies)
  func seeded(policy: PolicyKind) throws {
    var totals = (fromHistory: 0, corrections: 0)
    for seed in UInt64(1)...25 {
      let jobs = Self.workload(seed: seed)
      let audit = PredictionAudit(checksQueue: true)
      let recorder = RowRecorder()
      var replay = Replay(
        totalNodes: 16, policy: PredictionWatcher(inner: policy.makePolicy(), audit: audit), observer: recorder)
      replay.predictsEstimates = true
      var source = ArrayJobSource(jobs)
      let counters = try replay.run(&source)
      #expect(audit.breaches.isEmpty, "seed: \(seed), policy: \(policy): \(audit.breaches.prefix(3))")
      #expect(counters.jobsStarted == jobs.count, "seed: \(seed)")
      let statistics = try #require(replay.predictionStatistics)
      #expect(statistics.extensions == audit.corrections)
      totals.fromHistory += statistics.fromHistory
      totals.corrections += statistics.extensions

      // The validator recomputes every prediction from the rows alone.
      var validator = ScheduleValidator(
        nodes: 16, guarantees: policy.scheduleGuarantees(order: .submit, backfill: .unbounded))
      validator.estimatesArePredicted = true
      let report = validator.validate(trace: jobs, schedule: recorder.rows)
      #expect(report.isValid, "seed: \(seed), policy: \(policy): \(report.renderText(file: "rows", maxLines: 3))")
      #expect(report.checks.contains("predicted estimates"))
      if policy == .conservative {
        #expect(report.uncheckedGuarantees == ["conservative start bound"])
      }
    }
    // The properties are not vacuous: predictions and corrections happened.
    #expect(totals.fromHistory > 1_000)
    #expect(totals.corrections > 100)
  }

  @Test("a schedule whose requested_time is not the prediction is caught")
  func tamperedPrediction() throws {
    let jobs = Self.workload(seed: 3)
    let recorder = RowRecorder()
    var replay = Replay(totalNodes: 16, policy: EASYBackfilling(), observer: recorder)
    replay.predictsEstimates = true
    var source = ArrayJobSource(jobs)
    try replay.run(&source)
    var validator = ScheduleValidator(nodes: 16)
    validator.estimatesArePredicted = true
    #expect(validator.validate(trace: jobs, schedule: recorder.rows).isValid)
    // A row planned with its request instead of its prediction.
    var rows = recorder.rows
    let index = try #require(
      rows.firstIndex { row in jobs.first { $0.id == row.jobID }!.estimate != row.requestedTime })
    rows[index].requestedTime = jobs.first { $0.id == rows[index].jobID }!.estimate
    let report = validator.validate(trace: jobs, schedule: rows)
    #expect(report.violations.map(\.kind.name) == ["estimate_mismatch"])
    #expect(report.violations.first?.jobID == rows[index].jobID)
    // Checked as a requested-estimate schedule, every prediction below the request is a mismatch.
    validator.estimatesArePredicted = false
    #expect(validator.validate(trace: jobs, schedule: recorder.rows).violationCount > 10)
  }

  @Test(
    "a real trace replays with predicted estimates, every job starts, no estimate exceeds its request",
    .enabled(if: TestPaths.sharedTracesDirectory != nil, "../shared/traces is absent"),
    arguments: [PolicyKind.easy, .conservative])
  func realTrace(policy: PolicyKind) throws {
    let trace = try #require(TestPaths.sharedTrace("KTH-SP2-1996-2.1-cln.swf.gz"), "KTH-SP2 is absent from ../shared/traces")
    let (jobs, nodes) = try ScheduleValidator.admittedJobs(
      tracePath: trace, estimate: .predicted, onBadRecord: .fail
    ) { header in (Int32(header.maxProcs ?? 0), 1) }
    let audit = PredictionAudit(checksQueue: false)
    let recorder = RowRecorder()
    var replay = Replay(
      totalNodes: nodes, policy: PredictionWatcher(inner: policy.makePolicy(), audit: audit), observer: recorder)
    replay.predictsEstimates = true
    var source = ArrayJobSource(jobs)
    let counters = try replay.run(&source)
    #expect(counters.jobsRejected == 0)
    #expect(counters.jobsStarted == jobs.count)
    #expect(audit.breaches.isEmpty, "\(audit.breaches.prefix(3))")
    let statistics = try #require(replay.predictionStatistics)
    #expect(statistics.fromHistory > jobs.count / 2)
    #expect(statistics.underpredicted > 1_000)
    var validator = ScheduleValidator(nodes: nodes)
    validator.estimatesArePredicted = true
    let report = validator.validate(trace: jobs, schedule: recorder.rows)
    #expect(report.isValid, "\(report.renderText(file: "rows", maxLines: 3))")
  }
}

/// What a `PredictionWatcher` saw.
final class PredictionAudit {
  /// Whether every pass checks every waiting job (O(queue) per pass).
  let checksQueue: Bool
  var breaches: [String] = []
  var corrections = 0

  init(checksQueue: Bool) { self.checksQueue = checksQueue }

  /// The estimate `--estimate requested` plans `job` with (no walltime
  /// kills): its request, or its run time when the request is missing or shorter.
  static func request(of job: Job) -> SimTime {
    job.requestedTime.microseconds >= 0 && job.requestedTime >= job.runTime ? job.requestedTime : job.runTime
  }
}

/// Passes everything to the policy it wraps and checks the estimates it is
/// shown: never above the request, and corrected only upwards, at the
/// predicted end of a job still running then.
struct PredictionWatcher: SchedulingPolicy {
  var inner: any SchedulingPolicy
  let audit: PredictionAudit
  var name: String { inner.name }
  var usesBackfillIndex: Bool { inner.usesBackfillIndex }
  var usesRunningSet: Bool { inner.usesRunningSet }

  mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    if audit.checksQueue {
      let queue = view.queue
      for index in queue.head..<queue.endIndex where queue[index].isLive {
        let job = view.jobs[Int(queue[index].slot)]
        if queue[index].estimate != job.estimate.microseconds || job.estimate > PredictionAudit.request(of: job) {
          audit.breaches.append("job \(job.id) waits with estimate \(queue[index].estimate) µs, request \(PredictionAudit.request(of: job))")
        }
      }
    }
    inner.schedule(view, into: &decisions)
  }

  mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {
    if job.estimate > PredictionAudit.request(of: job) {
      audit.breaches.append("job \(job.id) starts with estimate \(job.estimate) above its request")
    }
    inner.jobStarted(job, slot: slot, at: time)
  }

  mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    inner.jobEnded(job, slot: slot, startedAt: start, at: time)
  }

  mutating func estimateExtended(
    _ job: Job, slot: Int32, startedAt start: SimTime, from oldEnd: SimTime, to newEnd: SimTime
  ) {
    audit.corrections += 1
    if !(oldEnd < newEnd) || newEnd - start != job.estimate || job.estimate > PredictionAudit.request(of: job) {
      audit.breaches.append("job \(job.id): estimate corrected from end \(oldEnd) to \(newEnd) with estimate \(job.estimate)")
    }
    if oldEnd >= start + job.runTime {
      audit.breaches.append("job \(job.id) corrected at \(oldEnd), after its real end \(start + job.runTime)")
    }
    inner.estimateExtended(job, slot: slot, startedAt: start, from: oldEnd, to: newEnd)
  }
}
