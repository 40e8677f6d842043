import Workload

/// Slurm's per-user QOS limits that the replay enforces, by QOS. A job's
/// QOS is the entry for its queue number (SWF field 15), else the default
/// entry; a job with neither has no limits. Counts are per (QOS, user),
/// as Slurm counts a QOS's `MaxJobsPerUser`.
public struct UserLimits: Sendable, Hashable {
  /// The limits of one QOS; `nil` is unlimited.
  public struct Limits: Sendable, Hashable {
    /// `MaxJobsPerUser`: running jobs per user.
    public var maxJobsPerUser: Int32?
    /// `MaxTRESPerUser=node=N`: nodes held by a user's running jobs.
    public var maxNodesPerUser: Int32?
    /// `MaxSubmitJobsPerUser`: running plus pending jobs per user; a submit
    /// beyond it is rejected.
    public var maxSubmitJobsPerUser: Int32?

    public init(maxJobsPerUser: Int32? = nil, maxNodesPerUser: Int32? = nil, maxSubmitJobsPerUser: Int32? = nil) {
      self.maxJobsPerUser = maxJobsPerUser
      self.maxNodesPerUser = maxNodesPerUser
      self.maxSubmitJobsPerUser = maxSubmitJobsPerUser
    }

    public var isEmpty: Bool { maxJobsPerUser == nil && maxNodesPerUser == nil && maxSubmitJobsPerUser == nil }
  }

  /// Limits by trace queue number.
  public var byQueue: [Int32: Limits]
  /// Limits of queues not in `byQueue`, if any.
  public var fallback: Limits?

  public init(byQueue: [Int32: Limits] = [:], fallback: Limits? = nil) {
    self.byQueue = byQueue.filter { !$0.value.isEmpty }
    self.fallback = fallback.flatMap { $0.isEmpty ? nil : $0 }
  }

  /// Whether no limit is set anywhere.
  public var isEmpty: Bool { byQueue.isEmpty && fallback == nil }

  /// The limits that apply to `job`, or `nil`.
  @inlinable
  public func limits(of job: Job) -> Limits? { byQueue[job.queueNumber] ?? fallback }

  /// The key limits are counted under: the QOS (queue number, or `Int32.min`
  /// for the fallback entry) and the user.
  public func key(of job: Job) -> Int64 {
    let qos: Int32 = byQueue[job.queueNumber] != nil ? job.queueNumber : Int32.min
    return Int64(qos) << 32 | Int64(UInt32(bitPattern: job.userID))
  }
}
