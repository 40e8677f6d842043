import Platform
import Reporting
import Scheduling
import SimKernel
import Simulation
import Workload

/// One replay, fully described: which trace, machine, policy and options.
/// The CLI's `replay` runs one; a sweep runs many.
public struct ReplayScenario: Sendable, Hashable {
  public var tracePath: String
  /// A machine config file; `nil` replays on the trace's own machine.
  public var machinePath: String?
  /// Processors of the trace's own machine; `nil` takes the header's MaxProcs.
  public var processors: Int?
  /// Trace processors per node; `nil` takes the default (see `resolveMachine`).
  public var coresPerNode: Int?
  public var policy: PolicyKind
  public var estimate: EstimateSource
  public var onBadRecord: BadRecordPolicy
  /// Where to write the per-job schedule (Batsim `jobs.csv`), if anywhere.
  public var jobsOutPath: String?
  /// Kill jobs at requested time + `overTimeLimit` (Slurm's walltime enforcement).
  public var killAtWalltime = false
  /// Slurm's `OverTimeLimit`.
  public var overTimeLimit = SimTime.zero
  /// Where to write the simulated schedule as SWF, if anywhere (see `ScheduleSWFWriter`).
  public var swfOutPath: String?
  /// Where to write the time-series CSV, if anywhere (see `TimeSeriesCollector`).
  public var timeSeriesOutPath: String?
  /// Bucket width of the time-series CSV.
  public var timeSeriesResolution = SimTime.seconds(3_600)
  /// Where to write the HTML report, if anywhere (see `HTMLReport`).
  public var reportPath: String?
  /// The report's Gantt window; `nil` draws the busiest day.
  public var ganttWindow: TimeWindow?
  /// Show progress on stderr (the CLI sets it when stderr is a terminal).
  public var showProgress = false
  /// Whether the trace is read on a second thread while the replay runs
  /// (`ReadAheadJobSource`); outputs are the same either way.
  public var readsAhead = true
  /// Whether the report carries provenance (the trace's SHA-256 and the
  /// machine config's): needed by every written output and by JSON
  /// summaries; a plain text summary does without, and skips hashing the
  /// trace (about as long as parsing it).
  public var recordsProvenance = true
  /// Whether the report carries the metrics by job-size class and by user
  /// and the wait histogram (`ReplayReport.breakdown`): JSON summaries, the
  /// HTML report and tuning read them; a plain text summary shows none, and
  /// skips their sums (about 50 instructions a job). A scenario with a
  /// `reportPath` collects them whatever this says.
  public var collectsBreakdown = true
  /// A synthetic workload generated as it replays, instead of the trace
  /// (`tracePath` is then only its label; see `SyntheticWorkload`).
  public var synthetic: SyntheticWorkload?
  /// A Slurm policy configuration (`--policy-file`, `--slurm-conf`); when set
  /// it chooses the policy and the queue order instead of `policy`.
  public var policyConfig: PolicyConfig?
  /// Who comes first in the queue (`--order`), under any `policy`.
  public var order = QueueOrderKind.submit
  /// Slurm's `bf_*` bounds, used when `policy` is `.conservative`.
  public var backfill = BackfillParameters()
  /// Window, speed, load and time-origin changes to the trace (see `TraceRetargeting`).
  public var retarget = RetargetOptions()
  /// The storage tier and jobs' I/O demands; off unless demands are given.
  public var storage = StorageOptions()
  /// Per-job accelerator requests (`--job-requests`, a CSV keyed by job id).
  public var jobRequestsPath: String?
  /// Advance reservations from the command line (`--reservation`), besides
  /// those of `policyConfig`.
  public var reservations: [ReservationSettings] = []
  /// Trace this job pass by pass (`hpcsim explain`); the report's
  /// `explanation` then holds its `JobTrace`.
  public var explainJobID: Int64?

  public init(
    tracePath: String, machinePath: String? = nil, processors: Int? = nil, coresPerNode: Int? = nil,
    policy: PolicyKind = .easy, estimate: EstimateSource = .requested,
    onBadRecord: BadRecordPolicy = .fail, jobsOutPath: String? = nil
  ) {
    self.tracePath = tracePath
    self.machinePath = machinePath
    self.processors = processors
    self.coresPerNode = coresPerNode
    self.policy = policy
    self.estimate = estimate
    self.onBadRecord = onBadRecord
    self.jobsOutPath = jobsOutPath
  }
}

/// A machine ready for a replay: how many nodes, and how trace processors map to them.
public struct ResolvedMachine: Sendable {
  public var name: String
  public var nodes: Int32
  public var coresPerNode: Int32
  public var machine: Machine?
}

/// A scenario that cannot run as described.
public struct ScenarioError: Error, Hashable, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

extension ReplayScenario {
  /// The machine to replay on, given the trace's header. On the trace's own
  /// machine every processor is a node (unless `coresPerNode` says otherwise);
  /// on a config machine, trace processors map to nodes by the node type's
  /// Slurm CPUs unless `coresPerNode` is given.
  public func resolveMachine(header: SWFHeader) throws -> ResolvedMachine {
    if let path = machinePath {
      let machine = try Machine.load(path: path)
      let cores = coresPerNode ?? machine.defaultCoresPerNode
      return ResolvedMachine(
        name: machine.name, nodes: Int32(machine.nodeCount), coresPerNode: Int32(cores), machine: machine)
    }
    guard let total = processors.map(Int64.init) ?? header.maxProcs ?? header.maxNodes, total > 0 else {
      throw ScenarioError(
        "\(tracePath): the header gives neither MaxProcs nor MaxNodes; pass --procs N or --machine FILE")
    }
    let cores = Int64(coresPerNode ?? 1)
    return ResolvedMachine(
      name: "trace machine (\(total) processors)", nodes: Int32(clamping: (total + cores - 1) / cores),
      coresPerNode: Int32(cores), machine: nil)
  }

  /// Runs the replay and returns its report. A trace whose submit times go
  /// backwards is read again, sorted in memory (stable, so ties keep file order).
  public func run() throws -> ReplayReport {
    if let synthetic {
      guard retarget.isEmpty else { throw ScenarioError("retargeting options apply to traces, not to --model") }
      try ReplayOutputs.checkSupported(by: self)
      return try run(synthetic: synthetic)
    }
    var source = try TraceJobSource(
      path: tracePath, admission: JobAdmission(estimateSource: estimate), onBadRecord: onBadRecord)
    let machine = try resolveMachine(header: source.header)
    let admission = machine.admission(estimate: estimate, killAtWalltime: killAtWalltime)
    source.admission = admission
    let expected = Int(min(source.header.maxRecords ?? 0, 50_000_000))
    let retargeting = try traceRetargeting(for: machine)
    do {
      let outputs = ReplayOutputs(scenario: self, machine: machine, header: source.header, expectedJobs: expected)
      var retargeted = ReadAheadJobSource(
        RetargetedJobSource(source, retargeting: retargeting), threaded: readsAhead)
      var report = try replay(&retargeted, machine: machine, expectedJobs: expected, outputs: outputs)
      retargeted.withBase { retargeted in
        report.recordsRead = retargeted.base.recordsRead
        report.skipped = retargeted.base.skipCounts.map { ($0.reason.name, $0.count) }
        if retargeting.window != nil { report.skipped.append(("outside_window", retargeted.outsideWindow)) }
      }
      try outputs.finish(&report)
      return report
    } catch is ReplayError {
      var sorted = try TraceJobSource(path: tracePath, admission: admission, onBadRecord: onBadRecord)
      var jobs: [Job] = []
      while let job = try sorted.nextJob() { jobs.append(job) }
      let (retargeted, outsideWindow, outsideSpan) = retargeting.apply(to: stableSortedBySubmit(jobs))
      if retargeted.isEmpty, let window = retargeting.window, let outsideSpan {
        throw EmptyWindowError(window: window, jobs: outsideWindow, span: outsideSpan)
      }
      jobs = retargeted
      var inMemory = ArrayJobSource(jobs)
      let outputs = ReplayOutputs(scenario: self, machine: machine, header: sorted.header, expectedJobs: jobs.count)
      var report = try replay(&inMemory, machine: machine, expectedJobs: jobs.count, outputs: outputs)
      report.recordsRead = sorted.recordsRead
      report.skipped = sorted.skipCounts.map { ($0.reason.name, $0.count) }
      if retargeting.window != nil { report.skipped.append(("outside_window", outsideWindow)) }
      report.options.append(("sorted_by_submit", "yes (trace not in submit order)"))
      try outputs.finish(&report)
      return report
    }
  }

  func replay<Source: JobSource & ~Copyable>(
    _ source: inout Source, machine: ResolvedMachine, expectedJobs: Int, outputs: ReplayOutputs? = nil,
    tracer extraTracer: (any PassTracer & ReplayObserver)? = nil
  ) throws -> ReplayReport {
    let metrics = MetricsCollector(
      totalNodes: machine.nodes, expectedJobs: expectedJobs, collectsBreakdown: collectsBreakdown || reportPath != nil)
    var observers: [any ReplayObserver] = outputs?.observers(with: metrics) ?? [metrics]
    let jobsWriter = try jobsOutPath.map { path throws(OutputError) in try JobsCSVWriter(path: path) }
    if let jobsWriter { observers.append(jobsWriter) }
    let jobTracer = explainJobID.map(JobTracer.init(jobID:))
    let tracer: (any PassTracer & ReplayObserver)? = extraTracer ?? jobTracer
    if let tracer { observers.append(tracer) }
    let observer: any ReplayObserver = observers.count == 1 ? observers[0] : ObserverGroup(observers)
    let constraints = try replayConstraints(for: machine)
    var storage = try storageSetup(for: machine)
    if var setup = storage, let outputs {
      outputs.attachStorage(to: &setup)
      storage = setup
    }
    var replay = Replay(
      totalNodes: machine.nodes,
      policy: constraints.map { makeConstrainedPolicy($0, totalNodes: machine.nodes) } ?? makeSchedulingPolicy(),
      observer: observer,
      options: ReplayOptions(killAtWalltime: killAtWalltime, overTimeLimit: overTimeLimit),
      storage: storage)
    replay.constraints = constraints
    replay.reservations = try reservationCalendar(for: machine, constraints: constraints)
    if let setup = try acceleratorSetup(for: machine) {
      replay.acceleratorRequests = setup.requests
      replay.nodeTypes = setup.nodeTypes
    }
    try applyEstimateSource(to: &replay)
    if let tracer { replay.trace(with: tracer) }
    let counters = try replay.run(&source)
    try jobsWriter?.commit()
    var report = ReplayReport(
      tracePath: tracePath, machineName: machine.name, nodes: machine.nodes,
      coresPerNode: machine.coresPerNode, policy: policyLabel, estimateSource: estimate.rawValue,
      counters: counters, metrics: metrics.summary())
    report.options = optionList + (try retargetOptionList(machine: machine)) + (try storageOptionList(machine: machine))
      + constraintOptions(constraints, machine: machine) + reservationOptions
      + (jobRequestsPath.map { [("job_requests", $0)] } ?? [])
    report.breakdown = metrics.collectsBreakdown ? metrics.breakdown() : nil
    report.storage = replay.storageSummary
    report.predictions = replay.predictionStatistics
    report.explanation = jobTracer?.trace
    return report
  }

  /// Every option, in a fixed order, for the report's provenance.
  var optionList: [(String, String)] {
    [
      ("machine", machinePath ?? "trace"),
      ("procs", processors.map(String.init) ?? "header"),
      ("cores_per_node", coresPerNode.map(String.init) ?? "default"),
      ("policy", policyLabel),
      ("policy_config", policyConfig?.sourcePath ?? "none"),
      ("order", policyConfig.map { $0.makeOrder().name } ?? order.rawValue),
      ("estimate", estimate.rawValue),
      ("on_bad_record", onBadRecord.rawValue),
      ("kill_at_walltime", killAtWalltime ? "yes" : "no"),
      ("over_time_limit_seconds", overTimeLimit.formatCompact()),
    ] + backfillOptions
  }

  /// The `bf_*` bounds, for a conservative replay not set by `policyConfig`.
  var backfillOptions: [(String, String)] {
    guard policy == .conservative && policyConfig == nil else { return [] }
    return [
      ("bf_max_job_test", backfill.maxJobTest == .max ? "unlimited" : String(backfill.maxJobTest)),
      (
        "bf_window_minutes",
        backfill.window == .infinity
          ? "unlimited" : SimTime(microseconds: backfill.window.microseconds / 60).formatCompact()
      ),
      ("bf_resolution_seconds", backfill.resolution.formatCompact()),
      ("bf_interval_seconds", backfill.interval.formatCompact()),
    ]
  }
}

/// `jobs` sorted by submit time; equal submit times keep their order.
func stableSortedBySubmit(_ jobs: [Job]) -> [Job] {
  jobs.enumerated().sorted {
    $0.element.submitTime != $1.element.submitTime
      ? $0.element.submitTime < $1.element.submitTime : $0.offset < $1.offset
  }.map(\.element)
}

extension ReplayScenario {
  /// Reads and admits every job of the trace without simulating: the
  /// physical floor of a replay, against which benchmarks compare it.
  ///
  /// - Returns: records read and jobs admitted.
  public func parseOnly() throws -> (records: Int, jobs: Int) {
    if let synthetic { return try parseOnly(synthetic: synthetic) }
    var source = try TraceJobSource(
      path: tracePath, admission: JobAdmission(estimateSource: estimate), onBadRecord: onBadRecord)
    var jobs = 0
    var checksum: Int64 = 0
    while let job = try source.nextJob() {
      jobs += 1
      checksum &+= job.runTime.microseconds
    }
    // Keep the optimiser from dropping the loop body.
    if checksum == Int64.min { jobs += 1 }
    return (source.recordsRead, jobs)
  }
}
