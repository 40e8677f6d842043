import Platform
import Scheduling
import SimKernel

/// One row of a `jobs.csv` schedule, as read, before any check against a trace.
///
/// Times are exact `SimTime`s parsed from the six-decimal text (never through
/// `Double`). A field left empty in the file is `nil`: a rejected job has
/// every time field, the stretch and the allocation empty.
public struct ScheduledRow: Hashable, Sendable {
  /// The 1-based line of the row in its file (the header is line 1).
  public var line: Int
  /// `job_id`: the trace's job number.
  public var jobID: Int64
  /// `submission_time`, in seconds.
  public var submitTime: SimTime
  /// `requested_number_of_resources`: nodes the job asked for.
  public var requestedNodes: Int64
  /// `requested_time`: the estimate the scheduler planned with, in seconds.
  public var requestedTime: SimTime
  /// `success`: 1 when the job ran to completion, 0 otherwise (e.g. rejected).
  public var success: Bool
  /// `starting_time`, in seconds.
  public var startTime: SimTime?
  /// `execution_time`: finish - start, in seconds.
  public var executionTime: SimTime?
  /// `finish_time`, in seconds.
  public var finishTime: SimTime?
  /// `waiting_time`: start - submit, in seconds.
  public var waitingTime: SimTime?
  /// `turnaround_time`: finish - submit, in seconds.
  public var turnaroundTime: SimTime?
  /// `stretch`: turnaround / execution in millionths (six decimals, exact);
  /// `nil` when empty (zero execution time, or a rejected job).
  public var stretchMillionths: Int64?
  /// `allocated_resources`: 0-based node indices; empty for a rejected job.
  public var nodes: NodeSet
  /// The `pending_<reason>_s` columns; `nil` when the file has none or they
  /// are empty (a rejected job).
  public var pending: PendingTimes?

  public init(
    line: Int, jobID: Int64, submitTime: SimTime, requestedNodes: Int64, requestedTime: SimTime,
    success: Bool, startTime: SimTime? = nil, executionTime: SimTime? = nil,
    finishTime: SimTime? = nil, waitingTime: SimTime? = nil, turnaroundTime: SimTime? = nil,
    stretchMillionths: Int64? = nil, nodes: NodeSet = NodeSet(), pending: PendingTimes? = nil
  ) {
    self.line = line
    self.jobID = jobID
    self.submitTime = submitTime
    self.requestedNodes = requestedNodes
    self.requestedTime = requestedTime
    self.success = success
    self.startTime = startTime
    self.executionTime = executionTime
    self.finishTime = finishTime
    self.waitingTime = waitingTime
    self.turnaroundTime = turnaroundTime
    self.stretchMillionths = stretchMillionths
    self.nodes = nodes
    self.pending = pending
  }

  /// True when the row carries no time, stretch or node: the form of a job
  /// refused at submission.
  public var hasNoPlacement: Bool {
    startTime == nil && executionTime == nil && finishTime == nil && waitingTime == nil
      && turnaroundTime == nil && stretchMillionths == nil && nodes.isEmpty
  }
}
