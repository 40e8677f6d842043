import SimKernel

/// A stream of synthetic jobs from the Lublin & Feitelson (2003) model, as
/// SWF records in submit order.
///
/// Each record has: job numbers 1, 2, …; the submit time in whole seconds
/// since time 0 (= `model.startHour`:00 of day 0; the first job arrives after
/// one sampled gap, not at 0); the runtime in whole seconds (≥ 1); allocated
/// and requested processors = job nodes × `coresPerNode`; the requested time
/// from `model.estimateModel`; wait time, status and other unknown fields
/// −1 (a model, per the SWF page); user and group from the Zipf user model;
/// queue number 1 for batch, 0 for interactive, −1 for typeless jobs.
///
/// Determinism: the sequence depends only on (model, seed, stop criteria)
/// and is stable across platforms and Swift releases (`SeededGenerator`,
/// samplers without `Double.random`). Three independent streams of the seed
/// are used: stream 0 for the model (arrivals, sizes, runtimes), 1 for
/// users, 2 for estimates, so changing the user or estimate model does not
/// change the jobs themselves.
///
/// ```swift
/// var model = LublinModel(nodes: 1131)
/// model.loadScale = 0.8
/// let jobs = try LublinGenerator(model: model, seed: 7, duration: .seconds(30 * 86_400))
/// for record in jobs { … }
/// ```
///
/// - Complexity: O(1) expected per job; no allocation or `String` work.
public struct LublinGenerator: IteratorProtocol, Sequence, Sendable {
  /// The model.
  public let model: LublinModel
  /// The seed.
  public let seed: UInt64
  /// Stop after this many jobs, if set.
  public let jobLimit: Int?
  /// Stop at the first job whose submit time exceeds this, if set.
  public let duration: SimTime?

  var modelRNG: SeededGenerator
  var userRNG: SeededGenerator
  var estimateRNG: SeededGenerator
  /// The batch stream, or the only stream when typeless.
  var first: LublinClassStream
  /// The interactive stream; unused (a copy of `first`) when typeless.
  var second: LublinClassStream
  /// Whether `second` is a real stream (batch and interactive mixed).
  let hasSecond: Bool
  let userModel: LublinUserModel
  let estimator: LublinEstimator
  /// Jobs emitted so far.
  public private(set) var emitted = 0
  var finished = false

  /// A generator of the jobs of `model` from `seed`.
  ///
  /// - Parameters:
  ///   - model: the model; validated here.
  ///   - seed: any 64-bit value.
  ///   - jobs: stop after this many jobs (≥ 0), or `nil`.
  ///   - duration: stop at the first job whose submit time exceeds this
  ///     (e.g. `.seconds(30 * 86_400)` for a 30-day month), or `nil`.
  /// - Throws: `LublinModelError` for a bad setting or when both stop
  ///   criteria are `nil`.
  public init(
    model: LublinModel, seed: UInt64, jobs: Int? = nil, duration: SimTime? = nil
  ) throws(LublinModelError) {
    try model.validate()
    if jobs == nil && duration == nil { throw .unbounded }
    if let jobs, jobs < 0 {
      throw .invalidParameter(name: "jobs", value: "\(jobs)", requirement: "must be >= 0")
    }
    if let duration, duration < .zero {
      throw .invalidParameter(
        name: "duration", value: duration.description, requirement: "must be >= 0 seconds")
    }
    self.model = model
    self.seed = seed
    self.jobLimit = jobs
    self.duration = duration
    modelRNG = SeededGenerator(seed: seed, stream: 0)
    userRNG = SeededGenerator(seed: seed, stream: 1)
    estimateRNG = SeededGenerator(seed: seed, stream: 2)
    userModel = LublinUserModel(users: model.users, exponent: model.userZipfExponent)
    estimator = LublinEstimator(model.estimateModel)
    switch model.mix {
    case .batchAndInteractive:
      first = LublinClassStream(jobClass: .batch, parameters: model.batch, model: model)
      second = LublinClassStream(
        jobClass: .interactive, parameters: model.interactive, model: model)
    case .typeless:
      first = LublinClassStream(jobClass: nil, parameters: model.typeless, model: model)
      second = first
    }
    hasSecond = model.mix == .batchAndInteractive
    // As the reference's arrive_init: each stream's first arrival is one gap
    // after time 0, batch drawn first.
    first.advance(using: &modelRNG)
    if hasSecond { second.advance(using: &modelRNG) }
  }

  /// The next job, or `nil` once a stop criterion is met.
  public mutating func next() -> SWFRecord? {
    if finished { return nil }
    if let jobLimit, emitted >= jobLimit {
      finished = true
      return nil
    }
    // The stream whose next arrival is earlier; ties go to interactive.
    let useFirst = !hasSecond || first.nextArrival < second.nextArrival
    let arrival = useFirst ? first.nextArrival : second.nextArrival
    let submit = Int64(arrival)  // whole seconds, rounded down
    if let duration, SimTime.seconds(submit) > duration {
      finished = true
      return nil
    }
    let nodes: Int
    let runtime: Int64
    let jobClass: LublinModel.JobClass?
    if useFirst {
      first.advance(using: &modelRNG)
      nodes = first.sampleNodes(using: &modelRNG)
      runtime = first.sampleRuntime(nodes: nodes, using: &modelRNG)
      jobClass = first.jobClass
    } else {
      second.advance(using: &modelRNG)
      nodes = second.sampleNodes(using: &modelRNG)
      runtime = second.sampleRuntime(nodes: nodes, using: &modelRNG)
      jobClass = second.jobClass
    }
    let user = userModel.sample(using: &userRNG)
    let estimate = estimator.estimate(runtime: runtime, using: &estimateRNG)
    emitted += 1
    let processors = Int64(nodes) * Int64(model.coresPerNode)
    return SWFRecord(
      jobNumber: Int64(emitted), submitTime: .seconds(submit), waitTime: .seconds(-1),
      runTime: .seconds(runtime), allocatedProcessors: processors,
      requestedProcessors: processors, requestedTime: .seconds(estimate), status: -1,
      userID: Int64(user), groupID: Int64((user - 1) % model.groups + 1),
      queueNumber: Int64(jobClass?.rawValue ?? -1))
  }
}
