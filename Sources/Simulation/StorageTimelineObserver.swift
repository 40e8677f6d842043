import SimKernel

/// Receives the storage tier's state over time, as a replay with storage
/// runs: for each interval over which nothing changed, the reserved bytes
/// and the bandwidth in use. Intervals arrive in time order and tile the
/// replay from the first storage event to the last (see
/// `ReplayStorageSetup.timeline`). Never called for a compute-only replay.
public protocol StorageTimelineObserver: AnyObject {
  /// Over `[from, to)` the tier held `reservedBytes` and moved data at
  /// `bandwidthInUse` bytes per second.
  func storageState(from: SimTime, to: SimTime, reservedBytes: Int64, bandwidthInUse: Int64)
}
