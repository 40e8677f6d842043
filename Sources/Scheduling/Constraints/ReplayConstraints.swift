import SimKernel
import Workload

/// What a replay enforces beyond node counts: partitions (node ranges and
/// their `MaxTime`, `DefaultTime`, `MaxNodes`) and per-user QOS limits.
/// `nil` in a replay means none, and the replay takes its plain path.
///
/// The replay calls `admit` for every arriving job (a job breaking a
/// partition limit or `MaxSubmitJobsPerUser` is rejected with a reason) and
/// `jobEnded` for every end; `nodeRange(of:)` says where a job's nodes come
/// from. Scheduling within the limits is `ConstrainedScheduling`'s job.
public struct ReplayConstraints: Sendable {
  /// The partitions, or `nil` when jobs may use any node.
  public let layout: PartitionLayout?
  /// Per-user QOS limits (possibly empty).
  public let limits: UserLimits
  /// How estimates are made (a `DefaultTime` becomes the estimate only
  /// under `.requested`, and the prediction's cap under `.predicted`).
  public let estimateSource: EstimateSource
  /// Whether jobs are killed at their time limit (then a limit is the
  /// estimate even when the job would run longer).
  public let killAtWalltime: Bool
  /// Running plus pending jobs per QOS limit key, for `MaxSubmitJobsPerUser`.
  var submitted: [Int64: Int32] = [:]

  public init(
    layout: PartitionLayout?, limits: UserLimits = UserLimits(), estimateSource: EstimateSource = .requested,
    killAtWalltime: Bool = false
  ) {
    self.layout = layout
    self.limits = limits
    self.estimateSource = estimateSource
    self.killAtWalltime = killAtWalltime
  }

  /// Admits `job`, filling a missing time limit from its partition's
  /// `DefaultTime` (else `MaxTime`), or says why it is rejected:
  /// 1. more nodes than its partition has (`larger_than_partition`),
  /// 2. more than the partition's `MaxNodes` (`partition_node_limit`),
  /// 3. a requested time above the partition's `MaxTime` (`partition_time_limit`),
  /// 4. more nodes than its QOS's `MaxTRESPerUser=node` (`qos_max_nodes_per_user`),
  ///    since such a job could never start,
  /// 5. its user already has `MaxSubmitJobsPerUser` jobs running or pending
  ///    in its QOS (`qos_max_submit_jobs_per_user`).
  /// An admitted job counts towards 5 until it ends.
  ///
  /// - Complexity: O(1) expected
  public mutating func admit(_ job: inout Job) -> RejectReason? {
    if let reason = Self.partitionCheck(&job, layout: layout, estimateSource: estimateSource, killAtWalltime: killAtWalltime) {
      return reason
    }
    guard !limits.isEmpty, let limit = limits.limits(of: job) else { return nil }
    if let most = limit.maxNodesPerUser, job.nodes > most { return .qosMaxNodesPerUser }
    if let most = limit.maxSubmitJobsPerUser {
      let key = limits.key(of: job)
      let count = submitted[key, default: 0]
      if count >= most { return .qosMaxSubmitJobsPerUser }
      submitted[key] = count + 1
    }
    return nil
  }

  /// Rules 1-3 of `admit`, and the `DefaultTime` fill, on their own (the
  /// validator applies them to a trace's jobs to know which are rejected).
  public static func partitionCheck(
    _ job: inout Job, layout: PartitionLayout?, estimateSource: EstimateSource, killAtWalltime: Bool
  ) -> RejectReason? {
    guard let layout else { return nil }
    let partition = layout.partitions[layout.partitionIndex(of: job)]
    if Int(job.nodes) > partition.nodes.count { return .largerThanPartition }
    if let most = partition.maxNodes, job.nodes > most { return .partitionNodeLimit }
    if job.requestedTime.microseconds >= 0 {
      if let most = partition.maxTime, job.requestedTime > most { return .partitionTimeLimit }
    } else if let limit = partition.limitForUnrequested {
      job.requestedTime = limit
      if estimateSource != .runtime {
        job.estimate = killAtWalltime || limit >= job.runTime ? limit : job.runTime
      }
    }
    return nil
  }

  /// Forgets an admitted job (it ended, or was refused after `admit`).
  public mutating func jobEnded(_ job: Job) {
    guard !limits.isEmpty, let limit = limits.limits(of: job), limit.maxSubmitJobsPerUser != nil else { return }
    submitted[limits.key(of: job), default: 1] -= 1
  }

  /// The nodes `job` may be given, or `nil` for any node.
  @inlinable
  public func nodeRange(of job: Job) -> Range<Int32>? {
    guard let layout else { return nil }
    return layout.nodeRange(of: job)
  }
}
