#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension LublinModel {
  /// How a job's requested time (SWF field 9, the user's runtime estimate
  /// that backfilling plans with) is made from its runtime. The Lublin model
  /// itself emits no estimates. Every choice gives `estimate ≥ runtime`.
  public enum EstimateModel: Hashable, Sendable, CustomStringConvertible {
    /// "Tsafrir-lite", after Tsafrir, Etsion & Feitelson, "Modeling user
    /// runtime estimates" (JSSPP 2005): real estimates are modal, a few round
    /// wall-clock limits cover most jobs, and most are generous.
    ///
    /// The runtime is multiplied by a factor drawn from
    /// `tsafrirFactors` (1, 1.5, 2, 3, 5 or 10; or, with probability 0.15,
    /// the maximum limit, as users who always ask for the queue's limit),
    /// then rounded **up** to the next value of `roundLimits` (5 min … 48 h),
    /// and capped at the largest (48 h ≥ e¹² s, the model's longest runtime).
    case tsafrir
    /// The estimate is the runtime (perfect users).
    case exact
    /// The estimate is `⌈runtime × k⌉` seconds, k ≥ 1 (the simple
    /// `k × runtime` rule, e.g. Batsim's default factor 2).
    case factor(Double)

    /// `tsafrir`, `exact`, or `factor:K`.
    public var description: String {
      switch self {
      case .tsafrir: "tsafrir"
      case .exact: "exact"
      case .factor(let k): "factor:\(k)"
      }
    }
  }

  /// The round wall-clock limits (seconds) estimates snap up to: 5, 10, 15,
  /// 30 min; 1, 2, 4, 8, 12, 18, 24, 36, 48 h.
  public static let roundLimits: [Int64] = [
    300, 600, 900, 1_800, 3_600, 7_200, 14_400, 28_800, 43_200, 64_800, 86_400,
    129_600, 172_800,
  ]

  /// The factor distribution of `.tsafrir`: (factor, probability); a factor
  /// of `.infinity` means "ask for the largest limit".
  public static let tsafrirFactors: [(factor: Double, probability: Double)] = [
    (1, 0.10), (1.5, 0.10), (2, 0.20), (3, 0.15), (5, 0.15), (10, 0.15), (.infinity, 0.15),
  ]

  /// The smallest round limit ≥ `seconds`, or the largest limit when none is
  /// (never below `seconds` for runtimes the model emits).
  public static func roundUpToLimit(_ seconds: Double) -> Int64 {
    for limit in roundLimits where Double(limit) >= seconds { return limit }
    return roundLimits[roundLimits.count - 1]
  }
}

/// `EstimateModel` with its tables unpacked for the per-job path.
struct LublinEstimator: Hashable, Sendable {
  let model: LublinModel.EstimateModel
  /// `.tsafrir`: cumulative probabilities and their factors.
  let cumulative: [Double]
  let factors: [Double]
  /// `LublinModel.roundLimits` as `Double`.
  let limits: [Double]

  init(_ model: LublinModel.EstimateModel) {
    self.model = model
    var running = 0.0
    cumulative = LublinModel.tsafrirFactors.map {
      running += $0.probability
      return running
    }
    factors = LublinModel.tsafrirFactors.map(\.factor)
    limits = LublinModel.roundLimits.map(Double.init)
  }

  /// The requested time, in whole seconds, for a job of `runtime` seconds.
  ///
  /// - Complexity: O(1); `.tsafrir` uses one `next()` of `rng`.
  func estimate(runtime: Int64, using rng: inout SeededGenerator) -> Int64 {
    switch model {
    case .exact:
      return runtime
    case .factor(let k):
      return max(runtime, Int64((Double(runtime) * k).rounded(.up)))
    case .tsafrir:
      // Branch-free searches: count the thresholds passed.
      let u = rng.nextUnitInterval()
      var index = 0
      for i in 0..<(cumulative.count - 1) { index &+= Int(step(u >= cumulative[i])) }
      let wanted = Double(runtime) * factors[index]
      var limit = 0
      for i in 0..<(limits.count - 1) { limit &+= Int(step(limits[i] < wanted)) }
      return max(runtime, LublinModel.roundLimits[limit])
    }
  }
}

/// 1 for `true`, 0 for `false`, without a branch.
@inline(__always)
private func step(_ condition: Bool) -> UInt8 {
  unsafeBitCast(condition, to: UInt8.self)
}
