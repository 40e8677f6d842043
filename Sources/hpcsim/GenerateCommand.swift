import ArgumentParser
import Platform
import SimKernel
import Workload

struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Generate a synthetic workload as an SWF file (Lublin & Feitelson 2003).",
    discussion: """
      Jobs come from the Lublin-Feitelson model: serial vs parallel sizes with
      power-of-two emphasis, run times from a size-dependent two-gamma mixture,
      gamma inter-arrival times with a daily cycle. Estimates follow a
      documented user-estimate model (--estimates). The same seed gives the
      same bytes.

      Examples:
        hpcsim generate --model lublin --nodes 1131 --days 30 --seed 1 -o month.swf
        hpcsim generate --model lublin --jobs 100000 --machine configs/tianhe2-full.yaml --seed 7 -o big.swf
      """)

  enum Model: String, ExpressibleByArgument { case lublin }

  @Option(help: "The workload model (only 'lublin').")
  var model: Model = .lublin

  @Option(help: "Stop after this many jobs.")
  var jobs: Int?

  @Option(help: "Stop at this many days of submissions.")
  var days: Double?

  @Option(help: "Machine size in nodes (default: the --machine config's node count).")
  var nodes: Int?

  @Option(help: "Machine config whose node count sizes the jobs.")
  var machine: String?

  @Option(help: "Processors written per node (default 1, or the config's Slurm CPUs with --machine).")
  var coresPerNode: Int?

  @Option(help: "Random seed (any 64-bit unsigned integer).")
  var seed: UInt64 = 1

  @Option(help: "Arrival-rate multiplier: 2 offers twice the load.")
  var loadScale: Double = 1

  @Option(help: "User estimates: 'tsafrir' (round limits above the run time), 'exact', or 'factor:K'.")
  var estimates: String = "tsafrir"

  @Option(name: [.short, .customLong("output")], help: "The SWF file to write.")
  var output: String

  func validate() throws {
    if jobs == nil && days == nil { throw ValidationError("give --jobs N, --days D, or both") }
    if let jobs, jobs <= 0 { throw ValidationError("--jobs must be positive, got \(jobs)") }
    if let days, !(days > 0) { throw ValidationError("--days must be positive, got \(days)") }
    if nodes == nil && machine == nil { throw ValidationError("give --nodes N or --machine FILE") }
    if let nodes, nodes <= 0 { throw ValidationError("--nodes must be positive, got \(nodes)") }
    if !(loadScale > 0) { throw ValidationError("--load-scale must be positive, got \(loadScale)") }
    _ = try estimateModel()
  }

  func estimateModel() throws -> LublinModel.EstimateModel {
    switch estimates {
    case "tsafrir": return .tsafrir
    case "exact": return .exact
    default:
      if estimates.hasPrefix("factor:"), let k = Double(estimates.dropFirst(7)), k >= 1 { return .factor(k) }
      throw ValidationError("--estimates must be 'tsafrir', 'exact' or 'factor:K' with K >= 1, got '\(estimates)'")
    }
  }

  func run() throws {
    try reportingErrors {
      var nodeCount = nodes
      var cores = coresPerNode ?? 1
      if let machine {
        let config = try Machine.load(path: machine)
        nodeCount = nodeCount ?? config.nodeCount
        cores = coresPerNode ?? config.defaultCoresPerNode
      }
      var lublin = LublinModel(nodes: nodeCount ?? 1)
      lublin.coresPerNode = cores
      lublin.loadScale = loadScale
      lublin.estimateModel = try estimateModel()
      let duration = days.map { SimTime.fractionalSeconds($0 * 86_400) }
      let generator = try LublinGenerator(model: lublin, seed: seed, jobs: jobs, duration: duration)
      let written = try generator.writeSWF(path: output)
      printOut("wrote \(output): \(written) jobs, \(nodeCount ?? 1) nodes x \(cores) processors, seed \(seed)\n")
    }
  }
}
