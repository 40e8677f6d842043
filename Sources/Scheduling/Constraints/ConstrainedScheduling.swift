import SimKernel
import Workload

/// Runs a policy under partitions and per-user QOS limits by composing it,
/// not by changing it: one instance of the policy per node group (see
/// `PartitionLayout`), each shown a view of its own queue, running jobs and
/// free nodes, and a release gate in front of the queues for the limits.
///
/// ## Partitions
/// Each node group has its own `WaitingQueue` and `RunningSet`; its policy
/// decides over them exactly as it would over a machine of the group's
/// size, and its decisions are translated back to the replay's queue. A
/// group's pass runs when one of its jobs ended, a job joined its queue, or
/// its policy's wake-up is due, mirroring the replay's own rule. Every policy
/// is told of every job start and end in the machine (so fair-share usage is
/// global); a policy ignores jobs it did not schedule.
///
/// ## QOS limits (`MaxJobsPerUser`, `MaxTRESPerUser=node`)
/// A waiting job is *held* (pending reason `QOSMaxJobsPerUserLimit` or
/// `QOSMaxNodePerUserLimit`) until its user's running jobs plus the jobs
/// already released to the policies leave room for it; only then does it
/// join its group's queue. A held job is invisible to the policy: it blocks
/// no one and holds no reservation, as in Slurm, where a job pending on a QOS
/// limit is skipped by the main and backfill schedulers. Counting released
/// jobs as if running makes every decision of a pass safe (no set of starts
/// can exceed a limit), so policies never see a decision refused. The price,
/// where this differs from Slurm: at most `MaxJobsPerUser` of a user's jobs
/// compete at a time (Slurm lets any of them start while the user is under
/// the limit), and a released job joins its queue at the back, as if
/// submitted when released (Slurm's age factor also accrues only while a job
/// is eligible). Held jobs are released in arrival order, each as soon as it
/// fits the user's room.
public struct ConstrainedScheduling: SchedulingPolicy {
  /// One node group's scheduling state.
  struct Group {
    var policy: any SchedulingPolicy
    var queue = WaitingQueue()
    var running = RunningSet()
    var free: Int32
    let total: Int32
    /// Queue index where entries not yet seen by the group's policy begin.
    var firstUnseen = 0
    var freed = false
    /// The group policy's wake-up request (µs), `Int64.max` when none.
    var wakeAt = Int64.max
    /// The group's nodes, when partitions are on (the gate's scope).
    var nodes: Range<Int32>? = nil
  }

  /// What the composite knows of a job slot.
  struct SlotState {
    var group: Int32 = -1
    /// Index in the group's queue while released and waiting, else -1.
    var subIndex = -1
    /// Index in the replay's queue (checked before use: the replay compacts).
    var globalIndex = -1
    /// While held: since when (µs) and why; and the time held so far by
    /// reason (see `ConstrainedScheduling+PendingReasons.swift`).
    var hold = Hold()
  }

  /// A user's jobs counted against a QOS's limits.
  struct Usage {
    /// Released (waiting in a group queue) plus running jobs, and their nodes.
    var jobs: Int32 = 0
    var nodes: Int32 = 0
    /// Held jobs in arrival order.
    var held: [(slot: Int32, job: Job)] = []
  }

  public let layout: PartitionLayout?
  public let limits: UserLimits
  var groups: [Group] = []
  var slots: [SlotState] = []
  var usage: [Int64: Usage] = [:]
  var scratch: [Decision] = []
  var groupOfPartition: [Int32] = []
  let baseName: String
  /// Advance reservations not yet over at the last pass.
  var windowsLeft = 0
  /// The instant of the current pass or job end (µs), for hold times.
  var clock: Int64 = 0

  /// - Parameters:
  ///   - makePolicy: a fresh policy for node group `group` (all alike).
  public init(
    layout: PartitionLayout?, limits: UserLimits, totalNodes: Int32,
    makePolicy: (_ group: Int) -> any SchedulingPolicy
  ) {
    self.layout = layout
    self.limits = limits
    let ranges = layout?.groups ?? [0..<totalNodes]
    for (index, range) in ranges.enumerated() {
      let size = Int32(range.count)
      groups.append(Group(policy: makePolicy(index), free: size, total: size, nodes: layout == nil ? nil : range))
    }
    groupOfPartition = layout?.groupOfPartition.map(Int32.init) ?? []
    baseName = groups[0].policy.name
  }

  public var name: String { baseName }

  /// The composite keeps each group's running set itself and never reads
  /// the replay's.
  public var usesRunningSet: Bool { false }

  /// Whether `slot`'s job is held by a QOS limit right now, and by which.
  public func heldReason(slot: Int32, jobs: [Job]) -> PendingReason? {
    let index = Int(slot)
    guard index < slots.count, slots[index].group >= 0, slots[index].subIndex < 0 else { return nil }
    let job = jobs[index]
    guard let limit = limits.limits(of: job) else { return nil }
    let used = usage[limits.key(of: job)] ?? Usage()
    if let most = limit.maxJobsPerUser, used.jobs >= most { return .qosMaxJobsPerUserLimit }
    return .qosMaxNodePerUserLimit
  }

  @inline(__always)
  func group(of job: Job) -> Int32 {
    guard let layout else { return 0 }
    return groupOfPartition[layout.partitionIndex(of: job)]
  }

  public mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    if slots.count < view.jobs.count {
      slots.append(contentsOf: repeatElement(SlotState(), count: view.jobs.count - slots.count))
    }
    let now = view.now.microseconds
    clock = now
    let queue = view.queue
    var index = view.firstNewArrival
    while index < queue.endIndex {
      let entry = queue[index]
      if entry.isLive {
        let slot = Int(entry.slot)
        let job = view.jobs[slot]
        slots[slot].group = group(of: job)
        slots[slot].globalIndex = index
        slots[slot].subIndex = -1
        arrive(job, slot: entry.slot)
      }
      index += 1
    }
    // A window that ended gave its nodes back to every group.
    if view.reservations.reservations.count != windowsLeft {
      windowsLeft = view.reservations.reservations.count
      for group in groups.indices { groups[group].freed = true }
    }
    // The groups share the storage tier's space (`StorageSpace`): each
    // group's pass sees what the ones before it took. A start, a job passed
    // over (a new storage head's claim) or freed space in one group changes
    // what the others may start, so with a tier every group makes a full
    // pass at every pass.
    var space = view.storage
    if space.isActive {
      for group in groups.indices { groups[group].freed = true }
    }
    var wakeUp = Int64.max
    for group in groups.indices {
      compact(group)
      let woken = groups[group].wakeAt <= now
      // A due wake-up is spent whether or not the group has work: with an
      // empty queue, the next arrival brings a pass anyway.
      if woken { groups[group].wakeAt = .max }
      let due = groups[group].freed || groups[group].queue.endIndex > groups[group].firstUnseen || woken
      if due && !groups[group].queue.isEmpty {
        run(group, view: view, woken: woken, space: &space, into: &decisions)
      }
      // As the replay does, a wake-up asked for the present is dropped.
      if groups[group].wakeAt <= now { groups[group].wakeAt = .max }
      wakeUp = min(wakeUp, groups[group].wakeAt)
    }
    if wakeUp != .max { decisions.append(.wakeUp(at: SimTime(microseconds: wakeUp))) }
  }

  /// One pass of a group's policy over its own view; its decisions go to
  /// `decisions` in the replay's queue indices, and its starts and jobs
  /// passed over for storage to `space`, in order.
  mutating func run(
    _ group: Int, view: SchedulerView, woken: Bool, space: inout StorageSpace, into decisions: inout [Decision]
  ) {
    var sub = SchedulerView(
      now: view.now, freeNodes: groups[group].free, totalNodes: groups[group].total, queue: groups[group].queue,
      running: groups[group].running, jobs: view.jobs, resourcesFreed: groups[group].freed,
      firstNewArrival: groups[group].firstUnseen, isWakeUp: woken)
    if !view.reservations.isEmpty || view.gate.isActive {
      sub.reservations = view.reservations
      sub.gate = view.gate
      sub.gate.scope = groups[group].nodes
    }
    if space.isActive {
      sub.storage = space
      sub.storage.passedOver = 0
      sub.storage.tracksQueue = false  // the group's own queue
    }
    scratch.removeAll(keepingCapacity: true)
    groups[group].policy.schedule(sub, into: &scratch)
    for decision in scratch {
      switch decision {
      case .start(let subIndex):
        let slot = groups[group].queue[subIndex].slot
        if space.isActive { space.take(slot) }
        decisions.append(.start(queueIndex: globalIndex(of: slot, in: view.queue)))
      case .wakeUp(let time):
        groups[group].wakeAt = min(groups[group].wakeAt, time.microseconds)
      case .storageBlocked(let slot):
        space.passOver(slot)
        decisions.append(decision)
      }
    }
    groups[group].freed = false
    groups[group].firstUnseen = groups[group].queue.endIndex
  }

  /// The replay's queue index of waiting `slot`, re-mapping every waiting
  /// job when the replay compacted its queue since they were recorded.
  ///
  /// - Complexity: O(1), or O(queue) after a compaction (amortised O(1)).
  mutating func globalIndex(of slot: Int32, in queue: WaitingQueue) -> Int {
    let known = slots[Int(slot)].globalIndex
    if known >= 0 && known < queue.endIndex && queue[known].slot == slot { return known }
    for index in queue.head..<queue.endIndex where queue[index].isLive {
      slots[Int(queue[index].slot)].globalIndex = index
    }
    let found = slots[Int(slot)].globalIndex
    precondition(found >= 0 && queue[found].slot == slot, "job slot \(slot) is not waiting")
    return found
  }

  /// Compacts a group's queue as the replay does its own, keeping the
  /// unseen entries unseen.
  mutating func compact(_ group: Int) {
    let queue = groups[group].queue
    let dead = queue.endIndex - queue.liveCount
    guard dead > 64 && dead > queue.liveCount else { return }
    var liveBefore = 0
    for index in queue.head..<min(groups[group].firstUnseen, queue.endIndex) where queue[index].isLive {
      liveBefore += 1
    }
    groups[group].queue.compactIfSparse()
    groups[group].firstUnseen = liveBefore
    let compacted = groups[group].queue
    for index in 0..<compacted.endIndex { slots[Int(compacted[index].slot)].subIndex = index }
  }

  // MARK: - The release gate

  /// A new job: released to its group's queue, or held.
  mutating func arrive(_ job: Job, slot: Int32) {
    guard !limits.isEmpty, let limit = limits.limits(of: job) else {
      release(job, slot: slot)
      return
    }
    let key = limits.key(of: job)
    var used = usage[key] ?? Usage()
    if fits(job, limit, used) {
      used.jobs += 1
      used.nodes += job.nodes
      release(job, slot: slot)
    } else {
      used.held.append((slot, job))
    }
    usage[key] = used
    updateHolds(of: used, limit: limit)
  }

  @inline(__always)
  func fits(_ job: Job, _ limit: UserLimits.Limits, _ used: Usage) -> Bool {
    if let most = limit.maxJobsPerUser, used.jobs >= most { return false }
    if let most = limit.maxNodesPerUser, used.nodes + job.nodes > most { return false }
    return true
  }

  mutating func release(_ job: Job, slot: Int32) {
    let group = Int(slots[Int(slot)].group)
    slots[Int(slot)].subIndex = groups[group].queue.endIndex
    groups[group].queue.append(slot: slot, nodes: job.nodes, estimate: job.estimate.microseconds)
  }

  /// After one of its jobs ended: releases, in arrival order, each of the
  /// user's held jobs that now fits.
  mutating func releaseHeld(key: Int64, limit: UserLimits.Limits) {
    guard var used = usage[key], !used.held.isEmpty else { return }
    var kept: [(slot: Int32, job: Job)] = []
    for held in used.held {
      if fits(held.job, limit, used) {
        used.jobs += 1
        used.nodes += held.job.nodes
        endHold(slot: held.slot)
        release(held.job, slot: held.slot)
      } else {
        kept.append(held)
      }
    }
    used.held = kept
    usage[key] = used
    updateHolds(of: used, limit: limit)
  }

  // MARK: - Hooks

  public mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {
    let state = slots[Int(slot)]
    let group = Int(state.group)
    groups[group].queue.remove(at: state.subIndex)
    groups[group].running.insert(
      slot: slot, nodes: job.nodes, estimatedEnd: time.microseconds &+ job.estimate.microseconds)
    groups[group].free -= job.nodes
    slots[Int(slot)].subIndex = -1
    for index in groups.indices { groups[index].policy.jobStarted(job, slot: slot, at: time) }
  }

  public mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    clock = time.microseconds
    let group = Int(slots[Int(slot)].group)
    groups[group].running.remove(slot: slot, estimatedEnd: start.microseconds &+ job.estimate.microseconds)
    groups[group].free += job.nodes
    groups[group].freed = true
    slots[Int(slot)] = SlotState()
    for index in groups.indices { groups[index].policy.jobEnded(job, slot: slot, startedAt: start, at: time) }
    guard !limits.isEmpty, let limit = limits.limits(of: job) else { return }
    let key = limits.key(of: job)
    usage[key, default: Usage()].jobs -= 1
    usage[key, default: Usage()].nodes -= job.nodes
    releaseHeld(key: key, limit: limit)
  }
}
