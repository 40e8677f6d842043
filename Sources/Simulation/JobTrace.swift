import Platform
import Scheduling
import SimKernel
import Workload

/// What happened to one job in a replay, pass by pass: the record behind
/// `hpcsim explain` (made by `JobTracer`).
public struct JobTrace: Sendable {
  /// The job number asked for (SWF field 1).
  public let jobID: Int64
  /// The job as replayed (its estimate as planned), once it was submitted;
  /// `nil` when no job of that number reached the replay.
  public var job: Job?
  /// Why the job was refused at submission, if it was.
  public var rejection: RejectReason?
  /// Every pass from its submission until the pass that started it (that
  /// one excluded), in order.
  public var passes: [PassRecord] = []
  /// When it started and where.
  public var start: SimTime?
  public var nodes = NodeSet()
  /// When and how it ended.
  public var end: SimTime?
  public var endState: JobEndState?
  /// Its wait by reason, as the replay accounted it (`JobOutcome.pending`).
  public var pending: PendingTimes?

  public init(jobID: Int64) { self.jobID = jobID }
}

/// The state of the traced job after one pass that left it waiting.
public struct PassRecord: Sendable, Hashable {
  /// The pass's number in the replay (1-based).
  public var number: Int
  public var time: SimTime
  /// Its pending reason from this pass until the next.
  public var reason: PendingReason
  /// Its 1-based position in the policy's order (within its node group),
  /// among the jobs still waiting; `nil` when the policy does not say.
  public var position: Int?
  /// Jobs waiting after the pass (in the whole machine).
  public var waiting: Int
  /// Nodes busy after the pass.
  public var busyNodes: Int32
  /// The start the policy plans for it: EASY's shadow time when it is the
  /// blocked head, conservative's reservation.
  public var plannedStart: SimTime?
  /// Jobs submitted after it that this pass started (they passed it).
  public var passedBy: [PassingJob]

  public init(
    number: Int, time: SimTime, reason: PendingReason, position: Int?, waiting: Int, busyNodes: Int32,
    plannedStart: SimTime?, passedBy: [PassingJob]
  ) {
    self.number = number
    self.time = time
    self.reason = reason
    self.position = position
    self.waiting = waiting
    self.busyNodes = busyNodes
    self.plannedStart = plannedStart
    self.passedBy = passedBy
  }
}

/// A job that started ahead of the traced one though submitted after it.
public struct PassingJob: Sendable, Hashable {
  public var id: Int64
  public var submitTime: SimTime
  public var nodes: Int32
  /// The estimate it was planned with.
  public var estimate: SimTime

  public init(id: Int64, submitTime: SimTime, nodes: Int32, estimate: SimTime) {
    self.id = id
    self.submitTime = submitTime
    self.nodes = nodes
    self.estimate = estimate
  }
}

extension JobTrace {
  /// The wait by reason as the pass records tell it: each record's reason
  /// holds until the next record, the last one's until the start. It equals
  /// `pending` (the replay's O(1) accounting) when both are right.
  public var pendingFromPasses: PendingTimes? {
    guard let start else { return nil }
    var times = PendingTimes()
    for (index, record) in passes.enumerated() {
      let until = index + 1 < passes.count ? passes[index + 1].time : start
      times[record.reason] += (until - record.time).microseconds
    }
    return times
  }
}
