import ArgumentParser
import Sweep

/// `hpcsim merge PART... -o OUT`: joins the part files of a sharded sweep
/// into the output of a whole run.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Join the part files of 'hpcsim sweep --shard i/N' into OUT.csv and OUT.json.",
    discussion: """
      Every shard of one plan must be given once. The result is byte-identical
      to running the whole plan at once.

      Example:
        hpcsim merge out/plan.shard-0-of-2.part out/plan.shard-1-of-2.part -o out/plan
      """)

  @Argument(help: "The part files, one per shard.")
  var parts: [String]

  @Option(name: [.short, .long], help: "Output path without extension: writes OUTPUT.csv and OUTPUT.json.")
  var output: String

  func run() throws {
    try reportingErrors {
      let results = try SweepMerge.merge(paths: parts)
      try SweepSession.write(results, to: output)
      printOut("wrote \(output).csv and \(output).json (\(results.scenarios.count) scenarios from \(parts.count) parts)\n")
      if results.failedScenarios > 0 {
        printError("hpcsim: \(results.failedScenarios) of \(results.scenarios.count) scenarios failed (see the status and error columns)")
        throw ExitCode.failure
      }
    }
  }
}
