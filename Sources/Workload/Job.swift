import SimKernel

/// A job as the simulator replays it: the few fields scheduling needs, in a
/// compact value type so that millions fit in contiguous storage.
///
/// A `Job` is made from an `SWFRecord` by `JobAdmission`, which decides the
/// processor count and the estimate and skips records that cannot be replayed.
@frozen
public struct Job: Hashable, Sendable {
  /// The trace's job number (field 1).
  public var id: Int64
  /// When the job enters the queue.
  public var submitTime: SimTime
  /// How long the job actually runs once started (field 4).
  public var runTime: SimTime
  /// The run time the scheduler plans with (see `EstimateSource`); at least `runTime`
  /// unless walltime kills are modelled.
  public var estimate: SimTime
  /// The user's requested time (field 9), or `nil`-like -1 s when unknown.
  public var requestedTime: SimTime
  /// Processors the job needs (field 5, else field 8).
  public var processors: Int32
  /// Whole nodes the job occupies on the replay machine:
  /// `ceil(processors / coresPerNode)`; equal to `processors` on a machine of
  /// one-core nodes (a trace's own machine).
  public var nodes: Int32
  /// Field 12, or -1.
  public var userID: Int32
  /// Field 13, or -1.
  public var groupID: Int32
  /// Field 15, or -1.
  public var queueNumber: Int32
  /// Field 16, or -1.
  public var partitionNumber: Int32
  /// Field 11.
  public var status: Int8
  /// Accelerators the job needs on each of its nodes (GPUs, Xeon Phi cards;
  /// Slurm's `--gres=gpu:N`), 0 for none. No SWF field carries it: it comes
  /// from a requests file (`--job-requests`). Fits the struct's padding.
  public var accelerators: Int16 = 0

  @inlinable
  public init(
    id: Int64, submitTime: SimTime, runTime: SimTime, estimate: SimTime,
    requestedTime: SimTime = .seconds(-1), processors: Int32, nodes: Int32? = nil, userID: Int32 = -1,
    groupID: Int32 = -1, queueNumber: Int32 = -1, partitionNumber: Int32 = -1, status: Int8 = 1
  ) {
    self.id = id
    self.submitTime = submitTime
    self.runTime = runTime
    self.estimate = estimate
    self.requestedTime = requestedTime
    self.processors = processors
    self.nodes = nodes ?? processors
    self.userID = userID
    self.groupID = groupID
    self.queueNumber = queueNumber
    self.partitionNumber = partitionNumber
    self.status = status
  }
}
