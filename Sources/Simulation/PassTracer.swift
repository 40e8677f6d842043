import Scheduling
import SimKernel
import Workload

/// Sees every scheduling pass of a replay, for `hpcsim explain` and audits
/// of the pending reasons. Installed with `Replay.trace(with:)`; a replay
/// without one pays a Bool test per pass.
public protocol PassTracer: AnyObject {
  /// A pass decided, before its decisions are applied: `queue` and `jobs` as
  /// the policy saw them; entries from `firstNewArrival` on arrived since the
  /// last pass.
  func passDecided(at now: SimTime, queue: WaitingQueue, jobs: [Job], firstNewArrival: Int, decisions: [Decision])

  /// The pass's starts are applied (the started jobs' queue entries are
  /// tombstones; indices are those of `passDecided`).
  func passApplied(_ inspection: some PassInspection)

  /// Whether the tracer needs no more passes (checked after each
  /// `passApplied`; the replay then stops calling it). False by default.
  var isDone: Bool { get }
}

extension PassTracer {
  public var isDone: Bool { false }
}

/// What a tracer may ask after a pass: the state of the waiting jobs.
public protocol PassInspection {
  /// The pass's instant.
  var now: SimTime { get }
  /// The replay's queue after the pass's starts, before compaction.
  var queue: WaitingQueue { get }
  /// Live jobs by slot.
  var jobs: [Job] { get }
  /// Waiting `slot`'s pending reason from now until the next pass.
  func reason(of slot: Int32) -> PendingReason
  /// Waiting `slot`'s 1-based position in the policy's order (within its
  /// node group), or `nil` when the policy does not say.
  func position(of slot: Int32) -> Int?
  /// The start the policy plans for waiting `slot` (EASY's shadow time for
  /// its blocked head, conservative's reservation), or `nil`.
  func plannedStart(of slot: Int32) -> SimTime?
  /// Nodes the running jobs hold and the machine's size.
  var busyNodes: Int32 { get }
}
