import ArgumentParser
import Reporting
import Workload

/// `hpcsim compare`: replay summaries side by side.
struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare replay summaries (JSON from replay --summary-out or --json) side by side.",
    discussion: """
      For each metric (jobs, wait, bounded slowdown, response, utilisation,
      makespan, scheduling passes) prints every summary's value and, for the
      second summary on, its difference from the first (B-A) and that
      difference relative to the first ('B vs A', in percent; n/a when the
      first is 0). A note says when the summaries replay different traces.

      Examples:
        hpcsim replay ../shared/traces/HPC2N-2002-2.2-cln.swf.gz --policy easy --summary-out easy.json
        hpcsim replay ../shared/traces/HPC2N-2002-2.2-cln.swf.gz --policy fcfs --summary-out fcfs.json
        hpcsim compare easy.json fcfs.json --html compare.html
      """)

  @Argument(help: "Two or more summary JSON files; differences are taken against the first.")
  var summaries: [String]

  @Option(help: "Also write the comparison as a self-contained HTML page.")
  var html: String?

  func validate() throws {
    if summaries.count < 2 { throw ValidationError("give at least two summary files to compare") }
  }

  func run() throws {
    try reportingErrors {
      let comparison = try SummaryComparison.load(paths: summaries)
      if let html { try AtomicFile.write(comparison.renderHTML(), to: html) }
      printOut(comparison.renderText())
    }
  }
}
