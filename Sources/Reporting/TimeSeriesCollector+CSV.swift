import SimKernel
import Workload

extension TimeSeriesCollector {
  /// The CSV header.
  public static let csvHeader = "time,utilisation,queue_length,running_jobs\n"
  /// The CSV header with the storage columns (storage tier on).
  public static let csvHeaderWithStorage =
    "time,utilisation,queue_length,running_jobs,storage_occupancy,storage_used_bytes,"
    + "storage_bandwidth_utilisation,storage_bandwidth_bytes_per_second\n"

  /// Writes the series as CSV, atomically: `time` is the bucket start in
  /// trace seconds; `utilisation` (6 decimals) is busy nodes / nodes,
  /// `queue_length` and `running_jobs` (3 decimals) are job counts, all
  /// averaged over the bucket's time (the last bucket only up to the last end).
  /// With storage (`enableStorage`), four more columns: reserved bytes over
  /// capacity (6 decimals), mean reserved bytes, bandwidth in use over the
  /// tier's bandwidth (6 decimals), mean bytes per second (both integers).
  ///
  /// - Throws: `TimeSeriesError.tooManyBuckets` when the resolution was too
  ///   fine for the trace's span; `OutputError` when writing fails.
  public func writeCSV(to path: String) throws {
    if overflowed {
      throw TimeSeriesError.tooManyBuckets(
        resolution: SimTime(microseconds: resolution), limit: Self.fixedBucketLimit)
    }
    let file = try AtomicFile(path: path)
    var buffer = ByteBuffer(capacity: 1 << 16)
    let tier = storageTier
    buffer.append(tier == nil ? Self.csvHeader : Self.csvHeaderWithStorage)
    for row in rows() {
      buffer.append(row.time.formatCompact())
      buffer.append(UInt8(ascii: ","))
      buffer.append(row.utilisation, decimals: 6)
      buffer.append(UInt8(ascii: ","))
      buffer.append(row.queueLength, decimals: 3)
      buffer.append(UInt8(ascii: ","))
      buffer.append(row.runningJobs, decimals: 3)
      if let tier {
        buffer.append(UInt8(ascii: ","))
        buffer.append(row.storageBytes / Double(tier.capacity), decimals: 6)
        buffer.append(UInt8(ascii: ","))
        buffer.append(row.storageBytes, decimals: 0)
        buffer.append(UInt8(ascii: ","))
        buffer.append(row.storageBandwidth / Double(tier.bandwidth), decimals: 6)
        buffer.append(UInt8(ascii: ","))
        buffer.append(row.storageBandwidth, decimals: 0)
      }
      buffer.append(UInt8(ascii: "\n"))
      if buffer.bytes.count >= 1 << 16 {
        try file.write(bytes: buffer.bytes)
        buffer.bytes.removeAll(keepingCapacity: true)
      }
    }
    try file.write(bytes: buffer.bytes)
    try file.commit()
  }
}

/// A time series that cannot be produced as asked.
public enum TimeSeriesError: Error, Hashable, Sendable, CustomStringConvertible {
  case tooManyBuckets(resolution: SimTime, limit: Int)

  public var description: String {
    switch self {
    case .tooManyBuckets(let resolution, let limit):
      "the time series would need more than \(grouped(limit)) buckets of \(resolution.formatCompact()) s; "
        + "pass a larger --timeseries-resolution"
    }
  }
}
