import SimKernel

/// What one job asks of the storage tier, in bytes.
///
/// The lifecycle (see `StagingModel`): `inputBytes` are staged in before the
/// job computes, `outputBytes` staged out after; every `checkpointInterval`
/// of computing, `checkpointBytes` are written while the job waits. The job's
/// whole `footprint` is reserved when it starts and released after its
/// stage-out (plus the retention time).
public struct IODemand: Sendable, Hashable {
  /// Bytes read into the tier before the job computes.
  public var inputBytes: Int64
  /// Bytes staged out after the job computes.
  public var outputBytes: Int64
  /// Bytes the job holds on the tier while it runs, without transferring them.
  public var scratchBytes: Int64
  /// Bytes written at each checkpoint (0: no checkpoints).
  public var checkpointBytes: Int64
  /// Computing time between checkpoints (zero: no checkpoints).
  public var checkpointInterval: SimTime

  /// A demand; every figure must be zero or more.
  public init(
    inputBytes: Int64 = 0, outputBytes: Int64 = 0, scratchBytes: Int64 = 0,
    checkpointBytes: Int64 = 0, checkpointInterval: SimTime = .zero
  ) {
    precondition(
      inputBytes >= 0 && outputBytes >= 0 && scratchBytes >= 0 && checkpointBytes >= 0
        && checkpointInterval.microseconds >= 0, "I/O demands must not be negative")
    self.inputBytes = inputBytes
    self.outputBytes = outputBytes
    self.scratchBytes = scratchBytes
    self.checkpointBytes = checkpointBytes
    self.checkpointInterval = checkpointInterval
  }

  /// No I/O at all.
  public static let none = IODemand()

  /// Whether this is `.none` (every figure zero), without loading the global.
  @inlinable public var isNone: Bool {
    inputBytes == 0 && outputBytes == 0 && scratchBytes == 0 && checkpointBytes == 0
      && checkpointInterval.microseconds == 0
  }

  /// Whether the job checkpoints.
  @inlinable public var checkpoints: Bool {
    checkpointBytes > 0 && checkpointInterval.microseconds > 0
  }

  /// Bytes reserved on the tier from the job's start to its release: input,
  /// scratch, output and one checkpoint (each checkpoint replaces the last).
  /// Saturates at `Int64.max`.
  @inlinable public var footprint: Int64 {
    @inline(__always) func add(_ a: Int64, _ b: Int64) -> Int64 {
      let (sum, overflow) = a.addingReportingOverflow(b)
      return overflow ? .max : sum
    }
    return add(add(add(inputBytes, scratchBytes), outputBytes), checkpoints ? checkpointBytes : 0)
  }

  /// Checkpoints taken in `compute` of computing: one after every full
  /// interval that is followed by more computing, `⌈compute / interval⌉ − 1`
  /// (none at the very end, where the stage-out follows).
  @inlinable public func checkpointCount(compute: SimTime) -> Int64 {
    guard checkpoints, compute.microseconds > 0 else { return 0 }
    let interval = checkpointInterval.microseconds
    return (compute.microseconds + interval - 1) / interval - 1
  }
}
