import Benchmark
import Platform
import SimKernel
import Sweep

/// The storage tier: its transfer sharing, the staging model's job
/// lifecycle, and whole replays with it on (docs/performance.md, "The
/// storage tier").
func registerStorageBenchmarks() {
  // 1M transfers through the tier, each of 1-4 active at a time (as in an
  // HPC2N replay, where one is usually alone): start, advance to the first
  // end, collect it.
  Benchmark("StorageTier start+end (1M transfers, 1-4 active)", configuration: .init(scalingFactor: .mega)) {
    benchmark in
    var random = SplitMix(seed: 5)
    var tier = StorageTier(capacity: 7_000_000_000_000_000, bandwidth: 60_612_725_965)
    var finished: [Int32] = []
    var id: Int32 = 0
    for _ in benchmark.scaledIterations {
      while tier.activeTransfers < Int(1 + random.next() % 4) {
        tier.startTransfer(id: id, bytes: Int64(1 + random.next() % 1_000_000_000_000))
        id &+= 1
      }
      tier.advance(by: tier.nextEventDelay(now: .zero)!)
      finished.removeAll(keepingCapacity: true)
      tier.takeFinished(into: &finished)
    }
    blackHole(finished.count)
  }

  // 100,000 jobs through stage-in, hourly checkpoints, stage-out and 10 min
  // of retention; up to 200 in the model at once.
  Benchmark("StagingModel checkpointing jobs (100k jobs)", configuration: .init(scalingFactor: .kilo)) { benchmark in
    var random = SplitMix(seed: 6)
    var model = StagingModel(
      tier: StorageTier(capacity: 7_000_000_000_000_000, bandwidth: 60_612_725_965), retention: .seconds(600))
    var started = 0
    let jobs = benchmark.scaledIterations.count * 100
    while started < jobs || model.activeJobs > 0 {
      while started < jobs && model.activeJobs < 200 {
        let cores = Int64(1 + random.next() % 64)
        let demand = IODemand(
          inputBytes: cores * 1_000_000_000, outputBytes: cores * 500_000_000, checkpointBytes: cores * 2_000_000_000,
          checkpointInterval: .seconds(3_600))
        let compute = SimTime.seconds(Int64(60 + random.next() % 40_000))
        model.start(slot: Int32(started % 1_000), nodes: 1, demand: demand, compute: compute)
        started += 1
      }
      guard let next = model.nextEventTime(now: model.clock) else { break }
      model.advance(by: next - model.clock)
      model.takeDueEvents()
    }
    blackHole(model.statistics.checkpoints)
  }

  // Whole replays on the Lvliang unit, compute-only and with the storage
  // tier: the ratios of these are the README's figures.
  let trace = Inputs.replayTrace
  let configuration = Benchmark.Configuration(maxDuration: .seconds(5), maxIterations: 20)
  let ioModels: [(String, IOModel?)] = [
    ("compute-only", nil),
    ("I/O model", IOModel(bytesPerCoreHour: 1e9, seed: 7)),
    (
      "hourly checkpoints",
      IOModel(bytesPerCoreHour: 1e9, seed: 7, checkpointPerCore: 2e9, checkpointInterval: .seconds(3_600))
    ),
  ]
  for (name, ioModel) in ioModels {
    Benchmark("Replay easy, Lvliang, \(name) (\(trace.name))", configuration: configuration) { _ in
      var scenario = ReplayScenario(tracePath: trace.path, machinePath: Inputs.tianhe2Lvliang, policy: .easy)
      scenario.storage.model = ioModel
      blackHole(try scenario.run().counters.events)
    }
  }
}
