import Platform
import Reporting
import SimKernel
import Simulation
import Workload

/// A time window of the trace, in trace time (for the report's Gantt chart).
public struct TimeWindow: Sendable, Hashable {
  public var start: SimTime
  public var end: SimTime

  public init(start: SimTime, end: SimTime) {
    self.start = start
    self.end = end
  }

  /// Parses `START:END` in seconds (integers or decimals), `START < END`.
  public init?(parsing text: String) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let low = Double(parts[0]), let high = Double(parts[1]), low.isFinite, high.isFinite,
      low >= 0, high > low
    else { return nil }
    self.init(start: .fractionalSeconds(low), end: .fractionalSeconds(high))
  }
}

/// The observers behind a scenario's optional outputs (SWF schedule, time
/// series, HTML report, progress), and the writing of every output with its
/// provenance once the replay is over.
///
/// Made fresh for each replay attempt (a trace read again sorted starts
/// over). Outputs are written atomically (`AtomicFile`) and depend only on
/// the inputs, so a re-run gives the same bytes.
final class ReplayOutputs {
  let scenario: ReplayScenario
  let machine: ResolvedMachine
  let header: SWFHeader
  let schedule: ScheduleSWFWriter?
  let timeSeries: TimeSeriesCollector?
  let reportSeries: TimeSeriesCollector?
  let gantt: GanttCollector?
  let progress: ProgressReporter?
  /// The trace's and machine's SHA-256, hashed on a second thread while the
  /// replay runs (about 20 ms for HPC2N's 10 MB), when an output records it.
  let provenance: BackgroundTask<Result<Provenance, SHA256FileError>>?

  /// Buckets the report's series keeps at most (merged to 2,000 points when drawn).
  static let reportBuckets = 4_000
  /// The report series' first bucket width: 225 s, so that doublings give
  /// round widths (7.5 min, 15 min, 30 min, 1 h, 2 h, … 16 h, 32 h).
  static let reportInitialResolution = SimTime.seconds(225)

  init(scenario: ReplayScenario, machine: ResolvedMachine, header: SWFHeader, expectedJobs: Int) {
    self.scenario = scenario
    self.machine = machine
    self.header = header
    schedule = scenario.swfOutPath.map { _ in ScheduleSWFWriter(expectedJobs: expectedJobs) }
    timeSeries = scenario.timeSeriesOutPath.map { _ in
      TimeSeriesCollector(totalNodes: machine.nodes, resolution: scenario.timeSeriesResolution)
    }
    if scenario.reportPath != nil {
      reportSeries = TimeSeriesCollector(
        totalNodes: machine.nodes, initialResolution: Self.reportInitialResolution, maxBuckets: Self.reportBuckets)
      gantt = GanttCollector(window: scenario.ganttWindow.map { ($0.start, $0.end) })
    } else {
      reportSeries = nil
      gantt = nil
    }
    progress =
      scenario.showProgress
      ? ProgressReporter(
        expectedJobs: scenario.synthetic.map { $0.jobs ?? 0 }
          ?? ProgressReporter.estimatedJobCount(path: scenario.tracePath, header: header),
        unixStartTime: header.unixStartTime)
      : nil
    provenance =
      scenario.synthetic == nil && Self.needsProvenance(scenario)
      ? BackgroundTask { [tracePath = scenario.tracePath, machinePath = scenario.machinePath] in
        Result { () throws(SHA256FileError) in try Provenance.compute(tracePath: tracePath, machineConfig: machinePath) }
      } : nil
  }

  /// Whether an output of `scenario` records the provenance.
  static func needsProvenance(_ scenario: ReplayScenario) -> Bool {
    scenario.recordsProvenance || scenario.jobsOutPath != nil || scenario.swfOutPath != nil
      || scenario.timeSeriesOutPath != nil || scenario.reportPath != nil
      || scenario.storage.seriesPath != nil || scenario.storage.jobsOutPath != nil
  }

  /// Throws when `scenario` asks for outputs its workload cannot give: a
  /// synthetic workload has no trace file to rewrite, hash or report on.
  static func checkSupported(by scenario: ReplayScenario) throws {
    let asked = [
      ("--swf-out", scenario.swfOutPath), ("--timeseries-out", scenario.timeSeriesOutPath),
      ("--report", scenario.reportPath),
    ].filter { $0.1 != nil }.map(\.0)
    guard scenario.synthetic == nil || asked.isEmpty else {
      throw ScenarioError(
        "\(asked.joined(separator: ", ")) \(asked.count == 1 ? "needs" : "need") a trace file; write the synthetic workload with "
          + "'hpcsim generate' and replay that file")
    }
  }

  /// The replay's observers: `metrics` alone, or one observer that calls
  /// `metrics` and each requested collector directly (one dynamic dispatch
  /// per event instead of one per collector: on HPC2N that halves what the
  /// outputs add to a replay).
  func observers(with metrics: MetricsCollector) -> [any ReplayObserver] {
    schedule == nil && timeSeries == nil && reportSeries == nil && gantt == nil && progress == nil
      ? [metrics] : [Fanout(metrics, self)]
  }

  /// Makes the time series (if asked for) collect the storage columns of
  /// `setup`'s tier.
  func attachStorage(to setup: inout ReplayStorageSetup) {
    guard let timeSeries else { return }
    timeSeries.enableStorage(capacity: setup.model.tier.capacity, bandwidth: setup.model.tier.bandwidth)
    setup.timeline = timeSeries
  }

  /// Forwards events to the metrics and the requested collectors, statically.
  final class Fanout: ReplayObserver {
    let metrics: MetricsCollector
    let schedule: ScheduleSWFWriter?
    let timeSeries: TimeSeriesCollector?
    let reportSeries: TimeSeriesCollector?
    let gantt: GanttCollector?
    let progress: ProgressReporter?

    init(_ metrics: MetricsCollector, _ outputs: ReplayOutputs) {
      self.metrics = metrics
      (schedule, timeSeries, reportSeries, gantt, progress) = (
        outputs.schedule, outputs.timeSeries, outputs.reportSeries, outputs.gantt, outputs.progress
      )
    }

    var usesNodeSets: Bool {
      metrics.usesNodeSets || schedule?.usesNodeSets == true || timeSeries?.usesNodeSets == true
        || reportSeries?.usesNodeSets == true || gantt != nil || progress?.usesNodeSets == true
    }

    func jobStarted(_ job: Job, at time: SimTime, nodes: NodeSet) {
      metrics.jobStarted(job, at: time, nodes: nodes)
      gantt?.jobStarted(job, at: time, nodes: nodes)
    }

    func jobEnded(_ outcome: JobOutcome) {
      metrics.jobEnded(outcome)
      schedule?.jobEnded(outcome)
      timeSeries?.jobEnded(outcome)
      reportSeries?.jobEnded(outcome)
      gantt?.jobEnded(outcome)
      progress?.jobEnded(outcome)
    }

    func jobRejected(_ job: Job, reason: RejectReason) {
      metrics.jobRejected(job, reason: reason)
      progress?.jobRejected(job, reason: reason)
    }

    func replayFinished(at time: SimTime) {
      metrics.replayFinished(at: time)
      gantt?.replayFinished(at: time)
      progress?.replayFinished(at: time)
    }
  }

  /// Completes `report` (provenance) and writes every requested
  /// output, each CSV with its `.provenance.json` sidecar. A synthetic
  /// workload has no trace file to hash: its provenance is its label (model,
  /// seed, size) and the options.
  func finish(_ report: inout ReplayReport) throws {
    if let provenance { report.provenance = try provenance.value.get() }
    try scenario.writeStorageOutputs(report)
    if let path = scenario.jobsOutPath {
      try report.writeProvenanceSidecar(
        for: path, format: "hpcsim jobs.csv: the 12 Batsim/evalys columns, then final_state, user, group, partition, processors, "
          + JobsCSVWriter.pendingColumns.joined(separator: ", "))
    }
    if let path = scenario.swfOutPath, let schedule {
      try schedule.write(
        tracePath: scenario.tracePath, onBadRecord: scenario.onBadRecord, notes: report.swfNotes(), to: path)
    }
    if let path = scenario.timeSeriesOutPath, let timeSeries {
      try timeSeries.writeCSV(to: path)
      try report.writeProvenanceSidecar(
        for: path,
        format: "hpcsim time series CSV: time, utilisation, queue_length, running_jobs"
          + (timeSeries.storageTier.map {
            ", storage_occupancy, storage_used_bytes, storage_bandwidth_utilisation, "
              + "storage_bandwidth_bytes_per_second (tier of \($0.capacity) bytes, \($0.bandwidth) bytes/s)"
          } ?? "") + ", averaged over buckets of \(scenario.timeSeriesResolution.formatCompact()) s")
    }
    if let path = scenario.reportPath, let reportSeries {
      let html = HTMLReport(
        report: report, series: reportSeries.rows(),
        seriesResolution: SimTime(microseconds: reportSeries.resolution), breakdown: report.breakdown ?? Breakdown.empty,
        gantt: gantt?.window(), unixStartTime: header.unixStartTime)
      try AtomicFile.write(html.render(), to: path)
    }
  }
}
