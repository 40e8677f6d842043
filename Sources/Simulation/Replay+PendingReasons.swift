import Platform
import Scheduling
import SimKernel
import Workload

/// A replay's per-job pending-reason accounting (see `PendingReason`).
///
/// The cost is O(1) per pass and per job: `Priority` is never accumulated
/// (it is the rest of the wait when the job ends); `Resources` moves only
/// when a node group's head changes, one read of `resourcesHead(group:)`
/// per group and pass; `StorageCapacity` comes from the storage state
/// (`ReplayStorage.blockedSince`) and the policy's own reasons from
/// `addPendingTime(slot:into:)`, both once per start.
struct PendingLedger {
  /// Node group 0's slot pending `Resources` (-1: none) and since when (µs).
  var head: Int32 = -1
  var headSince: Int64 = 0
  /// The same for node groups 1 and up (composite policies only).
  var otherHeads: [Int32] = []
  var otherHeadSince: [Int64] = []
  var groups = 1
  /// Per slot: the time pending `Resources` so far (µs).
  var resources: [Int64] = []
  /// Whether other reasons than `Priority` and `Resources` may occur
  /// (storage, or a policy with `accountsPendingTime`), and then per slot
  /// their time (µs).
  var hasOtherReasons = false
  var others: [PendingTimes] = []
  /// `SchedulingPolicy.accountsPendingTime` of the policy.
  var accountsPolicyTime = false
  /// The tracer, if any, and `tracer != nil` kept apart (cheaper to test).
  var tracer: (any PassTracer)?
  var isTracing = false

  /// Sizes the per-group state for `policy`.
  mutating func configure(for policy: some SchedulingPolicy, hasStorage: Bool) {
    groups = max(1, policy.schedulingGroups)
    head = -1
    otherHeads = Array(repeating: -1, count: groups - 1)
    otherHeadSince = Array(repeating: 0, count: groups - 1)
    accountsPolicyTime = policy.accountsPendingTime
    hasOtherReasons = hasStorage || accountsPolicyTime
  }

}

extension Replay {
  /// Traces every pass with `tracer` (see `PassTracer`).
  public mutating func trace(with tracer: any PassTracer) {
    pending.tracer = tracer
    pending.isTracing = true
  }

  /// After a pass's decisions are applied: moves each node group's
  /// `Resources` head, then tells the tracer, if any.
  ///
  /// - Complexity: O(node groups), plus the tracer's work.
  @inline(__always)
  mutating func notePass<Policy: SchedulingPolicy>(at now: SimTime, policy: inout Policy) {
    let head = policy.resourcesHead(group: 0)
    if head != pending.head { moveHead(to: head, at: now.microseconds) }
    if pending.groups > 1 { noteOtherGroups(at: now.microseconds, policy: &policy) }
    if pending.isTracing { tracePassApplied(at: now, policy: policy) }
  }

  mutating func noteOtherGroups<Policy: SchedulingPolicy>(at now: Int64, policy: inout Policy) {
    for group in 1..<pending.groups {
      let head = policy.resourcesHead(group: group)
      let old = pending.otherHeads[group - 1]
      guard head != old else { continue }
      addResources(slot: old, since: pending.otherHeadSince[group - 1], until: now)
      pending.otherHeads[group - 1] = eligibleHead(head)
      pending.otherHeadSince[group - 1] = now
    }
  }

  /// Ends group 0's old head's `Resources` interval and starts the new one's.
  mutating func moveHead(to head: Int32, at now: Int64) {
    addResources(slot: pending.head, since: pending.headSince, until: now)
    pending.head = eligibleHead(head)
    pending.headSince = now
  }

  /// `head`, or -1 when it waits for storage space: such a job stays
  /// `StorageCapacity` even as head.
  @inline(__always)
  func eligibleHead(_ head: Int32) -> Int32 {
    head >= 0 && hasStorage && storage!.blockedSince[Int(head)] >= 0 ? -1 : head
  }

  @inline(__always)
  mutating func addResources(slot: Int32, since: Int64, until now: Int64) {
    guard slot >= 0 else { return }
    let index = Int(slot)
    if index >= pending.resources.count {
      pending.resources.append(contentsOf: repeatElement(0, count: max(index + 1, jobs.count) - pending.resources.count))
    }
    pending.resources[index] += now - since
  }

  /// A job starts: records the time it waited for storage space and the
  /// policy's own reasons.
  @inline(__always)
  mutating func noteStart<Policy: SchedulingPolicy>(slot: Int32, policy: inout Policy) {
    guard pending.hasOtherReasons else { return }
    let index = Int(slot)
    if index >= pending.others.count {
      pending.others.append(contentsOf: repeatElement(PendingTimes(), count: max(index + 1, jobs.count) - pending.others.count))
    }
    if hasStorage { pending.others[index].storageCapacity = storage!.startingWait }
    if pending.accountsPolicyTime { policy.addPendingTime(slot: slot, into: &pending.others[index]) }
  }

  /// The wait of the job in `slot` by reason (`Priority` the rest), and the
  /// slot's accounting cleared for its next job.
  @inline(__always)
  mutating func takePendingTimes(slot: Int32, wait: SimTime) -> PendingTimes {
    let index = Int(slot)
    var times = PendingTimes()
    if pending.hasOtherReasons && index < pending.others.count {
      times = pending.others[index]
      pending.others[index] = PendingTimes()
    }
    if index < pending.resources.count {
      times.resources = pending.resources[index]
      pending.resources[index] = 0
    }
    times.priority = wait.microseconds &- times.nonPriority
    if times.priority < 0 { overcounted(slot: slot, times: times, wait: wait) }
    return times
  }

  func overcounted(slot: Int32, times: PendingTimes, wait: SimTime) -> Never {
    preconditionFailure(
      "job \(jobs[Int(slot)].id): pending reasons other than Priority sum to \(times.nonPriority) µs, "
        + "more than its wait of \(wait.microseconds) µs")
  }

  /// Tells the tracer what the policy decided (before the decisions apply).
  mutating func tracePassDecided(at now: SimTime, decisions: [Decision]) {
    pending.tracer!.passDecided(
      at: now, queue: queue, jobs: jobs, firstNewArrival: view.firstNewArrival, decisions: decisions)
  }

  mutating func tracePassApplied<Policy: SchedulingPolicy>(at now: SimTime, policy: Policy) {
    let inspection = ReplayInspection(
      now: now, queue: queue, jobs: jobs, policy: policy, head: pending.head, otherHeads: pending.otherHeads,
      storageBlockedSince: storage?.blockedSince ?? [], busyNodes: totalNodes - pool.freeCount)
    pending.tracer!.passApplied(inspection)
    if pending.tracer!.isDone { pending.isTracing = false }
  }
}

/// A replay's state after a pass, as a tracer sees it.
struct ReplayInspection<Policy: SchedulingPolicy>: PassInspection {
  let now: SimTime
  let queue: WaitingQueue
  let jobs: [Job]
  let policy: Policy
  /// Node group 0's `Resources` job, and the other groups' (-1: none).
  let head: Int32
  let otherHeads: [Int32]
  let storageBlockedSince: [Int64]
  let busyNodes: Int32

  /// The reasons in the order of `PendingReason`'s semantics: the policy's
  /// own (QOS holds, reservations), storage, the group heads, `Priority`.
  func reason(of slot: Int32) -> PendingReason {
    if let own = policy.policyPendingReason(slot: slot) { return own }
    let index = Int(slot)
    if index < storageBlockedSince.count && storageBlockedSince[index] >= 0 { return .storageCapacity }
    return slot == head || otherHeads.contains(slot) ? .resources : .priority
  }

  func position(of slot: Int32) -> Int? { policy.queuePosition(of: slot, in: queue) }

  func plannedStart(of slot: Int32) -> SimTime? { policy.plannedStart(slot: slot) }
}
