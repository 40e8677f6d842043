import SimKernel

/// # Pending reasons and inspection
///
/// A replay gives every waiting job one `PendingReason` at a time (see its
/// semantics there). Two things only the policy knows:
///
/// - **Who waits for `Resources`.** After each pass the replay reads
///   `resourcesHead(group:)` once per node group (O(1)): the first waiting
///   job in the policy's order that the pass did not start. FCFS and EASY
///   report their blocked head, conservative the first job in its order left
///   waiting, `ConstrainedScheduling` each group policy's. A policy that does
///   not say (the default) leaves every waiting job at `Priority`.
/// - **Time pending for its own reasons** (QOS holds, reservations), added
///   by `addPendingTime(slot:into:)` as the job starts, when
///   `accountsPendingTime` is true.
///
/// The inspection members (`policyPendingReason`, `plannedStart`,
/// `queuePosition`) serve `hpcsim explain` and audits: a plain replay never
/// calls them, so they may cost O(queue).
extension SchedulingPolicy {
  public var schedulingGroups: Int { 1 }
  public func resourcesHead(group: Int) -> Int32 { -1 }
  public var accountsPendingTime: Bool { false }
  public mutating func addPendingTime(slot: Int32, into times: inout PendingTimes) {}
  public func policyPendingReason(slot: Int32) -> PendingReason? { nil }
  public func plannedStart(slot: Int32) -> SimTime? { nil }

  /// By default, the position in arrival order (the queue's own order).
  public func queuePosition(of slot: Int32, in queue: WaitingQueue) -> Int? {
    queue.arrivalPosition(of: slot)
  }
}

extension WaitingQueue {
  /// The 1-based position of waiting `slot` among the live entries, or `nil`
  /// when it is not waiting.
  ///
  /// - Complexity: O(`endIndex`).
  public func arrivalPosition(of slot: Int32) -> Int? {
    var position = 0
    for index in head..<endIndex where self[index].isLive {
      position += 1
      if self[index].slot == slot { return position }
    }
    return nil
  }

  /// The 1-based position of waiting `slot` among the live entries of
  /// `ordered` (queue indices in a policy's order), or `nil`.
  ///
  /// - Complexity: O(`ordered.count`).
  public func position(of slot: Int32, inOrder ordered: [Int]) -> Int? {
    var position = 0
    for index in ordered where index < endIndex && self[index].isLive {
      position += 1
      if self[index].slot == slot { return position }
    }
    return nil
  }
}
