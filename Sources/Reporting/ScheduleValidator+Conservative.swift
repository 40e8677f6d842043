import Scheduling
import SimKernel
import Workload

/// Conservative backfilling's promise, checked from the schedule and the
/// trace alone (no replay of its planning): a job never starts later than
/// the instant by which every job ahead of it was planned to end.
///
/// When job A arrives at `s`, the plan holds the running jobs (planned to
/// end at start + estimate) and the reservations of the jobs waiting ahead
/// of it; at the latest planned end, every node is free, so A's slot is no
/// later, and a reservation never moves later. Hence, with `end(t, e)` the
/// plan's end of a job started at `t` with estimate `e` (rounded up to the
/// resolution), and for each job X submitted before `s` and not finished by
/// then, `U(X)` its start if it started before `s`, else its own bound:
///
///     bound(A) = max(s, max over such X of end(U(X), estimate(X)))
///
/// Jobs submitted at the same instant as A may be planned before it (in
/// file order, or in any other queue order): each adds at most its rounded
/// estimate plus one resolution step to A's bound.
///
/// It holds for `ConservativeBackfilling` with an unbounded `bf_window`,
/// planning at every event (`bf_interval` 0), and either arrival order or an
/// unbounded `bf_max_job_test`, when estimates are never shorter than run
/// times (see `applicable(to:order:)`); FCFS keeps it too. EASY does not: a
/// job backfilled on the extra nodes may hold them past a later head's
/// bound. It is weaker than the policy (the real slot is often much earlier)
/// but real: a job started after its bound is a breach.
public struct ConservativeStartBound: ScheduleGuarantee {
  /// The plan's `bf_resolution`: planned ends are rounded up to a multiple.
  public var resolution: SimTime

  public init(resolution: SimTime = .seconds(1)) {
    precondition(resolution.microseconds > 0, "the resolution must be positive")
    self.resolution = resolution
  }

  public var description: String { "conservative start bound" }

  /// The guarantee for a conservative replay with `parameters` and `order`,
  /// or `nil` when those bounds let a job go unplanned and be overtaken.
  public static func applicable(to parameters: BackfillParameters, order: QueueOrderKind) -> ConservativeStartBound? {
    guard parameters.window == .infinity, parameters.interval == .zero,
      order == .submit || parameters.maxJobTest == .max
    else { return nil }
    return ConservativeStartBound(resolution: parameters.resolution)
  }

  /// - Complexity: O(n log n) for n jobs.
  public func check(_ schedule: CheckedSchedule, into log: inout ViolationLog) {
    let entries = schedule.entries
    let step = resolution.microseconds
    // Running terms: each job's planned end from its real start, active once
    // a later arrival sees it started (s > start) and until it ends.
    let byStart = entries.indices.sorted { entries[$0].start < entries[$1].start }
    var nextStarted = 0
    var planned = ExpiringMaxHeap()
    var bounds = [Int64](repeating: 0, count: entries.count)
    var group = 0
    while group < entries.count {
      let submit = entries[group].job.submitTime.microseconds
      var groupEnd = group
      while groupEnd < entries.count && entries[groupEnd].job.submitTime.microseconds == submit { groupEnd += 1 }
      while nextStarted < byStart.count && entries[byStart[nextStarted]].start.microseconds < submit {
        let entry = entries[byStart[nextStarted]]
        planned.push(
          value: Self.plannedEnd(entry.start.microseconds, entry.job.estimate.microseconds, step),
          until: entry.finish.microseconds - 1)
        nextStarted += 1
      }
      let ahead = max(submit, planned.max(at: submit) ?? submit)
      var together: Int64 = 0
      for index in group..<groupEnd { together += Self.slack(entries[index].job.estimate.microseconds, step) }
      for index in group..<groupEnd {
        let entry = entries[index]
        let bound = ahead + together - Self.slack(entry.job.estimate.microseconds, step)
        bounds[index] = bound
        if entry.start.microseconds > bound {
          log.record(
            Violation(
              jobID: entry.job.id,
              kind: .guarantee(
                name: "conservative_start_bound",
                detail: "starts at \(entry.start), after \(SimTime(microseconds: bound)), when every job "
                  + "ahead of it was planned to end (conservative backfilling starts it by then)")))
        }
      }
      // While waiting, a job counts with its bound; once started, with its start.
      for index in group..<groupEnd {
        let entry = entries[index]
        planned.push(
          value: Self.plannedEnd(max(bounds[index], entry.start.microseconds), entry.job.estimate.microseconds, step),
          until: entry.start.microseconds)
      }
      group = groupEnd
    }
  }

  /// The plan's end of a job started at `start` (µs) with `estimate`.
  static func plannedEnd(_ start: Int64, _ estimate: Int64, _ step: Int64) -> Int64 {
    let end = start + max(estimate, 1)
    let remainder = end % step
    return remainder > 0 ? end + (step - remainder) : end
  }

  /// How much a job planned just before another can push it back.
  static func slack(_ estimate: Int64, _ step: Int64) -> Int64 {
    plannedEnd(0, estimate, step) + step
  }
}

/// A max-heap of values that expire: `max(at:)` drops the ones whose
/// `until` (inclusive) has passed. Times only move forward.
struct ExpiringMaxHeap {
  var items: [(value: Int64, until: Int64)] = []

  mutating func push(value: Int64, until: Int64) {
    items.append((value, until))
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard items[parent].value < items[child].value else { break }
      items.swapAt(parent, child)
      child = parent
    }
  }

  /// The largest value still active at `time`.
  mutating func max(at time: Int64) -> Int64? {
    while let top = items.first, top.until < time { popTop() }
    return items.first?.value
  }

  mutating func popTop() {
    items.swapAt(0, items.count - 1)
    items.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      guard left < items.count else { return }
      let right = left + 1
      let larger = right < items.count && items[right].value > items[left].value ? right : left
      guard items[parent].value < items[larger].value else { return }
      items.swapAt(parent, larger)
      parent = larger
    }
  }
}

extension PolicyKind {
  /// What the policy promises beyond a feasible schedule, given the queue
  /// order and (for conservative) the backfill bounds it ran with.
  ///
  /// FCFS promises arrival order only in arrival order; conservative
  /// promises `ConservativeStartBound` when `applicable(to:order:)`.
  public func scheduleGuarantees(
    order: QueueOrderKind, backfill: BackfillParameters = BackfillParameters()
  ) -> [any ScheduleGuarantee] {
    switch self {
    case .fcfs: order == .submit ? [ArrivalOrderGuarantee()] : []
    case .easy: []
    case .conservative: ConservativeStartBound.applicable(to: backfill, order: order).map { [$0] } ?? []
    }
  }
}
