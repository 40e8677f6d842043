import Platform
import Scheduling
import SimKernel
import Simulation
import Workload

/// Collects per-job metrics as a replay runs and summarises them.
///
/// Per job i with submit s, start b, end e and run r = e - b:
/// wait `b - s`, response `e - s`, slowdown `(e - s) / r`, bounded slowdown
/// `max(1, (e - s) / max(r, τ))` with τ = 10 s.
public final class MetricsCollector: ReplayObserver {
  /// The bounded-slowdown threshold τ.
  public static let boundedSlowdownThreshold = SimTime.seconds(10 as Int64)
  /// τ in µs as a literal: reading the `static let` per job went through its
  /// lazy-initialisation check (tested equal to `boundedSlowdownThreshold`).
  static var boundedSlowdownThresholdMicroseconds: Int64 {
    @inline(__always) get { 10_000_000 }
  }

  /// Nodes in the machine, for utilisation.
  public let totalNodes: Int32
  // Observers are called synchronously from one replay: no overlapping
  // access is possible, so the per-job dynamic exclusivity checks go.
  /// Every replayed job's wait (µs) and bounded slowdown, in end order, in
  /// buffers the collector owns: appending is a store, with no uniqueness
  /// check per job as an `Array` pays (`JobMetricsStore`).
  let store: JobMetricsStore
  @exclusivity(unchecked) var responseSum: Double = 0
  /// The waits' sum in seconds and the bounded slowdowns' sum, added in end
  /// order, and both maxima: `summary()` then needs the stored values only
  /// for the two percentiles.
  @exclusivity(unchecked) var waitSecondsSum: Double = 0
  @exclusivity(unchecked) var boundedSlowdownSum: Double = 0
  @exclusivity(unchecked) var maxWait = Int64.min
  @exclusivity(unchecked) var maxBoundedSlowdown = 0.0
  @exclusivity(unchecked) var nodeSecondsUsed: Double = 0
  @exclusivity(unchecked) var firstSubmit = Int64.max
  @exclusivity(unchecked) var lastEnd = Int64.min
  var rejected: [RejectReason: Int] = [:]
  @exclusivity(unchecked) var timeouts = 0
  /// Per-user sums of users outside the dense range (see `BreakdownCollector`);
  /// the rest of the breakdown lives in `sums`.
  @exclusivity(unchecked) var breakdownState = BreakdownCollector.State()
  /// Per-size-class and dense per-user sums and the wait histogram, in raw
  /// buffers the collector owns (`BreakdownSums`): no uniqueness check or
  /// retain per job, as the arrays of `BreakdownCollector.State` cost.
  @exclusivity(unchecked) var sums = BreakdownSums()
  /// Job-microseconds pending, by reason (see `PendingReason`).
  @exclusivity(unchecked) var pendingTotals = PendingTotals()


  /// Whether jobs are summed by size class and user and counted in the wait
  /// histogram (`breakdown()`).
  public let collectsBreakdown: Bool

  public init(totalNodes: Int32, expectedJobs: Int = 0, collectsBreakdown: Bool = true) {
    self.totalNodes = totalNodes
    self.collectsBreakdown = collectsBreakdown
    store = JobMetricsStore(capacity: expectedJobs)
  }

  deinit { sums.deallocate() }

  /// The collector learns everything from ends: the replay skips starts.
  public var needsJobStarts: Bool { false }

  /// Every replayed job's wait in µs, in end order.
  var waits: [Int64] { store.waits }
  /// Every replayed job's bounded slowdown, in end order.
  var boundedSlowdowns: [Double] { store.boundedSlowdowns }

  /// The wait, bounded slowdown and breakdown sums of one job, each computed
  /// once (the breakdown's `State.add(_:)` computes the same values again by
  /// the same expressions, so the sums are the same to the bit).
  public func jobEnded(_ outcome: JobOutcome) {
    let submit = outcome.job.submitTime.microseconds
    let start = outcome.startTime.microseconds
    let end = outcome.endTime.microseconds
    let run = end - start
    let wait = start - submit
    let response = Double(end - submit)
    let bounded = max(1, response / Double(max(run, Self.boundedSlowdownThresholdMicroseconds)))
    store.append(wait: wait, boundedSlowdown: bounded)
    let waitSeconds = Double(wait) / 1e6
    waitSecondsSum += waitSeconds
    boundedSlowdownSum += bounded
    maxWait = max(maxWait, wait)
    maxBoundedSlowdown = max(maxBoundedSlowdown, bounded)
    responseSum += response / 1e6
    nodeSecondsUsed += Double(outcome.job.nodes) * Double(run) / 1e6
    firstSubmit = min(firstSubmit, submit)
    lastEnd = max(lastEnd, end)
    if outcome.state == .timeout { timeouts += 1 }
    pendingTotals.add(outcome.pending)
    guard collectsBreakdown else { return }
    let user = outcome.job.userID
    sums.bySize[JobSizeClass.index(nodes: outcome.job.nodes)].add(wait: waitSeconds, boundedSlowdown: bounded)
    if user >= 0 && user < 1 << 20 {
      let index = Int(user)
      if index >= sums.userCount { sums.growUsers(to: index &+ 1) }
      sums.users[index].add(wait: waitSeconds, boundedSlowdown: bounded)
    } else {
      breakdownState.sparseUsers[user, default: ClassStats()].add(wait: waitSeconds, boundedSlowdown: bounded)
    }
    sums.histogram[sums.bin(microseconds: wait)] &+= 1
  }

  /// Metrics by job-size class and by user, and the wait histogram (empty
  /// unless `collectsBreakdown`).
  public func breakdown() -> Breakdown {
    var state = breakdownState
    state.bySize = Array(UnsafeBufferPointer(start: sums.bySize, count: state.bySize.count))
    state.denseUsers = Array(UnsafeBufferPointer(start: sums.users, count: sums.userCount))
    state.waitHistogram = Array(UnsafeBufferPointer(start: sums.histogram, count: state.waitHistogram.count))
    return state.summary()
  }

  public func jobRejected(_ job: Job, reason: RejectReason) {
    rejected[reason, default: 0] += 1
  }

  /// Jobs from which `summary()` selects the two metrics' percentiles on two
  /// threads.
  static var parallelSelectionThreshold: Int { 50_000 }

  /// The summary of everything observed so far.
  ///
  /// Selects the percentiles in the store's own buffers, which reorders them
  /// (`waits` is in end order only until then): copies of 200K jobs' values
  /// cost more in fresh pages than the selection itself.
  public func summary() -> MetricsSummary {
    var summary = MetricsSummary()
    summary.jobsReplayed = store.count
    summary.jobsTimedOut = timeouts
    summary.rejected = rejected.sorted { $0.key < $1.key }.map { ($0.key.name, $0.value) }
    summary.pending = pendingTotals
    guard store.count > 0 else { return summary }
    let count = Double(store.count)
    // The two selections touch disjoint buffers: for many jobs the
    // slowdowns' runs on a second thread while this one selects the waits'
    // (starting a thread costs more than selecting among a few thousand).
    let slowdowns = store.withBoundedSlowdowns { SendableBuffer(buffer: $0) }
    let bsldTask =
      store.count >= Self.parallelSelectionThreshold
      ? BackgroundTask { nearestRankPercentiles(slowdowns.buffer, [0.5, 0.95]) } : nil
    let waitRanks = store.withWaits { nearestRankPercentiles($0, [0.5, 0.95]) }
    let bsldRanks = bsldTask?.value ?? nearestRankPercentiles(slowdowns.buffer, [0.5, 0.95])
    summary.wait = Distribution(
      mean: waitSecondsSum / count, median: waitRanks[0].seconds, p95: waitRanks[1].seconds, max: maxWait.seconds)
    summary.boundedSlowdown = Distribution(
      mean: boundedSlowdownSum / count, median: bsldRanks[0], p95: bsldRanks[1], max: maxBoundedSlowdown)
    summary.meanResponse = responseSum / count
    summary.firstSubmit = SimTime(microseconds: firstSubmit)
    summary.lastEnd = SimTime(microseconds: lastEnd)
    let window = Double(lastEnd - firstSubmit) / 1e6
    summary.makespan = SimTime(microseconds: lastEnd - firstSubmit)
    summary.utilisation = window > 0 ? nodeSecondsUsed / (Double(totalNodes) * window) : 0
    return summary
  }
}

/// A buffer handed to one other thread, which alone uses it until joined.
private struct SendableBuffer<Element>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<Element>
}

extension Int64 {
  fileprivate var seconds: Double { Double(self) / 1e6 }
}

/// Mean, median, 95th percentile and maximum of a metric.
public struct Distribution: Sendable, Hashable {
  public var mean: Double = 0
  public var median: Double = 0
  public var p95: Double = 0
  public var max: Double = 0
}

/// The outcome of a replay in numbers.
public struct MetricsSummary: Sendable {
  public var jobsReplayed = 0
  public var jobsTimedOut = 0
  /// Rejected jobs by reason name, sorted by reason.
  public var rejected: [(reason: String, count: Int)] = []
  /// Wait time in seconds.
  public var wait = Distribution()
  /// The replayed jobs' waits summed by pending reason, exact to the
  /// microsecond (their sum is the sum of the waits).
  public var pending = PendingTotals()
  /// Bounded slowdown (τ = 10 s).
  public var boundedSlowdown = Distribution()
  /// Mean response (turnaround) time in seconds.
  public var meanResponse: Double = 0
  /// Node-seconds used / (nodes × window), window = [first submit, last end].
  public var utilisation: Double = 0
  /// Last end − first submit (Batsim v5's definition).
  public var makespan = SimTime.zero
  public var firstSubmit = SimTime.zero
  public var lastEnd = SimTime.zero
}

extension MetricsCollector {
  /// Counts only: reads no node set.
  public var usesNodeSets: Bool { false }
}
