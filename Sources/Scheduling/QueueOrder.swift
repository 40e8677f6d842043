import SimKernel
import Workload

/// The order in which a policy considers waiting jobs: arrival order, a
/// job-attribute order (shortest first, ...) or a priority (Slurm's
/// multifactor). The policy (FCFS, EASY, conservative) decides *how*
/// jobs start; the order decides *who comes first*.
public protocol QueueOrder {
  /// A short name, e.g. `submit` or `multifactor`.
  var name: String { get }

  /// Whether this is plain arrival order, which lets policies skip work:
  /// the queue is then already in order and new jobs join at its end, and
  /// job starts and ends change nothing (policies need not pass them on).
  var isArrivalOrder: Bool { get }

  /// Whether the order of the same waiting jobs can change as time passes
  /// with nothing else happening (a priority with an age factor). Policies
  /// that plan periodically (`bf_interval`) may skip a periodic pass only
  /// when it is false. True by default, the safe answer.
  var dependsOnTime: Bool { get }

  /// Fills `indices` (which arrives empty) with the queue indices of every
  /// live waiting job, first-served first. Ties must be broken by arrival
  /// (queue index) so results are deterministic.
  mutating func order(_ view: SchedulerView, into indices: inout [Int])

  /// Told when a job starts (e.g. to accrue fair-share usage).
  mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime)

  /// Told when a job ends.
  mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime)
}

// MARK: - Default implementations

extension QueueOrder {
  public var isArrivalOrder: Bool { false }
  public var dependsOnTime: Bool { true }
  public mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {}
  public mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {}
}

/// Arrival order: submit time, ties in file order. The default.
public struct ArrivalOrder: QueueOrder {
  public var name: String { "submit" }
  public var isArrivalOrder: Bool { true }
  public var dependsOnTime: Bool { false }

  public init() {}

  public mutating func order(_ view: SchedulerView, into indices: inout [Int]) {
    let queue = view.queue
    for index in queue.head..<queue.endIndex where queue[index].isLive { indices.append(index) }
  }
}
