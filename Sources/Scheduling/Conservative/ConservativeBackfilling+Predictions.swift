import SimKernel
import Workload

extension ConservativeBackfilling {
  /// A running job outlived its predicted estimate (`--estimate predicted`):
  /// its planned end moves from its old end to the new one. The plan had
  /// counted the job's nodes free from the old end on; where it still has
  /// them free until the new end, the job simply keeps them and every
  /// reservation stays where it is. Otherwise a reservation was placed on
  /// them, and the next pass rebuilds the plan (`rebuild`) from the running
  /// jobs' planned ends, giving every waiting job a new reservation in queue
  /// order, as for a job outliving its estimate under walltime kills: some
  /// may then move later, so "never later than first promised" does not
  /// hold under predictions (see the type's discussion).
  ///
  /// - Complexity: O(log s + k) for s steps in the plan and k inside the
  ///   extension; a rebuild costs O(r log r + q) for r running and q waiting
  ///   jobs, plus the new reservations.
  public mutating func estimateExtended(
    _ job: Job, slot: Int32, startedAt start: SimTime, from oldEnd: SimTime, to newEnd: SimTime
  ) {
    let index = Int(slot)
    // A job this instance did not plan (another partition's) is not its concern.
    guard hasProfile, index < plans.count, plans[index].end != .max else { return }
    let oldPlanned = plans[index].end
    let newPlanned = grain.end(start: start.microseconds, duration: job.estimate.microseconds)
    plans[index].end = newPlanned
    // A pending rebuild reads the new end; an end within the same plan step changes nothing.
    guard !plannedEndMoved, newPlanned > oldPlanned else { return }
    needsPlanning = true
    if oldPlanned > profile.origin && profile.leastFree(from: oldPlanned, to: newPlanned) >= job.nodes {
      profile.extendEnd(job.nodes, from: oldPlanned, to: newPlanned)
    } else {
      plannedEndMoved = true
    }
  }
}

extension AvailabilityProfile {
  // `leastFree(from:to:)` is in ReservationCalendar.swift.

  /// A planned interval of `nodes` ending at `oldEnd` (after `origin`) now
  /// ends at `newEnd`, later: its nodes are busy over `[oldEnd, newEnd)`.
  mutating func extendEnd(_ nodes: Int32, from oldEnd: Int64, to newEnd: Int64) {
    apply(-nodes, from: oldEnd, to: newEnd, startEdge: -1, endEdge: 1)
  }
}
