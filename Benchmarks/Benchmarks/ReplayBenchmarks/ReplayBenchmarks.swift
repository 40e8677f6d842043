import Benchmark

/// hpcsim's hot paths, from the kernel up to whole replays.
///
///     cd Benchmarks && swift package benchmark
///     swift package benchmark --filter "Replay.*"
///
/// Whole replays use the real HPC2N trace from `../shared/traces` when it is
/// there, else a generated Lublin trace of the same size (see `Inputs`).
/// Release builds only (the plugin builds them).
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput],
    warmupIterations: 1,
    maxDuration: .seconds(3),
    maxIterations: 50)

  registerKernelBenchmarks()
  registerSchedulingBenchmarks()
  registerWholeReplayBenchmarks()
  registerStorageBenchmarks()
}
