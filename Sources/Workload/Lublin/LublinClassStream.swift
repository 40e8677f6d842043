#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One job class's arrival process and its size and runtime samplers, with
/// everything that depends only on the model precomputed.
struct LublinClassStream {
  let jobClass: LublinModel.JobClass?
  let parameters: LublinModel.ClassParameters
  let uLow: Double
  let uMed: Double
  let uHi: Double
  /// `round(2^uHi)`, at most the machine's node count.
  let maxNodes: Int
  /// `aarr × arar`: the shape of ln(gap).
  let arrivalShape: Double
  /// 48 bucket weights, mean 1.
  let weights: [Double]
  /// `1 / (1800 × loadScale)`: points per sampled second.
  let pointsPerSecond: Double

  /// The bucket the stream's clock is in.
  var bucket: Int
  /// Points left over in the current bucket after the last arrival.
  var points = 0.0
  /// The fraction of the current bucket already elapsed at the last arrival.
  var elapsedFraction = 0.0
  /// The stream's next arrival, in seconds since time 0 (exact, unrounded).
  var nextArrival = 0.0

  init(jobClass: LublinModel.JobClass?, parameters: LublinModel.ClassParameters, model: LublinModel) {
    self.jobClass = jobClass
    self.parameters = parameters
    (uLow, uMed, uHi) = model.sizeRange(for: parameters)
    maxNodes = model.maxJobNodes(for: parameters)
    arrivalShape = parameters.aarr * parameters.arar
    weights = LublinModel.dailyCycleWeights(for: parameters)
    pointsPerSecond = 1 / (LublinModel.secondsPerBucket * model.loadScale)
    bucket = model.startHour * LublinModel.bucketsPerDay / 24
  }

  /// Draws the next gap and moves `nextArrival` past it through the daily
  /// cycle (the reference's `calc_next_arrive`, with its static point and
  /// remainder carried per stream, and the clock kept in exact seconds).
  ///
  /// - Complexity: O(1) expected; O(gap / 30 min) bucket steps.
  mutating func advance(using rng: inout SeededGenerator) {
    var logGap: Double
    repeat {
      logGap = rng.nextGamma(shape: arrivalShape, scale: parameters.barr)
    } while logGap > LublinModel.gapLogCap
    points += exp(logGap) * pointsPerSecond
    var elapsed = 0.0
    while points > weights[bucket] {
      points -= weights[bucket]
      bucket = bucket == LublinModel.bucketsPerDay - 1 ? 0 : bucket + 1
      elapsed += LublinModel.secondsPerBucket
    }
    let fraction = points / weights[bucket]
    elapsed += LublinModel.secondsPerBucket * (fraction - elapsedFraction)
    elapsedFraction = fraction
    nextArrival += elapsed
  }

  /// A job size in nodes (the reference's `calc_number_of_nodes`): one
  /// uniform decides serial (`u ≤ serial`) or power of two
  /// (`u ≤ serial + pow2`).
  func sampleNodes(using rng: inout SeededGenerator) -> Int {
    let u = rng.nextUnitInterval()
    if u <= parameters.serialProbability { return 1 }
    var par = rng.nextTwoStageUniform(low: uLow, med: uMed, high: uHi, probability: parameters.uProb)
    if u <= parameters.serialProbability + parameters.powerOfTwoProbability {
      par = (par + 0.5).rounded(.down)
    }
    let nodes = Int((pow(2, par) + 0.5).rounded(.down))
    return min(max(nodes, 1), maxNodes)
  }

  /// The hyper-gamma weight of the short-runtime gamma for a job of `nodes`.
  @inline(__always)
  func shortWeight(nodes: Int) -> Double {
    min(max(parameters.pa * Double(nodes) + parameters.pb, 0), 1)
  }

  /// A runtime in whole seconds, 1…⌊e¹²⌋ (the reference's `time_from_nodes`).
  func sampleRuntime(nodes: Int, using rng: inout SeededGenerator) -> Int64 {
    let p = shortWeight(nodes: nodes)
    var logRuntime: Double
    repeat {
      logRuntime = rng.nextHyperGamma(
        a1: parameters.a1, b1: parameters.b1, a2: parameters.a2, b2: parameters.b2, p: p)
    } while logRuntime > LublinModel.runtimeLogCap
    return max(1, Int64(exp(logRuntime)))
  }
}
