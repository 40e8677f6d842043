import ArgumentParser
import Sweep

extension Rank0Mode: ExpressibleByArgument {}

/// `hpcsim sweep PLAN.yaml`: runs a grid of replays, alone or spread over
/// the ranks of an `mpirun` job.
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Run a grid of replays (traces x policies x machines x options x replicas) from a YAML plan.",
    discussion: """
      Writes OUTPUT.csv (one row per scenario) and OUTPUT.json (one report per
      scenario), in scenario order. Under mpirun, rank 0 hands runs out (largest
      first) and the other ranks replay them; the files are byte-identical to a
      run in one process. With --shard i/N only runs j with j mod N = i run, and
      a part file OUTPUT.shard-i-of-N.part is written for 'hpcsim merge'.
      Relative paths in the plan are resolved against the plan's directory.
      Exit status 1 if a scenario failed (its row says why; the others still run).

      Examples:
        hpcsim sweep configs/sweep-example.yaml
        scripts/mpirun-hpcsim -n 3 -- hpcsim sweep plan.yaml --timing
        hpcsim sweep plan.yaml --shard 0/2 -o out/plan
        hpcsim sweep plan.yaml --shard 1/2 -o out/plan
        hpcsim merge out/plan.shard-0-of-2.part out/plan.shard-1-of-2.part \\
          -o out/plan
      The plan format is in docs/formats/sweep-plan.md.
      """)

  @Argument(help: "The sweep plan (YAML).")
  var plan: String

  @Option(name: [.short, .long], help: "Output path without extension (overrides the plan's 'output').")
  var output: String?

  @Option(help: "Run only share i of N (runs j with j mod N = i) and write a part file: 'i/N'.")
  var shard: String?

  @Option(help: "Under mpirun, whether rank 0 also replays: auto (when its host has a spare core), work, dispatch.")
  var rank0: Rank0Mode = .auto

  @Flag(help: "No progress lines on stderr.")
  var quiet = false

  @Flag(help: "Print throughput and dispatch overhead on stderr at the end.")
  var timing = false

  func validate() throws {
    if let shard, Shard(parsing: shard) == nil {
      throw ValidationError("--shard must be 'i/N' with 0 <= i < N, got '\(shard)'")
    }
  }

  func run() throws {
    var options = SweepOptions(planPath: plan)
    options.output = output
    options.shard = shard.flatMap(Shard.init(parsing:))
    options.progress = !quiet
    options.timing = timing
    options.rank0 = rank0
    let status = SweepSession.run(options)
    if status != 0 { throw ExitCode(status) }
  }
}
