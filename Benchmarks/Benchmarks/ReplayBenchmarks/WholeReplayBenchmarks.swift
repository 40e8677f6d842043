import Benchmark
import Scheduling
import Sweep

/// Whole replays from the command line's entry point (`ReplayScenario`):
/// inflate, parse, admit, simulate, summarise; and the parse-only floor.
func registerWholeReplayBenchmarks() {
  let trace = Inputs.replayTrace
  let configuration = Benchmark.Configuration(maxDuration: .seconds(5), maxIterations: 20)

  Benchmark("Parse-only floor (\(trace.name))", configuration: configuration) { _ in
    let scenario = ReplayScenario(tracePath: trace.path)
    blackHole(try scenario.parseOnly())
  }

  for policy in [PolicyKind.fcfs, .easy] {
    Benchmark("Replay \(policy.rawValue) (\(trace.name))", configuration: configuration) { _ in
      let scenario = ReplayScenario(tracePath: trace.path, policy: policy)
      blackHole(try scenario.run().counters.events)
    }
  }

  // 100,000 Lublin jobs on the full Tianhe-2, generated as they replay.
  Benchmark("Replay easy (Lublin 100k jobs, 16,000 nodes)", configuration: configuration) { _ in
    var scenario = ReplayScenario(tracePath: "lublin", machinePath: Inputs.tianhe2Full, policy: .easy)
    scenario.synthetic = SyntheticWorkload(jobs: 100_000, seed: 1)
    blackHole(try scenario.run().counters.events)
  }
}
