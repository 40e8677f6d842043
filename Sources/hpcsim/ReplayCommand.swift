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
        hpcsim replay ../shared/traces/HPC2N-2002-2.2-cln.swf.gz --report hpc2n.html --summary-out easy.json
        hpcsim replay --model lublin --jobs 1000000 --seed 1 --machine configs/tianhe2-full.yaml
      """)

  @Argument(help: "The trace: an SWF file, plain or gzip-compressed (omit with --model).")
  var trace: String?

  @Option(help: "Queue policy: \(PolicyKind.allCases.map(\.rawValue).joined(separator: ", ")).")
  var policy: PolicyKind = .easy

  @Option(help: "Queue order, ties by arrival: \(QueueOrderKind.allCases.map(\.rawValue).joined(separator: ", ")).")
  var order: QueueOrderKind = .submit

  @Option(help: "Conservative: waiting jobs considered per pass (Slurm's bf_max_job_test; default 500; 0: all).")
  var bfMaxJobTest: Int?

  @Option(help: "Conservative: planning horizon in minutes (Slurm's bf_window; default 1440; 0: unlimited).")
  var bfWindow: Int?

  @Option(help: "Conservative: planned ends round up to this many seconds (bf_resolution; default 1).")
  var bfResolution: Int?

  @Option(help: "Conservative: backfill only at multiples of this many seconds (bf_interval; default 0: every event).")
  var bfInterval: Int?

  @OptionGroup var policyConfigOptions: PolicyConfigOptions
  @OptionGroup var traceOptions: TraceOptions
  @OptionGroup var machineOptions: MachineOptions
  @OptionGroup var syntheticOptions: SyntheticOptions
  @OptionGroup(title: "Retargeting") var retargetingOptions: RetargetingOptions
  @OptionGroup(title: "Storage tier") var storageOptions: StorageTierOptions

  @Flag(help: "Print the summary as JSON instead of text.")
  var json = false

  @Option(help: "Write the per-job schedule as a Batsim/evalys jobs.csv.")
  var jobsOut: String?

  @Option(help: "Also write the JSON summary to this file.")
  var summaryOut: String?

  @OptionGroup var outputOptions: OutputOptions

  @Flag(help: "Kill a job still running at its requested time (+ --over-time-limit); it ends TIMEOUT.")
  var killAtWalltime = false

  @Option(help: "Minutes a job may run past its requested time before the kill (Slurm's OverTimeLimit).")
  var overTimeLimit: Int = 0

  @Flag(help: "Print the wall time, the process's CPU time and the replay thread's on stderr.")
  var timing = false

  @Flag(help: "Only read and parse the trace (the floor benchmarks compare a replay with).")
  var parseOnly = false

  @Flag(
    inversion: .prefixedNo,
    help: "Read the trace on a second thread while the replay simulates (outputs are the same either way).")
  var readAhead = true

  func validate() throws {
    try syntheticOptions.validate(trace: trace)
    try validateBackfillOptions()
    if overTimeLimit < 0 { throw ValidationError("--over-time-limit must be >= 0 minutes, got \(overTimeLimit)") }
    if overTimeLimit > 0 && !killAtWalltime {
      throw ValidationError("--over-time-limit only applies with --kill-at-walltime")
    }
  }

  func run() throws {
    try run(makeScenario())
  }

  /// The replay these options describe (`hpcsim explain` replays it too).
  func makeScenario() throws -> ReplayScenario {
    try reportingErrors {
      var scenario = ReplayScenario(
        tracePath: trace ?? syntheticOptions.workload?.label ?? "", machinePath: machineOptions.machine,
        processors: machineOptions.procs,
        coresPerNode: machineOptions.coresPerNode, policy: policy, estimate: traceOptions.estimate,
        onBadRecord: traceOptions.onBadRecord, jobsOutPath: jobsOut)
      scenario.killAtWalltime = killAtWalltime
      scenario.readsAhead = readAhead
      scenario.jobRequestsPath = machineOptions.jobRequests
      scenario.recordsProvenance = json || summaryOut != nil
      scenario.collectsBreakdown = json || summaryOut != nil
      scenario.order = order
      scenario.backfill = backfillParameters
      outputOptions.apply(to: &scenario)
      scenario.synthetic = syntheticOptions.workload
      scenario.retarget = try retargetingOptions.options()
      scenario.storage = try storageOptions.options()
      scenario.overTimeLimit = .seconds(Int64(overTimeLimit) * 60)
      try policyConfigOptions.apply(to: &scenario, overTimeLimitMinutes: overTimeLimit)
      return scenario
    }
  }

  func run(_ scenario: ReplayScenario) throws {
    try reportingErrors {
      let clock = ContinuousClock()
      let started = clock.now
      if parseOnly {
        let (records, jobs) = try scenario.parseOnly()
        printOut("parsed \(scenario.tracePath): \(records) records, \(jobs) replayable jobs\n")
        if timing { printError("wall time: \(formatDecimal(seconds(clock.now - started), decimals: 3)) s") }
        return
      }
      let report = try scenario.run()
      let elapsed = clock.now - started
      if let summaryOut { try AtomicFile.write(report.jsonValue().rendered() + "\n", to: summaryOut) }
      printOut(json ? report.jsonValue().rendered() + "\n" : report.renderText())
      if timing { printError("wall time: \(formatDecimal(seconds(elapsed), decimals: 3)) s" + cpuTimes) }
    }
  }

  /// The process's CPU time and the replay thread's, for `--timing`.
  var cpuTimes: String {
    let process = "; CPU \(formatDecimal(CPUTime.process, decimals: 3)) s"
    guard let thread = CPUTime.currentThread else { return process }
    return process + " (replay thread \(formatDecimal(thread, decimals: 3)) s)"
  }
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

extension QueueOrderKind: ExpressibleByArgument {}

extension ReplayCommand {
  /// The `--bf-*` options as `BackfillParameters` (Slurm's defaults for the
  /// ones not given; 0 lifts `bf_max_job_test` and `bf_window`).
  var backfillParameters: BackfillParameters {
    let defaults = BackfillParameters()
    return BackfillParameters(
      maxJobTest: bfMaxJobTest.map { $0 == 0 ? .max : $0 } ?? defaults.maxJobTest,
      window: bfWindow.map { $0 == 0 ? .infinity : .seconds(Int64($0) * 60) } ?? defaults.window,
      resolution: bfResolution.map { .seconds(Int64($0)) } ?? defaults.resolution,
      interval: bfInterval.map { .seconds(Int64($0)) } ?? defaults.interval)
  }

  /// Slurm's ranges for the `bf_*` options, which apply to conservative only.
  func validateBackfillOptions() throws {
    let given = [bfMaxJobTest, bfWindow, bfResolution, bfInterval].contains { $0 != nil }
    if given && policy != .conservative {
      throw ValidationError("--bf-max-job-test, --bf-window, --bf-resolution and --bf-interval apply to --policy conservative only")
    }
    if let value = bfMaxJobTest, !(0...1_000_000).contains(value) {
      throw ValidationError("--bf-max-job-test must be 1 ... 1000000 jobs (0: all), got \(value)")
    }
    if let value = bfWindow, !(0...43_200).contains(value) {
      throw ValidationError("--bf-window must be 1 ... 43200 minutes (0: unlimited), got \(value)")
    }
    if let value = bfResolution, !(1...3_600).contains(value) {
      throw ValidationError("--bf-resolution must be 1 ... 3600 seconds, got \(value)")
    }
    if let value = bfInterval, !(0...10_800).contains(value) {
      throw ValidationError("--bf-interval must be 0 ... 10800 seconds (0: every event), got \(value)")
    }
  }
}
