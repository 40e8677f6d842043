import ArgumentParser
import Sweep
import Workload

/// `hpcsim tune`: searches multifactor priority weights (and backfill knobs)
/// for a workload and writes the best as a policy file.
struct TuneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tune",
    abstract: "Tune multifactor priority weights and backfill knobs on traces; write the best as a policy file.",
    discussion: """
      Random search with successive halving: candidate 0 is hpcsim's
      multifactor baseline (age 1000, fair-share 10000, job size 1000, EASY),
      the others are drawn from --seed. Each rung replays the survivors on the
      first --min-jobs x eta^rung jobs of every trace and keeps the best 1/eta;
      the last rung replays the survivor and the baseline on whole traces, so
      the winner is never worse than the baseline there. Under mpirun each
      rung's evaluations are spread over the ranks; the result is the same
      for any number of ranks. The output is a YAML policy file for
      'hpcsim replay --policy-file'.

      Examples:
        hpcsim tune ../shared/traces/KTH-SP2-1996-2.1-cln.swf.gz -o best.yaml
        scripts/mpirun-hpcsim -n 3 -- hpcsim tune A.swf.gz B.swf.gz \\
          --objective mix:1,0.5 --max-user-bsld 50 -o best.yaml --log tune.csv
        hpcsim replay A.swf.gz --policy-file best.yaml
      """)

  @Argument(help: "The traces to tune on (SWF, plain or gzip).")
  var traces: [String]

  @Option(name: [.short, .long], help: "The policy file (YAML) to write.")
  var output: String

  @Option(help: "What to minimise: bsld (mean bounded slowdown), wait-p95 (seconds), or mix:A,B (A x bsld + B x p95 wait in hours).")
  var objective: String = "bsld"

  @Option(help: "Fairness bound: every user's mean bounded slowdown must stay at or below this.")
  var maxUserBsld: Double?

  @Option(help: "Candidates in the first rung.")
  var candidates: Int = 27

  @Option(help: "Halving factor: each rung keeps 1/eta of the candidates on eta times the jobs.")
  var eta: Int = 3

  @Option(help: "Jobs per trace in the first rung.")
  var minJobs: Int = 2000

  @Option(help: "Seed of the random candidates.")
  var seed: UInt64 = 1

  @Flag(help: "Search the priority weights only (EASY backfilling), not conservative and its bf_* knobs.")
  var weightsOnly = false

  @OptionGroup var traceOptions: TraceOptions
  @OptionGroup var machineOptions: MachineOptions

  @Option(help: "Also write every evaluation as CSV.")
  var log: String?

  @Option(help: "Under mpirun, whether rank 0 also replays: auto, work, dispatch.")
  var rank0: Rank0Mode = .auto

  @Flag(help: "No progress lines on stderr.")
  var quiet = false

  @Flag(help: "Print the wall time on stderr at the end.")
  var timing = false

  func validate() throws {
    if TuneObjective(parsing: objective) == nil {
      throw ValidationError("--objective must be bsld, wait-p95 or mix:A,B (A, B >= 0), got '\(objective)'")
    }
    if candidates < 1 { throw ValidationError("--candidates must be at least 1, got \(candidates)") }
    if eta < 2 { throw ValidationError("--eta must be at least 2, got \(eta)") }
    if minJobs < 1 { throw ValidationError("--min-jobs must be at least 1, got \(minJobs)") }
    if let maxUserBsld, !(maxUserBsld >= 1) {
      throw ValidationError("--max-user-bsld must be at least 1 (bounded slowdown is never below 1)")
    }
  }

  func run() throws {
    var spec = TuneSpec(traces: traces)
    spec.machinePath = machineOptions.machine
    spec.processors = machineOptions.procs
    spec.coresPerNode = machineOptions.coresPerNode
    spec.estimate = traceOptions.estimate
    spec.onBadRecord = traceOptions.onBadRecord
    spec.objective = TuneObjective(parsing: objective) ?? .boundedSlowdown
    spec.maxUserBoundedSlowdown = maxUserBsld
    spec.candidates = candidates
    spec.eta = eta
    spec.minJobs = minJobs
    spec.seed = seed
    spec.tuneBackfill = !weightsOnly
    var options = TuneOptions(spec: spec, output: output)
    options.logPath = log
    options.progress = !quiet
    options.timing = timing
    options.rank0 = rank0
    let status = TuneSession.run(options)
    if status != 0 { throw ExitCode(status) }
  }
}
