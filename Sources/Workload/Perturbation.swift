import SimKernel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Seeded noise and load scaling applied to a stream of jobs, for replicated
/// sweeps: each replica replays a slightly different version of the trace.
///
/// ## The noise model
/// Every factor is log-normal with mean 1: `f = exp(σ·Z − σ²/2)`, `Z`
/// standard normal, so noise never makes a time negative and does not shift
/// the mean. For each job, in submit order, three normals are drawn in this
/// fixed order, whatever the σs (so turning one noise on or off does not
/// change the others' samples):
/// 1. **arrival jitter** (`arrivalNoise`): the gap to the previous job's
///    submit time is multiplied by `f` and divided by `loadFactor`; the first
///    job keeps its submit time. Gaps stay ≥ 0, so submit order is kept.
/// 2. **run-time noise** (`runTimeNoise`): the run time is multiplied by `f`.
/// 3. **estimate noise** (`estimateNoise`): the user's requested time
///    (field 9, when known) is multiplied by `f`.
///
/// Times are rounded to the microsecond. The estimate is then chosen as
/// `JobAdmission` does: the run time with `EstimateSource.runtime`;
/// otherwise the (noisy) requested time, or the run time when that is
/// unknown or shorter, except with walltime kills, where a known request is
/// the estimate (and the limit) even when the noisy run time exceeds it.
///
/// A `loadFactor` of 2 halves every gap (twice the arrival rate) without any
/// noise; noise and load are independent.
///
/// - Complexity: O(1) per job: three normal samples (about 7.7 `next()`
///   calls, three `log`s and three `exp`s).
public struct JobPerturbation: Sendable, Hashable {
  /// σ of the log-normal factor on inter-arrival gaps; 0 for none.
  public var arrivalNoise: Double
  /// σ of the log-normal factor on run times; 0 for none.
  public var runTimeNoise: Double
  /// σ of the log-normal factor on requested times; 0 for none.
  public var estimateNoise: Double
  /// Arrival-rate multiplier (> 0): gaps are divided by it.
  public var loadFactor: Double
  /// The seed of the noise stream (see `SeededGenerator`).
  public var seed: UInt64
  /// Only the first `jobLimit` jobs are kept (a prefix of the workload,
  /// e.g. a small budget for tuning); `nil` keeps every job.
  public var jobLimit: Int?
  /// How estimates are chosen after the noise (as in `JobAdmission`).
  public var estimateSource: EstimateSource
  /// Whether jobs are killed at their requested time (as in `JobAdmission`).
  public var killAtWalltime: Bool

  /// A perturbation; with every σ 0 and a load factor of 1 it changes nothing.
  public init(
    arrivalNoise: Double = 0, runTimeNoise: Double = 0, estimateNoise: Double = 0,
    loadFactor: Double = 1, seed: UInt64 = 0, jobLimit: Int? = nil, estimateSource: EstimateSource = .requested,
    killAtWalltime: Bool = false
  ) {
    precondition(loadFactor > 0 && loadFactor.isFinite, "load factor must be positive")
    precondition(
      [arrivalNoise, runTimeNoise, estimateNoise].allSatisfy { $0 >= 0 && $0.isFinite },
      "noise must be zero or more")
    self.arrivalNoise = arrivalNoise
    self.runTimeNoise = runTimeNoise
    self.estimateNoise = estimateNoise
    self.loadFactor = loadFactor
    self.seed = seed
    self.jobLimit = jobLimit
    self.estimateSource = estimateSource
    self.killAtWalltime = killAtWalltime
  }

  /// Whether any noise is drawn (a pure load factor draws none).
  public var hasNoise: Bool { arrivalNoise > 0 || runTimeNoise > 0 || estimateNoise > 0 }

  /// Whether the perturbation leaves every job as it is.
  public var isIdentity: Bool { !hasNoise && loadFactor == 1 && jobLimit == nil }

  /// The log-normal factor with mean 1 for one standard normal `z`.
  @inlinable
  static func factor(sigma: Double, z: Double) -> Double {
    sigma == 0 ? 1 : exp(sigma * z - sigma * sigma / 2)
  }

  /// `time × factor`, rounded to the microsecond (ties away from zero).
  @inlinable
  static func scaled(_ time: SimTime, by factor: Double) -> SimTime {
    factor == 1 ? time : SimTime(microseconds: Int64((Double(time.microseconds) * factor).rounded()))
  }
}

/// Jobs of `base`, perturbed by a `JobPerturbation` as they stream.
///
/// Holds only the previous job's submit times: memory is O(1).
public struct PerturbedJobSource<Base: JobSource & ~Copyable>: JobSource, ~Copyable {
  /// The wrapped source (its counters stay readable after the replay).
  public var base: Base
  public let perturbation: JobPerturbation
  var generator: SeededGenerator
  /// The previous job's original and perturbed submit times.
  var previous: (original: SimTime, perturbed: SimTime)?
  /// Jobs returned so far.
  var returned = 0

  /// Wraps `base`.
  public init(_ base: consuming Base, perturbation: JobPerturbation) {
    self.base = base
    self.perturbation = perturbation
    generator = SeededGenerator(seed: perturbation.seed)
  }

  public mutating func nextJob() throws -> Job? {
    if let limit = perturbation.jobLimit, returned >= limit { return nil }
    guard var job = try base.nextJob() else { return nil }
    returned += 1
    if perturbation.isIdentity { return job }
    let p = perturbation
    // Always three draws per job, in this order (see `JobPerturbation`).
    var z = (arrival: 0.0, run: 0.0, estimate: 0.0)
    if p.hasNoise {
      z = (generator.nextStandardNormal(), generator.nextStandardNormal(), generator.nextStandardNormal())
    }
    let original = job.submitTime
    if let previous {
      let gap = original - previous.original
      let f = JobPerturbation.factor(sigma: p.arrivalNoise, z: z.arrival) / p.loadFactor
      job.submitTime = previous.perturbed + JobPerturbation.scaled(gap, by: f)
    }
    previous = (original, job.submitTime)
    job.runTime = JobPerturbation.scaled(job.runTime, by: JobPerturbation.factor(sigma: p.runTimeNoise, z: z.run))
    if job.requestedTime.microseconds >= 0 {
      job.requestedTime = JobPerturbation.scaled(
        job.requestedTime, by: JobPerturbation.factor(sigma: p.estimateNoise, z: z.estimate))
    }
    job.estimate = p.estimate(runTime: job.runTime, requested: job.requestedTime)
    return job
  }
}

extension JobPerturbation {
  /// The estimate `JobAdmission` would choose for these times.
  @inlinable
  public func estimate(runTime: SimTime, requested: SimTime) -> SimTime {
    switch estimateSource {
    case .runtime: return runTime
    case .requested, .predicted:
      if killAtWalltime && requested.microseconds >= 0 { return requested }
      return requested >= runTime ? requested : runTime
    }
  }

  /// `jobs` (sorted by submit time) perturbed, in the same order.
  public func apply(to jobs: [Job]) throws -> [Job] {
    var source = PerturbedJobSource(ArrayJobSource(jobs), perturbation: self)
    var out: [Job] = []
    out.reserveCapacity(jobs.count)
    while let job = try source.nextJob() { out.append(job) }
    return out
  }
}
