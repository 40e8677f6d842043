import SimKernel

/// Retargets a trace recorded on one machine to another, job by job, as it
/// streams: a submit-time window, a run-time scale for relative CPU speed, a
/// load factor and a new time origin.
///
/// Applied in this order to each job:
/// 1. **Window** (`window`): only jobs whose *original* submit time lies in
///    `[start, end)` are kept; the others are counted as `outside_window`.
/// 2. **Speed** (`runTimeScale`, a factor `f`): run time, estimate and the
///    user's requested time (when known) are multiplied by `f`, each rounded
///    to the nearest microsecond. For a source CPU of `G` GFLOPS per core
///    replayed on a target of `T`, `f = G / T` (a faster target shortens
///    jobs). Rounding is monotone, so an estimate stays at least the run time.
/// 3. **Load** (`loadFactor`, `F`): each job's offset from the first kept
///    job's submit time is divided by `F` (exactly, as integers: `F` is a
///    decimal ratio), rounded to the nearest microsecond; `F = 2` halves
///    every inter-arrival time.
/// 4. **Rebase** (`rebaseStart`): the first kept job is submitted at this
///    time and the others keep their (scaled) offsets from it; without it the
///    first kept job keeps its submit time.
///
/// Processors are mapped to nodes afterwards, by `JobAdmission` (cores per
/// node). Submit order is preserved: every step is monotone in submit time.
public struct TraceRetargeting: Sendable, Hashable {
  public var window: SubmitWindow?
  public var runTimeScale: ExactRatio?
  public var loadFactor: ExactRatio?
  public var rebaseStart: SimTime?

  public init(
    window: SubmitWindow? = nil, runTimeScale: ExactRatio? = nil, loadFactor: ExactRatio? = nil,
    rebaseStart: SimTime? = nil
  ) {
    self.window = window
    self.runTimeScale = runTimeScale
    self.loadFactor = loadFactor
    self.rebaseStart = rebaseStart
  }

  /// Whether every job passes unchanged.
  public var isIdentity: Bool {
    window == nil && (runTimeScale ?? .one) == .one && (loadFactor ?? .one) == .one && rebaseStart == nil
  }

  /// Whether a job submitted at `submit` (original time) is kept.
  @inlinable public func keeps(submit: SimTime) -> Bool { window?.contains(submit) ?? true }

  /// `job` retargeted, given the original submit time of the first kept job.
  ///
  /// - Complexity: O(1).
  @inlinable
  public func transform(_ job: Job, firstSubmit: SimTime) -> Job {
    var job = job
    if let scale = runTimeScale, scale != .one {
      job.runTime = scale.scale(job.runTime)
      job.estimate = scale.scale(job.estimate)
      if job.requestedTime.microseconds >= 0 { job.requestedTime = scale.scale(job.requestedTime) }
    }
    if loadFactor != nil || rebaseStart != nil {
      var offset = job.submitTime - firstSubmit
      if let load = loadFactor { offset = load.divide(offset) }
      job.submitTime = (rebaseStart ?? firstSubmit) + offset
    }
    return job
  }

  /// `jobs` (sorted by submit time) retargeted, with the count left out by
  /// the window and the span of their submit times.
  public func apply(to jobs: [Job]) -> (jobs: [Job], outsideWindow: Int, outsideSpan: ClosedRange<SimTime>?) {
    var out: [Job] = []
    out.reserveCapacity(jobs.count)
    var outside = 0
    var span: ClosedRange<SimTime>?
    var first: SimTime?
    for job in jobs {
      guard keeps(submit: job.submitTime) else {
        outside += 1
        span = span.widened(to: job.submitTime)
        continue
      }
      let firstSubmit = first ?? job.submitTime
      first = firstSubmit
      out.append(transform(job, firstSubmit: firstSubmit))
    }
    return (out, outside, span)
  }
}

/// Jobs of `base`, retargeted by a `TraceRetargeting` as they stream.
///
/// Holds only the first kept job's submit time: memory is O(1).
public struct RetargetedJobSource<Base: JobSource & ~Copyable>: JobSource, ~Copyable {
  /// The wrapped source (its counters stay readable after the replay).
  public var base: Base
  public let retargeting: TraceRetargeting
  /// Jobs read from `base` and left out by the window.
  public private(set) var outsideWindow = 0
  /// The least and greatest original submit times of those jobs, so that a
  /// window that misses the whole trace can say where the trace lies.
  public private(set) var outsideSpan: ClosedRange<SimTime>?
  /// The original submit time of the first kept job.
  public private(set) var firstSubmit: SimTime?
  /// `retargeting.isIdentity`, decided once: then jobs pass straight through.
  let passesThrough: Bool

  public init(_ base: consuming Base, retargeting: TraceRetargeting) {
    self.base = base
    self.retargeting = retargeting
    passesThrough = retargeting.isIdentity
  }

  public mutating func nextJob() throws -> Job? {
    if passesThrough { return try base.nextJob() }
    while let job = try base.nextJob() {
      guard retargeting.keeps(submit: job.submitTime) else {
        outsideWindow += 1
        outsideSpan = outsideSpan.widened(to: job.submitTime)
        continue
      }
      let first = firstSubmit ?? job.submitTime
      firstSubmit = first
      return retargeting.transform(job, firstSubmit: first)
    }
    // Thrown at the end of the stream, before any output is committed.
    if firstSubmit == nil, let window = retargeting.window, let span = outsideSpan {
      throw EmptyWindowError(window: window, jobs: outsideWindow, span: span)
    }
    return nil
  }
}

extension Optional where Wrapped == ClosedRange<SimTime> {
  /// The range stretched to include `time` (or just `time` when `nil`).
  @inlinable
  func widened(to time: SimTime) -> ClosedRange<SimTime> {
    guard let range = self else { return time...time }
    return Swift.min(range.lowerBound, time)...Swift.max(range.upperBound, time)
  }
}
