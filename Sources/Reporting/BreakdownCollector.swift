#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import SimKernel
import Simulation
import Workload

/// Per-class metrics: by job size (nodes), by user, and a fixed-bin histogram
/// of waits (for the report's CDF). `MetricsCollector` keeps the same sums
/// (`breakdown()`); this observer gives them alone.
///
/// Size classes are powers of 4 in nodes: `1`, `2-4`, `5-16`, `17-64`,
/// `65-256`, `>256`. Users are field 12 (`-1` when the trace has none).
/// Memory is O(size classes + users + histogram bins), not O(jobs).
public final class BreakdownCollector: ReplayObserver {
  /// All mutable state in one value, so an event costs one exclusive access.
  var state = State()

  struct State {
    var bySize = [ClassStats](repeating: ClassStats(), count: JobSizeClass.all.count)
    /// Users with small non-negative ids, by id (the common case: a dense array).
    var denseUsers: [ClassStats] = []
    /// Other users (negative or very large ids).
    var sparseUsers: [Int32: ClassStats] = [:]
    var waitHistogram = [Int](repeating: 0, count: WaitHistogram.binCount)

    @inline(__always)
    mutating func add(_ outcome: JobOutcome) {
      let job = outcome.job
      let wait = outcome.waitTime.microseconds
      let run = outcome.executionTime.microseconds
      let response = Double(outcome.endTime.microseconds - job.submitTime.microseconds)
      let bounded = max(1, response / Double(max(run, MetricsCollector.boundedSlowdownThreshold.microseconds)))
      let waitSeconds = Double(wait) / 1e6
      bySize[JobSizeClass.index(nodes: job.nodes)].add(wait: waitSeconds, boundedSlowdown: bounded)
      let user = job.userID
      if user >= 0 && user < 1 << 20 {
        let index = Int(user)
        if index >= denseUsers.count {
          denseUsers.append(contentsOf: repeatElement(ClassStats(), count: index + 1 - denseUsers.count))
        }
        denseUsers[index].add(wait: waitSeconds, boundedSlowdown: bounded)
      } else {
        sparseUsers[user, default: ClassStats()].add(wait: waitSeconds, boundedSlowdown: bounded)
      }
      waitHistogram[WaitHistogram.bin(microseconds: wait)] += 1
    }
  }

  public init() {}

  public func jobEnded(_ outcome: JobOutcome) { state.add(outcome) }

  /// The breakdowns observed so far.
  public func summary() -> Breakdown { state.summary() }
}

extension BreakdownCollector.State {
  /// The breakdowns in these sums.
  ///
  /// - Complexity: O(users log users).
  func summary() -> Breakdown {
    var users: [(user: Int32, stats: ClassStats)] = []
    for (id, stats) in denseUsers.enumerated() where stats.jobs > 0 { users.append((Int32(id), stats)) }
    for (id, stats) in sparseUsers { users.append((id, stats)) }
    users.sort { $0.user < $1.user }
    return Breakdown(
      bySize: zip(JobSizeClass.all, bySize).map { ($0, $1) }, byUser: users,
      waitHistogram: WaitHistogram(counts: waitHistogram))
  }
}

/// Jobs, summed wait and summed bounded slowdown of one class of jobs.
public struct ClassStats: Sendable, Hashable {
  public var jobs = 0
  /// Sum of waits, in seconds.
  public var totalWait: Double = 0
  /// Sum of bounded slowdowns (τ = 10 s).
  public var totalBoundedSlowdown: Double = 0
  /// Longest wait, in seconds.
  public var maxWait: Double = 0

  public init() {}

  mutating func add(wait: Double, boundedSlowdown: Double) {
    jobs += 1
    totalWait += wait
    totalBoundedSlowdown += boundedSlowdown
    maxWait = max(maxWait, wait)
  }

  /// Mean wait in seconds (0 without jobs).
  public var meanWait: Double { jobs > 0 ? totalWait / Double(jobs) : 0 }
  /// Mean bounded slowdown (0 without jobs).
  public var meanBoundedSlowdown: Double { jobs > 0 ? totalBoundedSlowdown / Double(jobs) : 0 }
}

/// A range of job sizes in nodes.
public struct JobSizeClass: Sendable, Hashable {
  public var label: String
  public var minNodes: Int32
  /// `nil` for the open last class.
  public var maxNodes: Int32?

  /// `1`, `2-4`, `5-16`, `17-64`, `65-256`, `>256` nodes (powers of 4).
  public static let all: [JobSizeClass] = [
    JobSizeClass(label: "1", minNodes: 1, maxNodes: 1),
    JobSizeClass(label: "2-4", minNodes: 2, maxNodes: 4),
    JobSizeClass(label: "5-16", minNodes: 5, maxNodes: 16),
    JobSizeClass(label: "17-64", minNodes: 17, maxNodes: 64),
    JobSizeClass(label: "65-256", minNodes: 65, maxNodes: 256),
    JobSizeClass(label: ">256", minNodes: 257, maxNodes: nil),
  ]

  /// The index in `all` of a job of `nodes` nodes.
  @inline(__always)
  public static func index(nodes: Int32) -> Int {
    switch nodes {
    case ...1: 0
    case ...4: 1
    case ...16: 2
    case ...64: 3
    case ...256: 4
    default: 5
    }
  }
}

/// Waits counted in fixed logarithmic bins: bin 0 holds waits under 1 s, then
/// `binsPerDecade` bins per power of ten up to 10^8 s (about 3 years), and the
/// last bin everything longer.
public struct WaitHistogram: Sendable, Hashable {
  public static let binsPerDecade = 20
  public static let decades = 8
  public static let binCount = 2 + binsPerDecade * decades
  /// Jobs per bin.
  public var counts: [Int]

  /// The bin of a wait of `microseconds`: 0 under 1 s, else
  /// `1 + ⌊log10(seconds) × binsPerDecade⌋`, at most the last bin.
  ///
  /// - Complexity: O(log binCount): a binary search over the bins' lower
  ///   edges (`lowerEdges`), which gives exactly the logarithm's answer
  ///   without computing one per job.
  @inline(__always)
  static func bin(microseconds: Int64) -> Int {
    guard microseconds >= 1_000_000 else { return 0 }
    return lowerEdges.withUnsafeBufferPointer { edges in
      // The last bin whose lower edge is at most `microseconds`.
      var low = 1
      var high = edges.count
      while high - low > 1 {
        let mid = (low + high) &>> 1
        if edges[mid] <= microseconds { low = mid } else { high = mid }
      }
      return low
    }
  }

  /// The logarithmic bin of a wait of at least 1 s (the definition).
  static func logarithmicBin(microseconds: Int64) -> Int {
    let position = log10(Double(microseconds) / 1e6) * Double(binsPerDecade)
    return min(1 + Int(position), binCount - 1)
  }

  /// `lowerEdges[k]`: the shortest wait (µs) in bin `k` for `k >= 1`, found
  /// once by bisecting `logarithmicBin`, which never decreases.
  static let lowerEdges: [Int64] = {
    var edges = [Int64](repeating: 1_000_000, count: binCount)
    for bin in 2..<binCount {
      var low: Int64 = 1_000_000
      var high: Int64 = 1 << 62
      // Smallest m with logarithmicBin(m) >= bin.
      while low < high {
        let mid = low + (high - low) / 2
        if logarithmicBin(microseconds: mid) >= bin { high = mid } else { low = mid + 1 }
      }
      edges[bin] = low
    }
    return edges
  }()

  /// Upper edge of bin `index` in seconds (`inf` for the last).
  public static func upperEdge(_ index: Int) -> Double {
    index >= binCount - 1 ? .infinity : pow(10, Double(index) / Double(binsPerDecade))
  }

  /// Total jobs counted.
  public var total: Int { counts.reduce(0, +) }
}

/// Everything `BreakdownCollector` learnt.
public struct Breakdown: Sendable {
  public var bySize: [(sizeClass: JobSizeClass, stats: ClassStats)]
  /// Users with at least one job, by id.
  public var byUser: [(user: Int32, stats: ClassStats)]
  public var waitHistogram: WaitHistogram

  /// No jobs at all.
  public static var empty: Breakdown { BreakdownCollector().summary() }

  /// The `count` users with the largest total wait (ties: lower id first).
  public func topUsersByTotalWait(_ count: Int) -> [(user: Int32, stats: ClassStats)] {
    Array(
      byUser.sorted {
        $0.stats.totalWait != $1.stats.totalWait ? $0.stats.totalWait > $1.stats.totalWait : $0.user < $1.user
      }.prefix(count))
  }
}

extension BreakdownCollector {
  /// Counts only: reads no node set.
  public var usesNodeSets: Bool { false }
}
