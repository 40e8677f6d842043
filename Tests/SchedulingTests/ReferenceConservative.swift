import Scheduling
import SimKernel
import Workload

/// Conservative backfilling written naively from its definition, with plain
/// lists of intervals and no shortcuts, to cross-check `ConservativeBackfilling`
/// (unbounded, 1 s resolution, planning at every event).
///
/// Each pass visits the waiting jobs in queue order: a job with a
/// reservation is moved to its earliest slot if a job ended early since the
/// last pass (and that slot is earlier); a job without one gets its earliest
/// slot; a job whose slot is now starts, and the policy wakes up at the next
/// slot. A slot is checked at the slot's
/// start and at every planned interval start inside it.
struct ReferenceConservative: SchedulingPolicy {
  struct Interval {
    var start: Int64
    var end: Int64
    var nodes: Int32
  }

  var name: String { "reference" }
  let order: QueueOrderKind
  /// Planned intervals by job id: running jobs and reservations.
  var running: [Int64: Interval] = [:]
  var reserved: [Int64: Interval] = [:]
  var endedEarly = false

  init(order: QueueOrderKind = .submit) { self.order = order }

  static let second = SimTime.ticksPerSecond

  static func plannedEnd(start: Int64, estimate: Int64) -> Int64 {
    let end = start + max(estimate, 1)
    return (end + second - 1) / second * second
  }

  func key(_ entry: QueueEntry) -> Int64 {
    switch order {
    case .submit: 0
    case .sjf: entry.estimate
    case .smallest: Int64(entry.nodes)
    case .largest: -Int64(entry.nodes)
    default: preconditionFailure("the reference knows the attribute orders only, not \(order)")
    }
  }

  /// Nodes planned busy at `time`, leaving out job `excluded`.
  func busy(at time: Int64, excluding excluded: Int64) -> Int32 {
    var total: Int32 = 0
    for (id, interval) in running where id != excluded && interval.start <= time && time < interval.end {
      total += interval.nodes
    }
    for (id, interval) in reserved where id != excluded && interval.start <= time && time < interval.end {
      total += interval.nodes
    }
    return total
  }

  /// The earliest start from `now` for job `id`, ignoring its own reservation.
  func earliest(id: Int64, nodes: Int32, estimate: Int64, now: Int64, machine: Int32) -> Int64 {
    let intervals = (Array(running) + Array(reserved)).filter { $0.key != id }.map(\.value)
    let candidates = ([now] + intervals.map(\.end).filter { $0 > now }).sorted()
    for candidate in candidates {
      let end = Self.plannedEnd(start: candidate, estimate: estimate)
      let points = [candidate] + intervals.map(\.start).filter { $0 > candidate && $0 < end }
      if points.allSatisfy({ busy(at: $0, excluding: id) + nodes <= machine }) { return candidate }
    }
    preconditionFailure("job \(id) never fits")
  }

  mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    let now = view.now.microseconds
    let queue = view.queue
    let waiting = (queue.head..<queue.endIndex).filter { queue[$0].isLive }
      .sorted { key(queue[$0]) != key(queue[$1]) ? key(queue[$0]) < key(queue[$1]) : $0 < $1 }
    let compress = endedEarly
    endedEarly = false
    for index in waiting {
      let entry = queue[index]
      let id = view.jobs[Int(entry.slot)].id
      let start = earliest(id: id, nodes: entry.nodes, estimate: entry.estimate, now: now, machine: view.totalNodes)
      if let held = reserved[id] {
        if compress && start < held.start {
          reserved[id] = Interval(
            start: start, end: Self.plannedEnd(start: start, estimate: entry.estimate), nodes: entry.nodes)
        }
      } else {
        reserved[id] = Interval(
          start: start, end: Self.plannedEnd(start: start, estimate: entry.estimate), nodes: entry.nodes)
      }
      if let slot = reserved[id], slot.start == now {
        running[id] = slot
        reserved[id] = nil
        decisions.append(.start(queueIndex: index))
      }
    }
    // A job must start at its slot even if nothing else happens then.
    if let next = reserved.values.map(\.start).min() { decisions.append(.wakeUp(at: SimTime(microseconds: next))) }
  }

  mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    if let interval = running[job.id], time.microseconds < interval.end { endedEarly = true }
    running[job.id] = nil
  }
}
