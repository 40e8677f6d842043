import ArgumentParser
import Reporting
import Sweep
import Workload

/// `hpcsim explain`: replays a trace exactly as `hpcsim replay` does (same
/// options) and prints why one job waited, pass by pass.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Replay a trace and print why one job waited, pass by pass.",
    discussion: """
      Takes every option of 'hpcsim replay' (policy, policy file, machine, ...)
      and prints the job's timeline in simulated seconds: its submission, each
      scheduling pass while it waited with its pending reason (Slurm's names:
      Priority, Resources, StorageCapacity, QOSMaxJobsPerUserLimit, ...), its
      position in the policy's order and its planned start (EASY's shadow time
      as the blocked head, conservative's reservation), the jobs submitted
      after it that started first (backfilled past it), its start and end, and
      its wait split by reason. Passes that changed nothing for the job are
      summarised in one line (--all-passes prints each).

      Examples:
        hpcsim explain ../shared/traces/HPC2N-2002-2.2-cln.swf.gz --job 1234 --policy easy
        hpcsim explain trace.swf --job 7 --policy-file configs/policy-sdsc-ds-partitions.yaml
      """)

  @Option(help: ArgumentHelp("The job to explain: its job number (SWF field 1).", valueName: "id"))
  var job: Int64

  @Flag(help: "Print every pass while the job waited, not only those where something changed for it.")
  var allPasses = false

  @OptionGroup var replay: ReplayCommand

  func validate() throws {
    if replay.json { throw ValidationError("--json does not apply to explain; use --summary-out for the summary") }
    if replay.parseOnly { throw ValidationError("--parse-only does not apply to explain") }
  }

  func run() throws {
    var scenario = try replay.makeScenario()
    scenario.explainJobID = job
    try reportingErrors {
      let report = try scenario.run()
      if let summaryOut = replay.summaryOut {
        try AtomicFile.write(report.jsonValue().rendered() + "\n", to: summaryOut)
      }
      guard report.explanation?.job != nil, let text = report.renderExplanation(allPasses: allPasses) else {
        throw CLIError(
          "job \(job) is not in \(scenario.tracePath): no job with that number reached the replay"
            + (report.skippedTotal > 0 ? " (\(grouped(report.skippedTotal)) records were skipped when reading)" : ""))
      }
      printOut(text)
    }
  }
}
