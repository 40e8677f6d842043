#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension LublinModel {
  /// Long-run expected characteristics of a model's workload, computed from
  /// the distributions (not by sampling).
  public struct Expectation: Hashable, Sendable {
    /// Jobs submitted per day (sum over the classes' arrival rates).
    public var jobsPerDay: Double
    /// Mean inter-arrival gap of the merged stream, in seconds.
    public var meanGapSeconds: Double
    /// Mean job size, in nodes.
    public var meanNodes: Double
    /// Mean runtime, in seconds.
    public var meanRuntimeSeconds: Double
    /// Mean node-seconds per job, E[r·n] (≠ E[r]·E[n]: `pa < 0` correlates them).
    public var meanNodeSeconds: Double
    /// Offered load E[r·n] / (P · E[gap]): the fraction of the machine the
    /// jobs would keep busy with no waiting.
    public var offeredLoad: Double
    /// The share of serial jobs.
    public var serialFraction: Double
  }

  /// The expected workload of this model (arrival rates, size and runtime
  /// means, offered load), exact up to numerical integration (relative error
  /// about 1e-6) and to the whole-second rounding of runtimes, which is
  /// approximated as −0.5 s per job.
  ///
  /// Per class: the long-run mean gap is E[e^G | G ≤ 13] / loadScale with
  /// G ~ Gamma(aarr·ARAR, barr), since the daily cycle's weights average 1;
  /// the size law is integrated exactly over the two-stage uniform; and
  /// E[r | n] = E[e^H | H ≤ 12] for the hyper-gamma H with p(n).
  /// Use it to choose `loadScale` for a target load:
  /// `loadScale = target / expectation().offeredLoad` at `loadScale = 1`.
  ///
  /// - Complexity: O(nodes + 10⁴) gamma CDF evaluations.
  public func expectation() -> Expectation {
    var rate = 0.0
    var nodesRate = 0.0
    var runtimeRate = 0.0
    var workRate = 0.0
    var serialRate = 0.0
    for (_, parameters) in activeClasses {
      let moments = classMoments(parameters)
      let classRate = 1 / moments.meanGap
      rate += classRate
      nodesRate += classRate * moments.meanNodes
      runtimeRate += classRate * moments.meanRuntime
      workRate += classRate * moments.meanNodeSeconds
      serialRate += classRate * moments.serial
    }
    return Expectation(
      jobsPerDay: rate * 86_400, meanGapSeconds: 1 / rate, meanNodes: nodesRate / rate,
      meanRuntimeSeconds: runtimeRate / rate, meanNodeSeconds: workRate / rate,
      offeredLoad: workRate / Double(nodes), serialFraction: serialRate / rate)
  }

  /// The `loadScale` at which the expected offered load is `target`
  /// (e.g. 0.8), other settings unchanged: `target / offeredLoad(scale 1)`.
  ///
  /// - Complexity: one `expectation()`.
  public func loadScale(forOfferedLoad target: Double) -> Double {
    var unscaled = self
    unscaled.loadScale = 1
    return target / unscaled.expectation().offeredLoad
  }

  /// One class's mean gap (s), size (nodes), runtime (s), node-seconds and
  /// serial share.
  func classMoments(
    _ parameters: ClassParameters
  ) -> (meanGap: Double, meanNodes: Double, meanRuntime: Double, meanNodeSeconds: Double, serial: Double) {
    let gap = Self.truncatedExpMoment(
      shape: parameters.aarr * parameters.arar, scale: parameters.barr, cap: Self.gapLogCap)
    let short = Self.truncatedExpMoment(
      shape: parameters.a1, scale: parameters.b1, cap: Self.runtimeLogCap)
    let long = Self.truncatedExpMoment(
      shape: parameters.a2, scale: parameters.b2, cap: Self.runtimeLogCap)
    let sizes = sizeProbabilities(parameters)
    var meanNodes = 0.0
    var meanRuntime = 0.0
    var meanWork = 0.0
    for (n, probability) in sizes.enumerated() where probability > 0 {
      let p = min(max(parameters.pa * Double(n) + parameters.pb, 0), 1)
      let runtime =
        (p * short.moment + (1 - p) * long.moment) / (p * short.mass + (1 - p) * long.mass) - 0.5
      meanNodes += probability * Double(n)
      meanRuntime += probability * runtime
      meanWork += probability * runtime * Double(n)
    }
    return (gap.moment / gap.mass / loadScale, meanNodes, meanRuntime, meanWork, sizes[1])
  }

  /// P(size = n) for n in 0…maxJobNodes (index 0 is always 0), integrating
  /// the two-stage uniform over the intervals that round to each size.
  func sizeProbabilities(_ parameters: ClassParameters) -> [Double] {
    let (uLow, uMed, uHi) = sizeRange(for: parameters)
    let cap = maxJobNodes(for: parameters)
    let uProb = parameters.uProb
    /// P(U < x) for the two-stage uniform U.
    func cdf(_ x: Double) -> Double {
      func stage(_ a: Double, _ b: Double) -> Double {
        if b <= a { return x >= a ? 1 : 0 }  // degenerate: a point mass
        return min(max((x - a) / (b - a), 0), 1)
      }
      return uProb * stage(uLow, uMed) + (1 - uProb) * stage(uMed, uHi)
    }
    let serial = parameters.serialProbability
    let pow2 = max(0, min(parameters.powerOfTwoProbability, 1 - serial))
    let other = max(0, 1 - serial - pow2)
    var probabilities = [Double](repeating: 0, count: cap + 1)
    probabilities[1] += serial
    // Power-of-two jobs: round(U) = k for U in [k − 0.5, k + 0.5).
    let lowestK = Int((uLow + 0.5).rounded(.down))
    let highestK = Int((uHi + 0.5).rounded(.down))
    for k in lowestK...max(lowestK, highestK) {
      let mass = cdf(Double(k) + 0.5) - cdf(Double(k) - 0.5)
      let n = min(max(Int((pow(2, Double(k)) + 0.5).rounded(.down)), 1), cap)
      probabilities[n] += pow2 * mass
    }
    // Other parallel jobs: round(2^U) = m for U in [log2(m − 0.5), log2(m + 0.5)).
    for m in 1...cap {
      let lower = m == 1 ? -Double.infinity : log2(Double(m) - 0.5)
      let upper = m == cap ? Double.infinity : log2(Double(m) + 0.5)
      probabilities[m] += other * (cdf(upper) - cdf(lower))
    }
    return probabilities
  }

  /// E[e^X; X ≤ cap] and P(X ≤ cap) for X ~ Gamma(shape, scale), by the
  /// midpoint rule on 20,000 cells weighted by exact CDF masses.
  static func truncatedExpMoment(
    shape: Double, scale: Double, cap: Double
  ) -> (moment: Double, mass: Double) {
    let cells = 20_000
    let width = cap / Double(cells)
    var previous = 0.0
    var moment = 0.0
    for i in 1...cells {
      let cumulative = GammaDistribution.cdf(Double(i) * width, shape: shape, scale: scale)
      moment += exp((Double(i) - 0.5) * width) * (cumulative - previous)
      previous = cumulative
    }
    return (moment, previous)
  }
}
