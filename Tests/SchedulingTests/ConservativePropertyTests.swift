import Platform
import Reporting
import Scheduling
import SimKernel
import Simulation
import Testing
import Workload

/// Properties of conservative backfilling over many seeded random workloads
/// (200 seeds x 40 jobs on 8-32 nodes); every failure names its seed.
@Suite("Conservative backfilling: properties")
struct ConservativePropertyTests {
  static let seeds = UInt64(1)...200
  /// The orders whose keys never change while a job waits.
  static let attributeOrders: [QueueOrderKind] = [.submit, .sjf, .smallest, .largest]

  static func workload(seed: UInt64) -> (jobs: [Job], nodes: Int32) {
    var random = SeededWorkload(seed: seed)
    let nodes = Int32(8 + random.next(25))
    return (random.jobs(count: 40, nodes: nodes), nodes)
  }

  @Test("the fast policy gives exactly the schedule of a naive reference", arguments: attributeOrders)
  func matchesReference(order: QueueOrderKind) throws {
    for seed in Self.seeds {
      let (jobs, nodes) = Self.workload(seed: seed)
      let fast = try replay(
        jobs, nodes: nodes, policy: ConservativeBackfilling(order: order.makeOrder(), parameters: .unbounded))
      let reference = try replay(jobs, nodes: nodes, policy: ReferenceConservative(order: order))
      #expect(fast == reference, "seed: \(seed), order: \(order), nodes: \(nodes)")
      if fast != reference { return }
    }
  }

  struct Setting: CustomTestStringConvertible, Sendable {
    var label: String
    var parameters: BackfillParameters
    var order: QueueOrderKind
    var testDescription: String { "\(label), \(order.rawValue)" }
  }

  static let bounds: [(String, BackfillParameters)] = [
    ("unbounded", BackfillParameters.unbounded),
    ("Slurm defaults", BackfillParameters()),
    ("bf_max_job_test=3", BackfillParameters(maxJobTest: 3, window: .infinity)),
    ("bf_window=100s", BackfillParameters(maxJobTest: .max, window: .seconds(100))),
    ("bf_resolution=60s", BackfillParameters(maxJobTest: .max, window: .infinity, resolution: .seconds(60))),
    ("bf_interval=30s", BackfillParameters(maxJobTest: .max, window: .infinity, interval: .seconds(30))),
    (
      "all bounds",
      BackfillParameters(maxJobTest: 5, window: .seconds(200), resolution: .seconds(7), interval: .seconds(20))
    ),
  ]

  static let settings: [Setting] = bounds.flatMap { label, parameters in
    QueueOrderKind.allCases.map { Setting(label: label, parameters: parameters, order: $0) }
  }

  @Test("no job starts later than the first slot it was promised", arguments: settings)
  func promisesKept(_ setting: Setting) throws {
    for seed in Self.seeds {
      let (jobs, nodes) = Self.workload(seed: seed)
      let promises = PromiseLog()
      let policy = PromiseRecorder(
        inner: ConservativeBackfilling(order: setting.order.makeOrder(), parameters: setting.parameters),
        log: promises)
      let schedule = try replay(jobs, nodes: nodes, policy: policy)
      #expect(schedule.count == jobs.count, "seed: \(seed)")
      var broken: [String] = []
      for scheduled in schedule {
        guard let promised = promises.first[scheduled.id] else {
          broken.append("job \(scheduled.id) started without a promise")
          continue
        }
        if SimTime.seconds(scheduled.start) > promised {
          broken.append("job \(scheduled.id) promised \(promised) started at \(scheduled.start)")
        }
      }
      #expect(broken.isEmpty, "seed: \(seed), nodes: \(nodes): \(broken.joined(separator: "; "))")
      if !broken.isEmpty { return }
    }
  }

  @Test("schedules are feasible and keep the conservative start bound", arguments: settings)
  func validates(_ setting: Setting) throws {
    let bound = ConservativeStartBound.applicable(to: setting.parameters, order: setting.order)
    for seed in Self.seeds {
      let (jobs, nodes) = Self.workload(seed: seed)
      let rows = try replayRows(
        jobs, nodes: nodes,
        policy: ConservativeBackfilling(order: setting.order.makeOrder(), parameters: setting.parameters))
      let report = ScheduleValidator(nodes: nodes, guarantees: bound.map { [$0] } ?? [])
        .validate(trace: jobs, schedule: rows)
      #expect(report.isValid, "seed: \(seed), nodes: \(nodes): \(report.renderText(file: "rows"))")
      if !report.isValid { return }
    }
  }

  @Test("the start bound is a real check: EASY breaks it")
  func easyBreaksTheBound() throws {
    var breaking: [UInt64] = []
    for seed in Self.seeds {
      let (jobs, nodes) = Self.workload(seed: seed)
      let rows = try replayRows(jobs, nodes: nodes, policy: EASYBackfilling())
      let report = ScheduleValidator(nodes: nodes, guarantees: [ConservativeStartBound()])
        .validate(trace: jobs, schedule: rows)
      if !report.isValid {
        breaking.append(seed)
        #expect(report.violations.allSatisfy { $0.kind.name == "conservative_start_bound" })
      }
      // FCFS never lets a later job delay an earlier one: it keeps the bound.
      let fcfs = try replayRows(jobs, nodes: nodes, policy: FCFSPolicy())
      let fcfsReport = ScheduleValidator(nodes: nodes, guarantees: [ConservativeStartBound()])
        .validate(trace: jobs, schedule: fcfs)
      #expect(fcfsReport.isValid, "seed: \(seed): \(fcfsReport.renderText(file: "fcfs"))")
    }
    #expect(!breaking.isEmpty, "EASY never delayed a job past the bound in 200 workloads")
  }

  @Test("a job started later than its bound allows is caught, and only by the bound")
  func tamperedStart() throws {
    let (jobs, nodes) = Self.workload(seed: 7)
    var rows = try replayRows(jobs, nodes: nodes, policy: ConservativeBackfilling(parameters: .unbounded))
    // Delay the job that waited longest by an hour: no other rule notices
    // a later start on free nodes, only the bound.
    let index = try #require(rows.indices.max { (rows[$0].waitingTime ?? .zero) < (rows[$1].waitingTime ?? .zero) })
    let delay = SimTime.seconds(100_000)
    rows[index].startTime = rows[index].startTime.map { $0 + delay }
    rows[index].finishTime = rows[index].finishTime.map { $0 + delay }
    rows[index].waitingTime = rows[index].waitingTime.map { $0 + delay }
    rows[index].turnaroundTime = rows[index].turnaroundTime.map { $0 + delay }
    rows[index].stretchMillionths = Self.stretch(rows[index])
    let report = ScheduleValidator(nodes: nodes, guarantees: [ConservativeStartBound()])
      .validate(trace: jobs, schedule: rows)
    #expect(report.violations.map(\.kind.name) == ["conservative_start_bound"], "\(report.renderText(file: "rows"))")
  }

  @Test(
    "with bf_interval, skipping idle multiples gives exactly the schedule of a pass at every multiple",
    arguments: settings.filter { $0.parameters.interval > .zero })
  func idleMultiplesSkipped(_ setting: Setting) throws {
    for seed in Self.seeds {
      let (jobs, nodes) = Self.workload(seed: seed)
      let policy = ConservativeBackfilling(order: setting.order.makeOrder(), parameters: setting.parameters)
      let everyMultiple = EveryMultiple(inner: policy, interval: setting.parameters.interval.microseconds)
      let skipping = try replay(jobs, nodes: nodes, policy: policy)
      let literal = try replay(jobs, nodes: nodes, policy: everyMultiple)
      #expect(skipping == literal, "seed: \(seed), nodes: \(nodes)")
      if skipping != literal { return }
    }
  }

  static func stretch(_ row: ScheduledRow) -> Int64? {
    guard let execution = row.executionTime, execution.microseconds > 0, let turnaround = row.turnaroundTime else {
      return nil
    }
    return Int64((Double(turnaround.microseconds) / Double(execution.microseconds) * 1e6).rounded())
  }
}

// MARK: - Recording what the policy promised

/// The first start each job was promised (job id -> time).
final class PromiseLog {
  var first: [Int64: SimTime] = [:]
}

/// Runs a `ConservativeBackfilling` and notes, after every pass, the first
/// planned start of each waiting job (a job started at once was promised now).
struct PromiseRecorder: SchedulingPolicy {
  var inner: ConservativeBackfilling
  let log: PromiseLog
  var name: String { inner.name }

  mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    inner.schedule(view, into: &decisions)
    for decision in decisions {
      guard case .start(let index) = decision else { continue }
      let id = view.jobs[Int(view.queue[index].slot)].id
      if log.first[id] == nil { log.first[id] = view.now }
    }
    let queue = view.queue
    for index in queue.head..<queue.endIndex where queue[index].isLive {
      let slot = queue[index].slot
      guard let planned = inner.plannedStart(slot: slot) else { continue }
      let id = view.jobs[Int(slot)].id
      if log.first[id] == nil { log.first[id] = planned }
    }
  }

  mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {
    inner.jobStarted(job, slot: slot, at: time)
  }

  mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    inner.jobEnded(job, slot: slot, startedAt: start, at: time)
  }
}

// MARK: - Schedules as validator rows

/// Builds the rows a `jobs.csv` would hold, in memory.
final class RowRecorder: ReplayObserver {
  var rows: [ScheduledRow] = []

  func jobEnded(_ outcome: JobOutcome) {
    let submit = outcome.job.submitTime
    let execution = outcome.endTime - outcome.startTime
    var row = ScheduledRow(
      line: rows.count + 2, jobID: outcome.job.id, submitTime: submit, requestedNodes: Int64(outcome.job.nodes),
      requestedTime: outcome.job.estimate, success: true, startTime: outcome.startTime, executionTime: execution,
      finishTime: outcome.endTime, waitingTime: outcome.startTime - submit, turnaroundTime: outcome.endTime - submit,
      nodes: outcome.nodes)
    row.stretchMillionths = ConservativePropertyTests.stretch(row)
    rows.append(row)
  }

  func jobRejected(_ job: Job, reason: RejectReason) {
    rows.append(
      ScheduledRow(
        line: rows.count + 2, jobID: job.id, submitTime: job.submitTime, requestedNodes: Int64(job.nodes),
        requestedTime: job.estimate, success: false))
  }
}

/// Replays `jobs` and returns the schedule as validator rows.
func replayRows(_ jobs: [Job], nodes: Int32, policy: any SchedulingPolicy) throws -> [ScheduledRow] {
  let recorder = RowRecorder()
  var replay = Replay(totalNodes: nodes, policy: policy, observer: recorder)
  var source = ArrayJobSource(jobs)
  try replay.run(&source)
  return recorder.rows
}

/// Slurm's backfill loop taken literally: wakes the wrapped policy at every
/// multiple of `interval` (µs) while jobs wait, whether or not it asks.
struct EveryMultiple: SchedulingPolicy {
  var inner: ConservativeBackfilling
  let interval: Int64
  var name: String { inner.name }

  mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    let before = decisions.count
    inner.schedule(view, into: &decisions)
    var started = 0
    for case .start in decisions[before...] { started += 1 }
    guard view.queue.liveCount > started else { return }
    let now = view.now.microseconds
    decisions.append(.wakeUp(at: SimTime(microseconds: (now / interval + 1) * interval)))
  }

  mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {
    inner.jobStarted(job, slot: slot, at: time)
  }

  mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    inner.jobEnded(job, slot: slot, startedAt: start, at: time)
  }
}
