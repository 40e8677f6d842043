// swift-tools-version:6.1
//
// hpcsim's benchmarks, a package of their own (as swift-collections does) so
// that building or testing hpcsim never compiles the benchmark dependencies.
//
//   cd Benchmarks && swift package benchmark
//
// The suites live in Benchmarks/<Suite>/ as package-benchmark requires.
import PackageDescription

let package = Package(
  name: "hpcsim-benchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "hpcsim", path: ".."),
    .package(
      url: "https://github.com/ordo-one/benchmark", exact: "1.38.1",
      traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "ReplayBenchmarks",
      dependencies: [
        .product(name: "HPCSim", package: "hpcsim"),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/ReplayBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    // Not a benchmark: prints queue lengths over a synthetic replay
    // (`swift run -c release ScaleProbe 1000000`), to check a scale run is
    // in steady state rather than saturated.
    .executableTarget(
      name: "ScaleProbe",
      dependencies: [.product(name: "HPCSim", package: "hpcsim")],
      path: "Sources/ScaleProbe"),
  ]
)
