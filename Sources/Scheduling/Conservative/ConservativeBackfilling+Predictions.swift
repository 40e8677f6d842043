import SimKernel
import Workload

extension ConservativeBackfilling {
  /// A running job outlived its predicted estimate (`--estimate predicted`):
  /// its planned end moves to the new estimate, and the next pass rebuilds
  /// the plan (`rebuild`) from the running jobs' planned ends, giving every
  /// waiting job a new reservation in queue order. The plan had counted the
  /// job's nodes free from its old end on, and reservations may have been
  /// placed on them, so corrections can move reservations later: under
  /// predictions, "never later than first promised" does not hold, as with
  /// any estimate shorter than the run (see the type's discussion).
  ///
  /// - Complexity: O(1); the rebuild costs O(r log r + q) for r running and
  ///   q waiting jobs, plus the new reservations.
  public mutating func estimateExtended(
    _ job: Job, slot: Int32, startedAt start: SimTime, from oldEnd: SimTime, to newEnd: SimTime
  ) {
    let index = Int(slot)
    // A job this instance did not plan (another partition's) is not its concern.
    guard hasProfile, index < plans.count, plans[index].end != .max else { return }
    plans[index].end = grain.end(start: start.microseconds, duration: job.estimate.microseconds)
    plannedEndMoved = true
  }
}
