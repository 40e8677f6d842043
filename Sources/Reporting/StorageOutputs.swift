import Platform
import SimKernel
import Simulation
import Workload

/// The storage tier's own outputs: its state over time
/// (`--storage-timeseries-out`) and each job's I/O (`--io-jobs-out`).
/// Formats: docs/formats/io-demands.md ("Storage outputs").
public enum StorageOutputs {
  /// Header of the storage time series.
  public static let seriesHeader =
    "time,occupancy_bytes,occupancy_fraction,bandwidth_bytes_per_second,bandwidth_fraction,transfers,busy_fraction\n"

  /// Header of the per-job I/O file.
  public static let jobsHeader =
    "job_id,nodes,footprint_bytes,input_bytes,output_bytes,checkpoint_bytes,checkpoints,capacity_wait,"
    + "starting_time,stage_in_time,compute_time,checkpoint_time,stage_out_time,io_time,io_slowdown,released_time\n"

  /// Writes `series` as CSV, atomically: the bucket start (s), mean bytes
  /// reserved and their share of `capacity`, mean bandwidth in use (B/s)
  /// and its share of `bandwidth`, mean transfers in progress, and the share
  /// of the bucket with a transfer in progress.
  public static func writeSeries(
    _ series: StorageSeries, capacity: Int64, bandwidth: Int64, to path: String
  ) throws(OutputError) {
    let file = try AtomicFile(path: path)
    var buffer = ByteBuffer(capacity: 1 << 16)
    buffer.append(seriesHeader)
    for row in series.rows() {
      buffer.append(row.time.formatCompact())
      buffer.append(UInt8(ascii: ","))
      buffer.append(row.occupancyBytes, decimals: 0)
      buffer.append(UInt8(ascii: ","))
      buffer.append(row.occupancyBytes / Double(capacity), decimals: 6)
      buffer.append(UInt8(ascii: ","))
      buffer.append(row.bandwidthBytesPerSecond, decimals: 0)
      buffer.append(UInt8(ascii: ","))
      buffer.append(row.bandwidthBytesPerSecond / Double(bandwidth), decimals: 6)
      buffer.append(UInt8(ascii: ","))
      buffer.append(row.transfers, decimals: 3)
      buffer.append(UInt8(ascii: ","))
      buffer.append(row.busyFraction, decimals: 6)
      buffer.append(UInt8(ascii: "\n"))
      if buffer.bytes.count >= 1 << 16 {
        try file.write(bytes: buffer.bytes)
        buffer.bytes.removeAll(keepingCapacity: true)
      }
    }
    try file.write(bytes: buffer.bytes)
    try file.commit()
  }

  /// Writes one row per job, in the order their stage-outs ended: bytes,
  /// checkpoints, and times in seconds with six decimals; `io_slowdown` is
  /// empty for a job that computed for no time.
  public static func writeJobs(_ records: [JobIORecord], to path: String) throws(OutputError) {
    let file = try AtomicFile(path: path)
    var buffer = ByteBuffer(capacity: 1 << 16)
    buffer.append(jobsHeader)
    let comma = UInt8(ascii: ",")
    for record in records {
      buffer.append(record.jobID)
      buffer.append(comma)
      buffer.append(Int64(record.nodes))
      for bytes in [record.footprintBytes, record.inputBytes, record.outputBytes, record.checkpointBytes, record.checkpoints] {
        buffer.append(comma)
        buffer.append(bytes)
      }
      for time in [
        record.capacityWait, record.start, record.stageIn, record.compute, record.checkpointTime, record.stageOut,
        record.ioTime,
      ] {
        buffer.append(comma)
        buffer.appendSeconds(time)
      }
      buffer.append(comma)
      if let slowdown = record.ioSlowdown { buffer.append(slowdown, decimals: 6) }
      buffer.append(comma)
      buffer.appendSeconds(record.released)
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
