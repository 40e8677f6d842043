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

  /// Buckets the report's series keeps at most (merged to 2,000 points when drawn).
  static let reportBuckets = 4_000

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
        totalNodes: machine.nodes, initialResolution: .seconds(60), maxBuckets: Self.reportBuckets)
      gantt = GanttCollector(window: scenario.ganttWindow.map { ($0.start, $0.end) })
    } else {
      reportSeries = nil
      gantt = nil
    }
    progress =
      scenario.showProgress
      ? ProgressReporter(
        expectedJobs: ProgressReporter.estimatedJobCount(path: scenario.tracePath, header: header),
        unixStartTime: header.unixStartTime)
      : nil
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
        "\(asked.joined(separator: ", ")) need a trace file; write the synthetic workload with "
          + "'hpcsim generate' and replay that file")
    }
  }

  /// The observers to add to the replay.
  var observers: [any ReplayObserver] {
    var list: [any ReplayObserver] = []
    if let schedule { list.append(schedule) }
    if let timeSeries { list.append(timeSeries) }
    if let reportSeries { list.append(reportSeries) }
    if let gantt { list.append(gantt) }
    if let progress { list.append(progress) }
    return list
  }

  /// Completes `report` (provenance) and writes every requested
  /// output, each CSV with its `.provenance.json` sidecar.
  func finish(_ report: inout ReplayReport) throws {
    report.provenance = try Provenance.compute(tracePath: scenario.tracePath, machineConfig: scenario.machinePath)
    if let path = scenario.jobsOutPath {
      try report.writeProvenanceSidecar(
        for: path, format: "hpcsim jobs.csv: the 12 Batsim/evalys columns, then final_state, user, group, partition, processors")
    }
    if let path = scenario.swfOutPath, let schedule {
      try schedule.write(
        tracePath: scenario.tracePath, onBadRecord: scenario.onBadRecord, notes: report.swfNotes(), to: path)
    }
    if let path = scenario.timeSeriesOutPath, let timeSeries {
      try timeSeries.writeCSV(to: path)
      try report.writeProvenanceSidecar(
        for: path,
        format: "hpcsim time series CSV: time, utilisation, queue_length, running_jobs, averaged over buckets of "
          + "\(scenario.timeSeriesResolution.formatCompact()) s")
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
