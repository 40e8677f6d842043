import Platform
import Scheduling
import SimKernel
import Workload

/// How a replayed job ended.
public enum JobEndState: UInt8, Sendable {
  /// Ran its whole recorded run time.
  case completed
  /// Killed at its time limit (walltime enforcement).
  case timeout
}

/// A job that ran: what it was, when it started and ended, and where.
public struct JobOutcome: Sendable {
  public var job: Job
  public var startTime: SimTime
  public var endTime: SimTime
  public var nodes: NodeSet
  public var state: JobEndState
  /// The wait (`startTime - submitTime`) split by pending reason: every
  /// field set, summing to the wait exactly (see `PendingReason`).
  public var pending: PendingTimes

  public init(
    job: Job, startTime: SimTime, endTime: SimTime, nodes: NodeSet, state: JobEndState, pending: PendingTimes
  ) {
    self.job = job
    self.startTime = startTime
    self.endTime = endTime
    self.nodes = nodes
    self.state = state
    self.pending = pending
  }

  /// An outcome whose whole wait was pending `Priority`.
  public init(job: Job, startTime: SimTime, endTime: SimTime, nodes: NodeSet, state: JobEndState) {
    self.init(
      job: job, startTime: startTime, endTime: endTime, nodes: nodes, state: state,
      pending: PendingTimes(priorityOnly: startTime - job.submitTime))
  }

  /// `start - submit`.
  @inlinable public var waitTime: SimTime { startTime - job.submitTime }
  /// `end - start`.
  @inlinable public var executionTime: SimTime { endTime - startTime }
}

/// Receives job events as a replay runs. Metrics, outputs and logs are
/// observers; the simulation never calls them for decisions.
///
/// Events arrive in simulated-time order; at one instant, ends come before
/// starts (see `Replay`).
public protocol ReplayObserver: AnyObject {
  /// A job started on `nodes`.
  func jobStarted(_ job: Job, at time: SimTime, nodes: NodeSet)
  /// A job ended.
  func jobEnded(_ outcome: JobOutcome)
  /// A job could never run on this machine and was refused at submission.
  func jobRejected(_ job: Job, reason: RejectReason)
  /// The replay is over: no job is waiting or running.
  func replayFinished(at time: SimTime)
  /// Whether the observer reads which nodes a job ran on (`nodes` of
  /// `jobStarted`, `JobOutcome.nodes`). When no observer does, a replay that
  /// places no job on particular nodes only counts free nodes and passes
  /// empty sets. Read once, when the replay starts. Default `true`.
  var usesNodeSets: Bool { get }
}

// MARK: - Default implementations

extension ReplayObserver {
  public func jobStarted(_ job: Job, at time: SimTime, nodes: NodeSet) {}
  public func jobEnded(_ outcome: JobOutcome) {}
  public func jobRejected(_ job: Job, reason: RejectReason) {}
  public func replayFinished(at time: SimTime) {}
  public var usesNodeSets: Bool { true }
}

/// Forwards every event to several observers, in order.
public final class ObserverGroup: ReplayObserver {
  public var observers: [any ReplayObserver]

  public init(_ observers: [any ReplayObserver]) { self.observers = observers }

  public var usesNodeSets: Bool { observers.contains { $0.usesNodeSets } }

  public func jobStarted(_ job: Job, at time: SimTime, nodes: NodeSet) {
    for observer in observers { observer.jobStarted(job, at: time, nodes: nodes) }
  }
  public func jobEnded(_ outcome: JobOutcome) {
    for observer in observers { observer.jobEnded(outcome) }
  }
  public func jobRejected(_ job: Job, reason: RejectReason) {
    for observer in observers { observer.jobRejected(job, reason: reason) }
  }
  public func replayFinished(at time: SimTime) {
    for observer in observers { observer.replayFinished(at: time) }
  }
}
