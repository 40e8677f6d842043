import Platform
import SimKernel

/// What the storage tier did in a replay: its occupancy and bandwidth over
/// time, the jobs' I/O, and the jobs that waited for space.
///
/// Time averages use the window `[first submit, last release]` (see
/// `window(firstSubmit:)`): the replay's first submit to the last release of
/// a reservation (or the last job end, when later).
public struct StorageSummary: Sendable, Hashable {
  /// Capacity in bytes.
  public var capacity: Int64
  /// Bandwidth in bytes per second.
  public var bandwidth: Int64
  /// How long reservations outlive the stage-out.
  public var retention: SimTime
  /// The tier's own figures (bytes moved, occupancy integral, peaks, ledger).
  public var tier = StorageTierStatistics()
  /// Per-job I/O figures (stage-in, checkpoint and stage-out times, slowdown).
  public var staging = StagingStatistics()
  /// Jobs with a non-zero demand.
  public var jobsWithDemand = 0
  /// Jobs that were pending `StorageCapacity` before they started.
  public var jobsDelayedByCapacity = 0
  /// Their time pending `StorageCapacity`, summed (job-seconds as `SimTime`).
  public var capacityWait: SimTime {
    let micros = (capacityWaitSeconds * 1e6).rounded()
    return SimTime(microseconds: micros < 9.2e18 ? Int64(micros) : .max)
  }
  /// The same in seconds (a sum over many jobs can exceed `SimTime`'s range:
  /// 300,000 jobs waiting a decade each).
  public var capacityWaitSeconds: Double = 0
  /// The longest such wait of one job.
  public var maxCapacityWait = SimTime.zero
  /// Jobs refused because their footprint exceeds the whole capacity.
  public var jobsRejectedForCapacity = 0
  /// Occupancy and bandwidth over time, when recorded (`StagingModel.recordSeries`).
  public var series: StorageSeries?
  /// Each job's I/O, when recorded (`StagingModel.recordJobs`).
  public var jobLog: [JobIORecord]?

  public init(capacity: Int64, bandwidth: Int64, retention: SimTime) {
    self.capacity = capacity
    self.bandwidth = bandwidth
    self.retention = retention
  }

  /// The averaging window in seconds, from `firstSubmit` to the later of the
  /// last release and `lastEnd`.
  public func window(firstSubmit: SimTime, lastEnd: SimTime) -> Double {
    let end = max(staging.lastRelease, lastEnd)
    return max(0, (end - firstSubmit).secondsValue)
  }

  /// Mean bytes reserved over a window of `seconds`.
  public func meanOccupancy(window seconds: Double) -> Double {
    seconds > 0 ? tier.occupancyByteSeconds / seconds : 0
  }

  /// Bytes moved / (bandwidth × window): the time-averaged share of the
  /// bandwidth in use.
  public func bandwidthUtilisation(window seconds: Double) -> Double {
    seconds > 0 ? Double(tier.bytesTransferred) / (Double(bandwidth) * seconds) : 0
  }
}
