import SimKernel
import Simulation
import Workload

/// Machine state over time in fixed buckets: busy nodes, waiting jobs and
/// running jobs, each averaged over the bucket's time.
///
/// Bucket `k` covers `[k × resolution, (k+1) × resolution)` in trace seconds;
/// rows run from the bucket holding the first submit to the one holding the
/// last end, and the last row averages only up to the last end.
///
/// Everything is learnt from `jobEnded`: a job submitted at `s`, started at `b`
/// and ended at `e` on `n` nodes waited over `[s, b)` and ran over `[b, e)`.
/// Each interval is added in O(1) with a difference array (fully covered
/// buckets) plus two partial amounts (the buckets at its ends), so memory is
/// two 32-byte vectors per bucket, whatever the number of jobs.
///
/// With the storage tier on (`enableStorage`), it is also a
/// `StorageTimelineObserver`: each bucket integrates the reserved bytes and
/// the bandwidth in use, and the span runs until the tier is empty (the last
/// release may follow the last job's end: stage-out and retention).
///
/// With `maxBuckets`, the resolution doubles whenever the span would need more
/// buckets (merging pairs exactly), so a report of any trace keeps between
/// `maxBuckets / 2` and `maxBuckets` buckets without knowing the span ahead.
public final class TimeSeriesCollector: ReplayObserver, StorageTimelineObserver {
  /// Nodes in the machine, for utilisation.
  public let totalNodes: Int32
  /// The storage tier's capacity (bytes) and bandwidth (bytes per second),
  /// when its columns are collected.
  public private(set) var storageTier: (capacity: Int64, bandwidth: Int64)?
  /// All mutable state in one value, so an event costs one exclusive access.
  var state: Buckets

  /// Bucket width in microseconds.
  public var resolution: Int64 { state.resolution }
  /// Set when a fixed-resolution series would exceed its bucket limit.
  public var overflowed: Bool { state.overflowed }

  /// The most buckets a fixed-resolution series may hold (about 320 MB).
  public static let fixedBucketLimit = 5_000_000

  /// A series with a fixed bucket width of `resolution`.
  public init(totalNodes: Int32, resolution: SimTime) {
    precondition(resolution.microseconds > 0, "time-series resolution must be positive")
    self.totalNodes = totalNodes
    state = Buckets(resolution: resolution.microseconds, maxBuckets: Self.fixedBucketLimit, adaptive: false)
  }

  /// A series that starts at `initialResolution` and doubles it to stay
  /// within `maxBuckets` buckets.
  public init(totalNodes: Int32, initialResolution: SimTime, maxBuckets: Int) {
    precondition(initialResolution.microseconds > 0 && maxBuckets >= 4, "bad adaptive time series")
    self.totalNodes = totalNodes
    state = Buckets(resolution: initialResolution.microseconds, maxBuckets: maxBuckets, adaptive: true)
  }

  /// Collects the storage columns too, for a tier of `capacity` bytes and
  /// `bandwidth` bytes per second (the replay must report to this collector
  /// as its `ReplayStorageSetup.timeline`).
  public func enableStorage(capacity: Int64, bandwidth: Int64) {
    precondition(capacity > 0 && bandwidth > 0, "storage tier must have capacity and bandwidth")
    storageTier = (capacity, bandwidth)
  }

  public func storageState(from: SimTime, to: SimTime, reservedBytes: Int64, bandwidthInUse: Int64) {
    guard reservedBytes > 0 || bandwidthInUse > 0 else { return }
    state.recordStorage(
      from: from.microseconds, to: to.microseconds,
      values: SIMD2(Double(reservedBytes), Double(bandwidthInUse)))
  }

  public func jobEnded(_ outcome: JobOutcome) {
    state.record(
      submit: outcome.job.submitTime.microseconds, start: outcome.startTime.microseconds,
      end: outcome.endTime.microseconds, nodes: Int64(outcome.job.nodes))
  }

  /// The buckets and how they map to time.
  struct Buckets {
    var resolution: Int64
    /// Doubling threshold (adaptive mode) or hard limit (fixed mode).
    let maxBuckets: Int
    let adaptive: Bool
    /// Absolute bucket index of `buckets[0]`.
    var origin: Int64 = 0
    var buckets: [Bucket] = []
    var lastEnd = Int64.min
    /// The end of the last interval with storage in use.
    var storageEnd = Int64.min
    var overflowed = false

    init(resolution: Int64, maxBuckets: Int, adaptive: Bool) {
      self.resolution = resolution
      self.maxBuckets = maxBuckets
      self.adaptive = adaptive
    }

    /// Adds a job's waiting interval `[submit, start)` and running interval
    /// `[start, end)` on `nodes` nodes.
    ///
    /// - Complexity: O(1) amortised, except when the series grows backwards
    ///   or (adaptive) coarsens.
    @inline(__always)
    mutating func record(submit: Int64, start: Int64, end: Int64, nodes: Int64) {
      if end > lastEnd { lastEnd = end }
      guard end > submit, !overflowed, cover(from: submit, to: end) else { return }
      let (origin, resolution) = (self.origin, self.resolution)
      buckets.withUnsafeMutableBufferPointer { buckets in
        Self.add(from: submit, to: start, weight: SIMD4(0, 1, 0, 0), buckets, origin, resolution)
        Self.add(from: start, to: end, weight: SIMD4(nodes, 0, 1, 0), buckets, origin, resolution)
      }
    }

    /// Adds the storage state `values` (bytes reserved, bytes per second)
    /// over `[from, to)`, bucket by bucket.
    ///
    /// - Complexity: O(buckets spanned); intervals tile time, so O(events +
    ///   buckets) over a replay.
    mutating func recordStorage(from: Int64, to: Int64, values: SIMD2<Double>) {
      guard to > from, !overflowed, cover(from: from, to: to) else { return }
      if to > storageEnd { storageEnd = to }
      var start = from
      var index = Int(floorDivide(from, resolution) - origin)
      while start < to {
        let bucketEnd = (origin + Int64(index) + 1) * resolution
        let end = min(to, bucketEnd)
        buckets[index].storage += values * Double(end - start)
        start = end
        index += 1
      }
    }

    /// Adds `weight` over `[from, to)` (microseconds) to buckets that cover it.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    static func add(
      from: Int64, to: Int64, weight: SIMD4<Int64>, _ buckets: UnsafeMutableBufferPointer<Bucket>,
      _ origin: Int64, _ resolution: Int64
    ) {
      guard to > from else { return }
      let first = floorDivide(from, resolution)
      let last = floorDivide(to - 1, resolution)
      let (i, j) = (Int(first - origin), Int(last - origin))
      if i == j {
        buckets[i].partial &+= weight &* (to - from)
        return
      }
      buckets[i].partial &+= weight &* ((first + 1) * resolution - from)
      buckets[j].partial &+= weight &* (to - last * resolution)
      if i + 1 < j {
        buckets[i + 1].difference &+= weight
        buckets[j].difference &-= weight
      }
    }

    /// Grows the buckets to cover `[from, to)`; false when a fixed series
    /// would exceed its limit.
    @inline(__always)
    mutating func cover(from: Int64, to: Int64) -> Bool {
      if from >= origin * resolution && to <= (origin + Int64(buckets.count)) * resolution { return true }
      return grow(from: from, to: to)
    }

    mutating func grow(from: Int64, to: Int64) -> Bool {
      var first = floorDivide(from, resolution)
      var last = floorDivide(to - 1, resolution)
      while true {
        if buckets.isEmpty { origin = first }
        let low = min(first, origin)
        let high = max(last, origin + Int64(buckets.count) - 1)
        if high - low + 1 <= Int64(maxBuckets) { break }
        guard adaptive else {
          overflowed = true
          return false
        }
        coarsen()
        first = floorDivide(from, resolution)
        last = floorDivide(to - 1, resolution)
      }
      if first < origin {
        buckets.insert(contentsOf: repeatElement(Bucket(), count: Int(origin - first)), at: 0)
        origin = first
      }
      let needed = Int(last - origin + 1)
      if needed > buckets.count { buckets.append(contentsOf: repeatElement(Bucket(), count: needed - buckets.count)) }
      return true
    }

    /// Doubles the resolution, merging bucket pairs `(2K, 2K+1)` exactly: the
    /// new full weight is the second bucket's, and the first bucket's
    /// shortfall moves into the partial amount.
    mutating func coarsen() {
      guard !buckets.isEmpty else {
        resolution *= 2
        return
      }
      if floorDivide(origin, 2) * 2 != origin {
        buckets.insert(Bucket(), at: 0)
        origin -= 1
      }
      if buckets.count % 2 == 1 { buckets.append(Bucket()) }
      var merged: [Bucket] = []
      merged.reserveCapacity(buckets.count / 2)
      for pair in stride(from: 0, to: buckets.count, by: 2) {
        let (a, b) = (buckets[pair], buckets[pair + 1])
        merged.append(
          Bucket(
            partial: a.partial &+ b.partial &- b.difference &* resolution,
            difference: a.difference &+ b.difference, storage: a.storage + b.storage))
      }
      buckets = merged
      origin = floorDivide(origin, 2)
      resolution *= 2
    }
  }

  /// Lane 0: busy nodes; lane 1: waiting jobs; lane 2: running jobs.
  struct Bucket {
    /// Weight × microseconds from intervals covering the bucket partly.
    var partial = SIMD4<Int64>()
    /// Difference array of the weight of intervals covering buckets fully.
    var difference = SIMD4<Int64>()
    /// Storage: reserved bytes × microseconds, bytes per second × microseconds.
    var storage = SIMD2<Double>()
  }

  /// One row of the series.
  public struct Row: Sendable, Hashable {
    /// Bucket start.
    public var time: SimTime
    /// Time the averages cover: the resolution, or less for the last bucket.
    public var width: SimTime
    /// Mean busy nodes / nodes, in [0, 1].
    public var utilisation: Double
    /// Mean number of jobs waiting (submitted, not started; rejected jobs never wait).
    public var queueLength: Double
    /// Mean number of jobs running.
    public var runningJobs: Double
    /// Mean bytes reserved on the storage tier (0 without storage).
    public var storageBytes: Double
    /// Mean bytes per second the storage tier moved (0 without storage).
    public var storageBandwidth: Double

    public init(
      time: SimTime, width: SimTime, utilisation: Double, queueLength: Double, runningJobs: Double,
      storageBytes: Double = 0, storageBandwidth: Double = 0
    ) {
      self.time = time
      self.width = width
      self.utilisation = utilisation
      self.queueLength = queueLength
      self.runningJobs = runningJobs
      self.storageBytes = storageBytes
      self.storageBandwidth = storageBandwidth
    }
  }

  /// The series, one row per bucket from the first submit's bucket to the
  /// last end's (or the last storage release's, when later).
  ///
  /// - Complexity: O(buckets).
  public func rows() -> [Row] {
    let (buckets, origin, resolution) = (state.buckets, state.origin, state.resolution)
    let lastEnd = max(state.lastEnd, state.storageEnd)
    guard !buckets.isEmpty, lastEnd > Int64.min else { return [] }
    let lastIndex = min(buckets.count - 1, Int(floorDivide(lastEnd - 1, resolution) - origin))
    var rows: [Row] = []
    rows.reserveCapacity(lastIndex + 1)
    var full = SIMD4<Int64>()
    for index in 0...max(lastIndex, 0) {
      full &+= buckets[index].difference
      let integral = buckets[index].partial &+ full &* resolution
      let start = (origin + Int64(index)) * resolution
      let width = max(1, min(resolution, lastEnd - start))
      let w = Double(width)
      rows.append(
        Row(
          time: SimTime(microseconds: start), width: SimTime(microseconds: width),
          utilisation: Double(integral[0]) / (w * Double(max(totalNodes, 1))),
          queueLength: Double(integral[1]) / w, runningJobs: Double(integral[2]) / w,
          storageBytes: buckets[index].storage[0] / w, storageBandwidth: buckets[index].storage[1] / w))
    }
    return rows
  }
}

extension TimeSeriesCollector.Row {
  /// Rows merged in groups of consecutive buckets so that at most `maxPoints`
  /// remain; averages are weighted by the time each row covers.
  public static func downsample(_ rows: [Self], maxPoints: Int) -> [Self] {
    guard maxPoints > 0, rows.count > maxPoints else { return rows }
    let group = (rows.count + maxPoints - 1) / maxPoints
    var merged: [Self] = []
    merged.reserveCapacity(maxPoints)
    for first in stride(from: 0, to: rows.count, by: group) {
      let slice = rows[first..<min(first + group, rows.count)]
      var width: Int64 = 0
      var sums = SIMD8<Double>()
      for row in slice {
        let w = Double(row.width.microseconds)
        width += row.width.microseconds
        sums += SIMD8(
          row.utilisation, row.queueLength, row.runningJobs, row.storageBytes, row.storageBandwidth, 0, 0, 0) * w
      }
      let w = Double(width)
      merged.append(
        Self(
          time: slice.first!.time, width: SimTime(microseconds: width), utilisation: sums[0] / w,
          queueLength: sums[1] / w, runningJobs: sums[2] / w, storageBytes: sums[3] / w,
          storageBandwidth: sums[4] / w))
    }
    return merged
  }
}

/// `a / b` rounded towards negative infinity (`b > 0`).
@inline(__always)
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
  let q = a / b
  return (a % b != 0 && a < 0) ? q - 1 : q
}

extension TimeSeriesCollector {
  /// Counts only: reads no node set.
  public var usesNodeSets: Bool { false }
}
