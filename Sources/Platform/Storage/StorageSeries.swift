import SimKernel

/// A storage tier's state over time in fixed buckets: bytes reserved,
/// bandwidth in use and transfers in progress, each averaged over the
/// bucket's whole width.
///
/// Bucket `k` covers `[k × resolution, (k+1) × resolution)` of simulated
/// time. The model feeds it every interval over which the state was constant
/// (`add`), so an average is exact: between two events the reservation, the
/// transfers and their rates do not change. Bytes moved in a bucket are its
/// mean bandwidth in use × its width (to within the byte the model may
/// lose to rounding at each event).
///
/// Rows run from the bucket of the first reservation to the bucket of the
/// last interval with anything reserved or moving; quiet buckets in between
/// are zeros.
///
/// - Complexity: O(1 + buckets an interval spans) per interval; memory is
///   32 bytes per bucket, at most `limit` buckets.
public struct StorageSeries: Sendable, Hashable {
  /// One bucket's integrals over time (µs).
  public struct Bucket: Sendable, Hashable {
    /// ∫ reserved bytes dt, byte-µs.
    public var occupancy: Double = 0
    /// ∫ bandwidth in use dt, (bytes per second)-µs.
    public var bandwidth: Double = 0
    /// ∫ transfers in progress dt, transfer-µs.
    public var transfers: Double = 0
    /// ∫ [some transfer in progress] dt, µs.
    public var busy: Int64 = 0
  }

  /// One row: a bucket's start and its averages.
  public struct Row: Sendable, Hashable {
    /// Start of the bucket.
    public var time: SimTime
    /// Mean bytes reserved.
    public var occupancyBytes: Double
    /// Mean bandwidth in use, bytes per second.
    public var bandwidthBytesPerSecond: Double
    /// Mean transfers in progress.
    public var transfers: Double
    /// Share of the bucket with at least one transfer in progress.
    public var busyFraction: Double
  }

  /// Bucket width in microseconds.
  public let resolution: Int64
  /// The most buckets kept; a longer series is marked `overflowed`.
  public let limit: Int
  /// Absolute index of `buckets[0]` (meaningful once a bucket exists).
  public private(set) var origin: Int64 = 0
  public private(set) var buckets: [Bucket] = []
  /// Set when the series would need more than `limit` buckets.
  public private(set) var overflowed = false

  /// A series of buckets `resolution` wide, at most `limit` of them.
  ///
  /// - Precondition: `resolution` is positive.
  public init(resolution: SimTime, limit: Int = 5_000_000) {
    precondition(resolution.microseconds > 0, "storage series resolution must be positive")
    self.resolution = resolution.microseconds
    self.limit = limit
  }

  /// Records that over `[start, start + duration)` (µs) the tier held
  /// `reserved` bytes and `transfers` transfers used `bandwidth` bytes per
  /// second. Intervals come in time order.
  public mutating func add(start: Int64, duration: Int64, reserved: Int64, bandwidth: Int64, transfers: Int) {
    guard duration > 0, !overflowed, reserved > 0 || transfers > 0 else { return }
    let end = start + duration
    let first = start / resolution
    let last = (end - 1) / resolution
    if buckets.isEmpty { origin = first }
    guard last - origin < Int64(limit) else {
      overflowed = true
      return
    }
    while Int64(buckets.count) <= last - origin { buckets.append(Bucket()) }
    let occupancy = Double(reserved)
    let rate = Double(bandwidth)
    let count = Double(transfers)
    var index = first
    while index <= last {
      let lower = max(start, index * resolution)
      let upper = min(end, (index + 1) * resolution)
      let span = upper - lower
      let slot = Int(index - origin)
      buckets[slot].occupancy += occupancy * Double(span)
      if transfers > 0 {
        buckets[slot].bandwidth += rate * Double(span)
        buckets[slot].transfers += count * Double(span)
        buckets[slot].busy += span
      }
      index += 1
    }
  }

  /// The rows, averaged over each bucket's full width.
  public func rows() -> [Row] {
    let width = Double(resolution)
    return buckets.enumerated().map { offset, bucket in
      Row(
        time: SimTime(microseconds: (origin + Int64(offset)) * resolution),
        occupancyBytes: bucket.occupancy / width, bandwidthBytesPerSecond: bucket.bandwidth / width,
        transfers: bucket.transfers / width, busyFraction: Double(bucket.busy) / width)
    }
  }
}
