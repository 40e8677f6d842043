import SimKernel

/// Pending reasons under partitions and QOS limits.
///
/// - `Resources`: each node group's policy reports its own head.
/// - QOS holds: a held job is pending `QOSMaxJobsPerUserLimit` while its
///   user's running plus released jobs are at `MaxJobsPerUser`, else
///   `QOSMaxNodePerUserLimit` (as `heldReason(slot:jobs:)` says). The reason
///   depends on the user's usage only, so all of a user's held jobs share
///   it; it is re-evaluated whenever that usage changes (a job of the user
///   released or ended), and the time held is summed per job and reason.
extension ConstrainedScheduling {
  /// A held job's hold: since when, why, and the time held so far by reason.
  struct Hold {
    /// Start of the current hold interval (µs), -1 when not held.
    var since: Int64 = -1
    var reason = PendingReason.qosMaxJobsPerUserLimit
    /// Microseconds held by `MaxJobsPerUser` and by `MaxTRESPerUser=node`.
    var jobsLimit: Int64 = 0
    var nodesLimit: Int64 = 0

    /// Ends the current interval at `time` (µs).
    mutating func close(at time: Int64) {
      guard since >= 0 else { return }
      if reason == .qosMaxJobsPerUserLimit { jobsLimit += time - since } else { nodesLimit += time - since }
      since = -1
    }
  }

  public var schedulingGroups: Int { groups.count }

  public func resourcesHead(group: Int) -> Int32 { groups[group].policy.resourcesHead(group: 0) }

  public var accountsPendingTime: Bool { !limits.isEmpty }

  public mutating func addPendingTime(slot: Int32, into times: inout PendingTimes) {
    let index = Int(slot)
    guard index < slots.count else { return }
    var hold = slots[index].hold
    hold.close(at: clock)
    times.qosMaxJobsPerUserLimit += hold.jobsLimit
    times.qosMaxNodePerUserLimit += hold.nodesLimit
    slots[index].hold = Hold()
  }

  public func policyPendingReason(slot: Int32) -> PendingReason? {
    let index = Int(slot)
    guard index < slots.count, slots[index].hold.since >= 0 else { return nil }
    return slots[index].hold.reason
  }

  public func plannedStart(slot: Int32) -> SimTime? {
    guard let group = releasedGroup(of: slot) else { return nil }
    return groups[group].policy.plannedStart(slot: slot)
  }

  /// The position in its node group's order (its group's queue holds only
  /// released jobs).
  public func queuePosition(of slot: Int32, in queue: WaitingQueue) -> Int? {
    guard let group = releasedGroup(of: slot) else { return nil }
    return groups[group].policy.queuePosition(of: slot, in: groups[group].queue)
  }

  /// The node group of `slot` when it waits in a group's queue.
  func releasedGroup(of slot: Int32) -> Int? {
    let index = Int(slot)
    guard index < slots.count, slots[index].group >= 0, slots[index].subIndex >= 0 else { return nil }
    return Int(slots[index].group)
  }

  /// The hold reason of a user with usage `used` under `limit`.
  @inline(__always)
  func holdReason(_ used: Usage, _ limit: UserLimits.Limits) -> PendingReason {
    if let most = limit.maxJobsPerUser, used.jobs >= most { return .qosMaxJobsPerUserLimit }
    return .qosMaxNodePerUserLimit
  }

  /// Starts the hold of newly held jobs and moves every held job of the user
  /// to the reason its usage now gives.
  ///
  /// - Complexity: O(1) when the reason did not change, else O(held jobs).
  mutating func updateHolds(of used: Usage, limit: UserLimits.Limits) {
    guard let first = used.held.first, let last = used.held.last else { return }
    let reason = holdReason(used, limit)
    let firstHold = slots[Int(first.slot)].hold
    if firstHold.since >= 0 && firstHold.reason == reason {
      // Only a job just held (always last) may lack its hold.
      if slots[Int(last.slot)].hold.since < 0 { beginHold(slot: last.slot, reason: reason) }
      return
    }
    for held in used.held where slots[Int(held.slot)].hold.since < 0 || slots[Int(held.slot)].hold.reason != reason {
      slots[Int(held.slot)].hold.close(at: clock)
      beginHold(slot: held.slot, reason: reason)
    }
  }

  mutating func beginHold(slot: Int32, reason: PendingReason) {
    slots[Int(slot)].hold.since = clock
    slots[Int(slot)].hold.reason = reason
  }

  /// The job is released: its hold ends now.
  mutating func endHold(slot: Int32) {
    slots[Int(slot)].hold.close(at: clock)
  }
}
