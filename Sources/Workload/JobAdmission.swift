import SimKernel

/// Where the scheduler's run-time estimate of a job comes from.
public enum EstimateSource: String, Sendable, CaseIterable {
  /// The user's requested time (field 9); when it is missing (-1) or shorter
  /// than the recorded run time, the run time is used instead.
  case requested
  /// The recorded run time itself (a perfect oracle).
  case runtime
  /// A system-generated prediction (EASY++; Tsafrir, Etsion & Feitelson,
  /// IEEE TPDS 2007): the average run time of the user's two most recently
  /// completed jobs, capped by the `requested` estimate, which it falls back
  /// to; extended while the job outlives it. Predictions depend on which
  /// jobs have completed by each submit, so the replay makes them
  /// (`Replay.predictsEstimates`); admission gives the `requested` estimate,
  /// the prediction's cap.
  case predicted
}

/// Why a trace record is not replayed at all.
public enum SkipReason: Int, Sendable, CaseIterable, Comparable {
  case submitTimeMissing
  case runTimeMissing
  case processorsMissing
  case zeroProcessors
  case malformedLine

  /// A short identifier used in summaries and JSON.
  public var name: String {
    switch self {
    case .submitTimeMissing: "submit_time_missing"
    case .runTimeMissing: "run_time_missing"
    case .processorsMissing: "processors_missing"
    case .zeroProcessors: "zero_processors"
    case .malformedLine: "malformed_line"
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why a replayable job is refused by the machine.
public enum RejectReason: Int, Sendable, CaseIterable, Comparable {
  /// The job needs more nodes than the machine has.
  case largerThanMachine
  /// The job needs more nodes than its partition has.
  case largerThanPartition
  /// The job needs more nodes than its partition's `MaxNodes` (Slurm's `PartitionNodeLimit`).
  case partitionNodeLimit
  /// The job asks for more time than its partition's `MaxTime` (Slurm's `PartitionTimeLimit`).
  case partitionTimeLimit
  /// The job alone needs more nodes than its QOS allows a user (`MaxTRESPerUser=node`).
  case qosMaxNodesPerUser
  /// The user already has `MaxSubmitJobsPerUser` jobs running or pending in the QOS.
  case qosMaxSubmitJobsPerUser
  /// Too few nodes (of its partition) have the accelerators per node it asks for.
  case acceleratorsUnavailable

  public var name: String {
    switch self {
    case .largerThanMachine: "larger_than_machine"
    case .largerThanPartition: "larger_than_partition"
    case .partitionNodeLimit: "partition_node_limit"
    case .partitionTimeLimit: "partition_time_limit"
    case .qosMaxNodesPerUser: "qos_max_nodes_per_user"
    case .qosMaxSubmitJobsPerUser: "qos_max_submit_jobs_per_user"
    case .acceleratorsUnavailable: "accelerators_unavailable"
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Turns SWF records into replayable jobs.
///
/// - Processors: field 5 (allocated) when positive, else field 8 (requested).
/// - Nodes: `ceil(processors / coresPerNode)`.
/// - Estimate: see `EstimateSource`.
/// Records with a missing submit time, run time or processor count, or zero
/// processors, are skipped with a reason; they never reach the queue.
public struct JobAdmission: Sendable {
  /// How estimates are chosen.
  public var estimateSource: EstimateSource
  /// Trace processors that fit on one node (1 on a trace's own machine).
  public var coresPerNode: Int32
  /// Whether jobs are killed at their requested time: the requested time is
  /// then a hard limit, so a known request is the estimate even when the job
  /// would run longer.
  public var killAtWalltime: Bool
  /// Host memory of one node in KB, or 0 when unknown (a trace's own
  /// machine): a job's requested memory (field 10) then limits how many of
  /// its processors share a node (see `processorsPerNode(requestedMemory:)`).
  public var nodeMemoryKB: Int64 = 0

  public init(
    estimateSource: EstimateSource = .requested, coresPerNode: Int32 = 1, killAtWalltime: Bool = false,
    nodeMemoryKB: Int64 = 0
  ) {
    precondition(coresPerNode >= 1, "cores per node must be positive")
    precondition(nodeMemoryKB >= 0, "node memory must not be negative")
    self.estimateSource = estimateSource
    self.coresPerNode = coresPerNode
    self.killAtWalltime = killAtWalltime
    self.nodeMemoryKB = nodeMemoryKB
  }

  /// The outcome of admitting one record.
  public enum Outcome: Sendable {
    case job(Job)
    case skipped(SkipReason)
  }

  /// Admits `record`.
  ///
  /// - Complexity: O(1)
  @inlinable
  public func admit(_ record: SWFRecord) -> Outcome {
    if record.submitTime.microseconds < 0 { return .skipped(.submitTimeMissing) }
    if record.runTime.microseconds < 0 { return .skipped(.runTimeMissing) }
    let processors =
      record.allocatedProcessors > 0 ? record.allocatedProcessors : record.requestedProcessors
    if processors <= 0 {
      // A zero in either field is a recorded "no processors"; -1 in both is missing.
      let recordedZero = processors == 0 || record.allocatedProcessors == 0
      return .skipped(recordedZero ? .zeroProcessors : .processorsMissing)
    }
    let clamped = Int32(clamping: processors)
    let perNode = nodeMemoryKB > 0 ? processorsPerNode(requestedMemory: record.requestedMemory) : Int64(coresPerNode)
    // A job whose processors each need more memory than a node has fits on no node:
    // it needs "more nodes than any machine", and is rejected as larger than the machine.
    let nodes = perNode > 0 ? Int32(clamping: (Int64(clamped) + perNode - 1) / perNode) : Int32.max
    let requested = record.requestedTime
    let estimate: SimTime
    switch estimateSource {
    case .requested, .predicted:
      if killAtWalltime && requested.microseconds >= 0 {
        estimate = requested
      } else {
        estimate = requested >= record.runTime ? requested : record.runTime
      }
    case .runtime:
      estimate = record.runTime
    }
    return .job(
      Job(
        id: record.jobNumber, submitTime: record.submitTime, runTime: record.runTime,
        estimate: estimate, requestedTime: requested, processors: clamped, nodes: nodes,
        userID: Int32(clamping: record.userID), groupID: Int32(clamping: record.groupID),
        queueNumber: Int32(clamping: record.queueNumber),
        partitionNumber: Int32(clamping: record.partitionNumber),
        status: Int8(clamping: record.status)))
  }
}
