import SimKernel
import Workload

/// First come, first served, without backfilling: jobs start strictly in
/// queue order (arrival order by default, or the given `QueueOrder`); the
/// first job that does not fit blocks every job behind it (Slurm's
/// `sched/builtin`).
public struct FCFSPolicy: SchedulingPolicy {
  public var name: String { order.isArrivalOrder ? "fcfs" : "fcfs/\(order.name)" }
  /// Who comes first.
  public internal(set) var order: any QueueOrder
  /// `order.isArrivalOrder`, read once rather than through the order's
  /// existential at every pass, job start and job end.
  let ordersByArrival: Bool
  /// Whether the queue head did not fit at the end of the last pass.
  var headBlocked = false
  /// The blocked head's slot, -1 when none (`resourcesHead(group:)`).
  var headSlot: Int32 = -1
  /// Reused storage for the ordered queue indices.
  var ordered: [Int] = []
  /// With a storage tier: whether a pass without freed resources may resume
  /// from the new arrivals (`FCFSPolicy+Storage.swift`).
  var storageResumable = false
  /// With a storage tier: skips jobs passed over before (`StorageSkipList`).
  var storageSkip = StorageSkipList()

  public init(order: any QueueOrder = ArrivalOrder()) {
    self.order = order
    ordersByArrival = order.isArrivalOrder
  }

  /// FCFS looks at the free nodes and the queue only.
  public var usesRunningSet: Bool { false }

  public mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    if view.storage.isActive {
      scheduleWithStorage(view, into: &decisions)
      return
    }
    if !view.reservations.isEmpty || view.gate.isActive {
      scheduleAroundReservations(view, into: &decisions)
      return
    }
    // In arrival order, with no nodes freed, a blocked head stays blocked
    // and so does everyone behind it; a new job joins behind the head.
    if ordersByArrival && headBlocked && !view.resourcesFreed { return }
    var free = view.freeNodes
    let queue = view.queue
    headBlocked = false
    headSlot = -1
    if ordersByArrival {
      var index = queue.head
      while index < queue.endIndex {
        let entry = queue[index]
        if entry.isLive {
          if entry.nodes > free {
            headBlocked = true
            headSlot = entry.slot
            return
          }
          free -= entry.nodes
          decisions.append(.start(queueIndex: index))
        }
        index += 1
      }
      return
    }
    ordered.removeAll(keepingCapacity: true)
    order.order(view, into: &ordered)
    for index in ordered {
      let need = queue[index].nodes
      if need > free {
        headBlocked = true
        headSlot = queue[index].slot
        return
      }
      free -= need
      decisions.append(.start(queueIndex: index))
    }
  }

  public mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {
    if !ordersByArrival { order.jobStarted(job, slot: slot, at: time) }
  }

  public mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    if !ordersByArrival { order.jobEnded(job, slot: slot, startedAt: start, at: time) }
  }
}
