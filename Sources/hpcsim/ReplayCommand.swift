import ArgumentParser
import Reporting
import Scheduling
import Sweep
import Workload

struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Replay an SWF trace (.swf or .swf.gz) under a queue policy and print a summary.",
    discussion: """
      Without --machine the trace runs on its own machine: MaxProcs identical
      one-processor nodes (--procs overrides the count). With --machine, jobs get
      whole nodes: ceil(processors / cores per node).

      Same-time order: at each instant, completions free nodes first, then
      arrivals join the queue, then one scheduling pass runs.

      Examples:
        hpcsim replay ../shared/traces/SDSC-SP2-1998-4.2-cln.swf.gz --policy easy
        hpcsim replay ../shared/traces/CTC-SP2-1996-3.1-cln.swf.gz --procs 512 --json
        hpcsim replay month.swf --machine configs/tianhe2-lvliang.yaml --jobs-out jobs.csv
      """)

  @Argument(help: "The trace: an SWF file, plain or gzip-compressed.")
  var trace: String

  @Option(help: "Queue policy: \(PolicyKind.allCases.map(\.rawValue).joined(separator: ", ")).")
  var policy: PolicyKind = .easy

  @OptionGroup var traceOptions: TraceOptions
  @OptionGroup var machineOptions: MachineOptions

  @Flag(help: "Print the summary as JSON instead of text.")
  var json = false

  @Option(help: "Write the per-job schedule as a Batsim/evalys jobs.csv.")
  var jobsOut: String?

  @Option(help: "Also write the JSON summary to this file.")
  var summaryOut: String?

  @Flag(help: "Kill a job still running at its requested time (+ --over-time-limit); it ends TIMEOUT.")
  var killAtWalltime = false

  @Option(help: "Minutes a job may run past its requested time before the kill (Slurm's OverTimeLimit).")
  var overTimeLimit: Int = 0

  @Flag(help: "Print the wall time of the replay on stderr.")
  var timing = false

  @Flag(help: "Only read and parse the trace (the floor benchmarks compare a replay with).")
  var parseOnly = false

  func validate() throws {
    if overTimeLimit < 0 { throw ValidationError("--over-time-limit must be >= 0 minutes, got \(overTimeLimit)") }
    if overTimeLimit > 0 && !killAtWalltime {
      throw ValidationError("--over-time-limit only applies with --kill-at-walltime")
    }
  }

  func run() throws {
    try reportingErrors {
      var scenario = ReplayScenario(
        tracePath: trace, machinePath: machineOptions.machine, processors: machineOptions.procs,
        coresPerNode: machineOptions.coresPerNode, policy: policy, estimate: traceOptions.estimate,
        onBadRecord: traceOptions.onBadRecord, jobsOutPath: jobsOut)
      scenario.killAtWalltime = killAtWalltime
      scenario.overTimeLimit = .seconds(Int64(overTimeLimit) * 60)
      let clock = ContinuousClock()
      let started = clock.now
      if parseOnly {
        let (records, jobs) = try scenario.parseOnly()
        printOut("parsed \(trace): \(records) records, \(jobs) replayable jobs\n")
        if timing { printError("wall time: \(formatDecimal(seconds(clock.now - started), decimals: 3)) s") }
        return
      }
      let report = try scenario.run()
      let elapsed = clock.now - started
      if let summaryOut { try AtomicFile.write(report.jsonValue().rendered() + "\n", to: summaryOut) }
      printOut(json ? report.jsonValue().rendered() + "\n" : report.renderText())
      if timing { printError("wall time: \(formatDecimal(seconds(elapsed), decimals: 3)) s") }
    }
  }
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
