import SimKernel
import Testing

@testable import Workload

/// The offered load and the means the model predicts, measured on generated
/// workloads.
@Suite struct LublinLoadTests {
  func summary(_ model: LublinModel, seed: UInt64, jobs: Int) throws -> LublinSummary {
    let generator = try LublinGenerator(model: model, seed: seed, jobs: jobs)
    return LublinSummary(records: generator, nodes: model.nodes, coresPerNode: model.coresPerNode)
  }

  struct LoadCase: Sendable, CustomTestStringConvertible {
    let nodes: Int
    let mix: LublinModel.Mix
    var testDescription: String { "nodes \(nodes), \(mix)" }
  }

  static let loadCases = [
    LoadCase(nodes: 128, mix: .batchAndInteractive), LoadCase(nodes: 1131, mix: .batchAndInteractive),
    LoadCase(nodes: 128, mix: .typeless),
  ]

  /// Pooled over seeds, the measured means and offered load match the
  /// model's analytic expectation. Gaps are heavy-tailed (up to e^13 s), so
  /// each seed's load varies by several percent; pooling 4 × 100,000 jobs
  /// keeps the pooled error within the tolerances below.
  @Test(arguments: loadCases)
  func measuredLoad_matchesTheAnalyticExpectation(_ c: LoadCase) throws {
    var model = LublinModel(nodes: c.nodes)
    model.mix = c.mix
    let expected = model.expectation()
    var work = 0.0
    var span = 0.0
    var jobs = 0
    var nodes = 0.0
    var runtime = 0.0
    for seed: UInt64 in 1...4 {
      let s = try summary(model, seed: seed, jobs: 100_000)
      work += s.nodeSeconds
      span += s.spanSeconds
      jobs += s.jobs
      nodes += s.totalNodes
      runtime += s.totalRuntimeSeconds
      #expect(s.approximateLoad < s.offeredLoad, "\(c), seed \(seed): r and n correlate positively")
    }
    let load = work / (Double(c.nodes) * span)
    let jobsPerDay = Double(jobs) * 86_400 / span
    let meanNodes = nodes / Double(jobs)
    let meanRuntime = runtime / Double(jobs)
    #expect(abs(load / expected.offeredLoad - 1) < 0.08, "\(c), seeds 1-4: load \(load) vs \(expected.offeredLoad)")
    #expect(abs(jobsPerDay / expected.jobsPerDay - 1) < 0.05, "\(c), seeds 1-4: jobs/day \(jobsPerDay) vs \(expected.jobsPerDay)")
    #expect(abs(meanNodes / expected.meanNodes - 1) < 0.03, "\(c), seeds 1-4: mean nodes \(meanNodes) vs \(expected.meanNodes)")
    #expect(abs(meanRuntime / expected.meanRuntimeSeconds - 1) < 0.03, "\(c), seeds 1-4: mean runtime \(meanRuntime) vs \(expected.meanRuntimeSeconds)")
  }

  @Test func measuredLoad_equalsTheSampleFormula() throws {
    // load = Σ rᵢnᵢ / (P · max aᵢ) = mean(r·n) / (P · mean gap), computed here
    // independently of LublinSummary.
    let model = LublinModel(nodes: 1131)
    let seed: UInt64 = 77
    let records = Array(try LublinGenerator(model: model, seed: seed, jobs: 30_000))
    let meanWork = records.map { $0.runTime.secondsValue * Double($0.allocatedProcessors) }
      .reduce(0, +) / Double(records.count)
    let meanGap = records.last!.submitTime.secondsValue / Double(records.count)
    let formula = meanWork / (1131 * meanGap)
    let measured = LublinSummary(records: records, nodes: 1131).offeredLoad
    #expect(abs(measured / formula - 1) < 1e-9, "seed \(seed): \(measured) vs \(formula)")
  }

  @Test func loadScale_multipliesTheOfferedLoad_typeless() throws {
    // One stream: the same draws give the same sizes and runtimes, and the
    // halved gaps cross the daily cycle twice as fast.
    var model = LublinModel(nodes: 1131)
    model.mix = .typeless
    for seed: UInt64 in [3, 4] {
      let base = try summary(model, seed: seed, jobs: 20_000)
      model.loadScale = 2
      let doubled = try summary(model, seed: seed, jobs: 20_000)
      model.loadScale = 1
      let ratio = doubled.offeredLoad / base.offeredLoad
      #expect(abs(ratio - 2) < 0.02, "seed \(seed): load ratio \(ratio)")
      #expect(doubled.nodeSeconds == base.nodeSeconds, "seed \(seed): same jobs")
    }
  }

  @Test func loadScale_multipliesTheOfferedLoad_mixed() throws {
    // Two streams: halving the gaps changes how the classes interleave, so
    // the jobs differ; pooled over seeds the load still doubles.
    var model = LublinModel(nodes: 1131)
    var ratios: [Double] = []
    for scale in [1.0, 2.0] {
      model.loadScale = scale
      var work = 0.0
      var span = 0.0
      for seed: UInt64 in 1...4 {
        let s = try summary(model, seed: seed, jobs: 50_000)
        work += s.nodeSeconds
        span += s.spanSeconds
      }
      ratios.append(work / span)
    }
    let ratio = ratios[1] / ratios[0]
    #expect(abs(ratio - 2) < 0.2, "seeds 1-4: load ratio \(ratio)")
    let expected = { (s: Double) -> Double in
      var m = LublinModel(nodes: 1131)
      m.loadScale = s
      return m.expectation().offeredLoad
    }
    #expect(abs(expected(2) / expected(1) - 2) < 1e-9)
  }

  @Test func loadScaleForTargetLoad_reachesTheTarget() throws {
    var model = LublinModel(nodes: 1131)
    model.mix = .typeless
    model.loadScale = model.loadScale(forOfferedLoad: 0.8)
    #expect(abs(model.expectation().offeredLoad - 0.8) < 1e-9)
    var work = 0.0
    var span = 0.0
    for seed: UInt64 in 1...4 {
      let s = try summary(model, seed: seed, jobs: 50_000)
      work += s.nodeSeconds
      span += s.spanSeconds
    }
    let load = work / (1131 * span)
    #expect(abs(load - 0.8) < 0.08, "seeds 1-4: load \(load) at scale \(model.loadScale)")
  }
}
