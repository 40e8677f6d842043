import SimKernel
import Workload

extension ConstrainedScheduling {
  /// A running job's predicted estimate was extended: its entry in its
  /// group's running set moves to the new estimated end, the group runs a
  /// pass with `resourcesFreed` set, and every group's policy is told (as it
  /// is of starts and ends; a policy ignores jobs it did not schedule).
  ///
  /// - Complexity: O(log r) for r running jobs in the group, plus the policies' hooks.
  public mutating func estimateExtended(
    _ job: Job, slot: Int32, startedAt start: SimTime, from oldEnd: SimTime, to newEnd: SimTime
  ) {
    let group = Int(slots[Int(slot)].group)
    guard group >= 0 else { return }
    groups[group].running.remove(slot: slot, estimatedEnd: oldEnd.microseconds)
    groups[group].running.insert(slot: slot, nodes: job.nodes, estimatedEnd: newEnd.microseconds)
    groups[group].freed = true
    for index in groups.indices {
      groups[index].policy.estimateExtended(job, slot: slot, startedAt: start, from: oldEnd, to: newEnd)
    }
  }
}
