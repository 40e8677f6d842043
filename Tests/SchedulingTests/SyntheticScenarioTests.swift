import Foundation
import Reporting
import Scheduling
import SimKernel
import Sweep
import TestSupport
import Testing
import Workload

/// `replay --model lublin`: a synthetic workload replayed as it is generated.
@Suite("Synthetic workloads replayed without a file")
struct SyntheticScenarioTests {
  static let lvliang = TestPaths.repoRoot + "/configs/tianhe2-lvliang.yaml"

  @Test("replaying the model as it is generated equals replaying the file `generate` writes",
        arguments: [PolicyKind.fcfs, .easy])
  func sameAsTheGeneratedFile(policy: PolicyKind) throws {
    // The model as `generate --machine configs/tianhe2-lvliang.yaml` sizes it.
    var model = LublinModel(nodes: 1_131)
    model.coresPerNode = 24
    let path = NSTemporaryDirectory() + "synthetic-\(getpid())-\(policy).swf"
    defer { unlink(path) }
    try LublinGenerator(model: model, seed: 9, jobs: 3_000).writeSWF(path: path)
    let fromFile = try ReplayScenario(tracePath: path, machinePath: Self.lvliang, policy: policy).run()

    var scenario = ReplayScenario(tracePath: "synthetic", machinePath: Self.lvliang, policy: policy)
    scenario.synthetic = SyntheticWorkload(jobs: 3_000, seed: 9)
    let streamed = try scenario.run()

    #expect(streamed.counters == fromFile.counters)
    #expect(streamed.recordsRead == 3_000)
    #expect(streamed.metrics.jobsReplayed == fromFile.metrics.jobsReplayed)
    #expect(streamed.metrics.wait == fromFile.metrics.wait)
    #expect(streamed.metrics.boundedSlowdown == fromFile.metrics.boundedSlowdown)
    #expect(streamed.metrics.utilisation == fromFile.metrics.utilisation)
    #expect(streamed.options.contains { $0 == ("workload", "lublin(jobs=3000, seed=9, load_scale=1.0)") })
  }

  @Test("parse-only generates and admits every job")
  func parseOnly() throws {
    var scenario = ReplayScenario(tracePath: "synthetic", machinePath: Self.lvliang)
    scenario.synthetic = SyntheticWorkload(jobs: 1_234, seed: 2)
    let counts = try scenario.parseOnly()
    #expect(counts.records == 1_234 && counts.jobs == 1_234)
  }

  @Test("on --procs N the model is sized for N one-processor nodes")
  func onProcessors() throws {
    var scenario = ReplayScenario(tracePath: "synthetic", processors: 64)
    scenario.synthetic = SyntheticWorkload(jobs: 500, seed: 4, loadScale: 0.5)
    let report = try scenario.run()
    #expect(report.nodes == 64 && report.coresPerNode == 1)
    #expect(report.metrics.jobsReplayed == 500 && report.metrics.rejected.isEmpty)
  }

  @Test("a synthetic workload without a machine is refused with a clear message")
  func needsAMachine() {
    var scenario = ReplayScenario(tracePath: "synthetic")
    scenario.synthetic = SyntheticWorkload(jobs: 10)
    #expect(throws: ScenarioError("a synthetic workload needs a machine: pass --machine FILE or --procs N")) {
      try scenario.run()
    }
  }
}
