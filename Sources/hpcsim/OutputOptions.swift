import ArgumentParser
import Reporting
import SimKernel
import Sweep

/// `hpcsim replay`'s extra outputs: the schedule as SWF, the time series,
/// the HTML report, and the progress display.
struct OutputOptions: ParsableArguments {
  @Option(help: "Write the simulated schedule as SWF: the trace with field 3 (Wait Time) = simulated wait.")
  var swfOut: String?

  @Option(help: "Write utilisation, queue length and running jobs over time as CSV.")
  var timeseriesOut: String?

  @Option(help: "Bucket width of --timeseries-out, in seconds (default 3600).")
  var timeseriesResolution: Int?

  @Option(help: "Write a self-contained HTML report (charts, Gantt chart, summary) to this file.")
  var report: String?

  @Option(help: "The report's Gantt window, START:END in trace seconds (default: the busiest day).")
  var ganttWindow: String?

  @Flag(help: "Do not show progress on stderr (shown only on a terminal, for replays longer than a second).")
  var quiet = false

  func validate() throws {
    if let timeseriesResolution {
      guard timeseriesResolution > 0 else {
        throw ValidationError("--timeseries-resolution must be a positive number of seconds, got \(timeseriesResolution)")
      }
      guard timeseriesOut != nil else { throw ValidationError("--timeseries-resolution applies to --timeseries-out") }
    }
    if let ganttWindow {
      guard report != nil else { throw ValidationError("--gantt-window applies to --report") }
      guard TimeWindow(parsing: ganttWindow) != nil else {
        throw ValidationError("--gantt-window must be START:END in seconds with 0 <= START < END, got '\(ganttWindow)'")
      }
    }
  }

  /// Sets the scenario's output fields; progress only when stderr is a terminal.
  func apply(to scenario: inout ReplayScenario) {
    scenario.swfOutPath = swfOut
    scenario.timeSeriesOutPath = timeseriesOut
    scenario.timeSeriesResolution = .seconds(Int64(timeseriesResolution ?? 3_600))
    scenario.reportPath = report
    scenario.ganttWindow = ganttWindow.flatMap(TimeWindow.init(parsing:))
    scenario.showProgress = !quiet && ProgressReporter.isTerminal(2)
  }
}
