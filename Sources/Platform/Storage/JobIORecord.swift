import SimKernel

/// One job's life on the storage tier, as `StagingModel` saw it: what it
/// moved, how long each phase took under contention, and how long it waited
/// for space. Times are exact microseconds.
public struct JobIORecord: Sendable, Hashable {
  /// The trace's job number.
  public var jobID: Int64
  /// Nodes the job held.
  public var nodes: Int32
  /// Bytes reserved for it (input + scratch + output + one checkpoint).
  public var footprintBytes: Int64
  public var inputBytes: Int64
  public var outputBytes: Int64
  /// Bytes written by all its checkpoints.
  public var checkpointBytes: Int64
  public var checkpoints: Int64
  /// Time pending `StorageCapacity` before it started.
  public var capacityWait: SimTime
  /// When it started (got its nodes and its reservation).
  public var start: SimTime
  public var stageIn: SimTime
  /// Computing time, checkpoints excluded.
  public var compute: SimTime
  /// Time spent writing checkpoints (nodes held).
  public var checkpointTime: SimTime
  public var stageOut: SimTime
  /// When its reservation was released: stage-out end + retention.
  public var released: SimTime

  /// Stage-in + checkpoints + stage-out.
  public var ioTime: SimTime { stageIn + checkpointTime + stageOut }

  /// Time on its nodes over its computing time, (stage-in + compute +
  /// checkpoints) / compute; `nil` when it computed for no time.
  public var ioSlowdown: Double? {
    compute.microseconds > 0
      ? Double((stageIn + compute + checkpointTime).microseconds) / Double(compute.microseconds) : nil
  }
}
