#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Workload

/// Where the benchmarks find their inputs.
enum Inputs {
  /// The repository root: this file is `<root>/Benchmarks/Benchmarks/ReplayBenchmarks/Inputs.swift`.
  static let repoRoot: String = {
    var path = "\(#filePath)"
    for _ in 0..<4 {
      guard let slash = path.lastIndex(of: "/") else { return "." }
      path = String(path[..<slash])
    }
    return path
  }()

  /// `configs/tianhe2-full.yaml`: 16,000 nodes.
  static var tianhe2Full: String { repoRoot + "/configs/tianhe2-full.yaml" }

  /// `configs/tianhe2-lvliang.yaml`: 1,131 nodes and a 7 PB storage tier.
  static var tianhe2Lvliang: String { repoRoot + "/configs/tianhe2-lvliang.yaml" }

  /// The HPC2N trace (202,871 jobs) from `../shared/traces`, or when it is
  /// absent a generated Lublin trace of 200,000 jobs on 240 nodes.
  static let replayTrace: (path: String, name: String) = {
    let shared = repoRoot + "/../shared/traces/HPC2N-2002-2.2-cln.swf.gz"
    if fileExists(shared) { return (shared, "HPC2N") }
    let generated = "/tmp/hpcsim-bench-lublin-200k.swf"
    if !fileExists(generated) {
      print("note: \(shared) is absent; benchmarking a generated Lublin trace instead")
      do {
        let generator = try LublinGenerator(model: LublinModel(nodes: 240), seed: 1, jobs: 200_000)
        try generator.writeSWF(path: generated)
      } catch {
        fatalError("cannot generate \(generated): \(error)")
      }
    }
    return (generated, "Lublin-200k")
  }()

  static func fileExists(_ path: String) -> Bool {
    guard let file = fopen(path, "r") else { return false }
    fclose(file)
    return true
  }
}

/// A small deterministic generator (SplitMix64) so every run measures the same work.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
