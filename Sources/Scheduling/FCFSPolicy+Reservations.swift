extension FCFSPolicy {
  /// FCFS while advance reservations are pending: a job starts, in order,
  /// only if its nodes are free for its whole estimate once the windows are
  /// taken out, and, for named nodes, the gate admits it (`ReservationPass`);
  /// the first job that cannot start blocks the rest. With a storage tier, a
  /// job whose footprint does not fit is passed over first (see
  /// `FCFSPolicy+Storage.swift`).
  ///
  /// - Complexity: O(running + windows) to plan, then O(steps) per start.
  mutating func scheduleAroundReservations(_ view: SchedulerView, into decisions: inout [Decision]) {
    headBlocked = false
    headSlot = -1
    var pass = ReservationPass(view)
    var space = view.storage
    let queue = view.queue
    /// Starts the job at `index`, or passes it over for space; `false` once
    /// it is the head (it does not fit around the reservations).
    func consider(_ index: Int) -> Bool {
      let entry = queue[index]
      if space.isActive && !space.fits(entry.slot) {
        space.passOver(entry.slot)
        decisions.append(.storageBlocked(slot: entry.slot))
        return true
      }
      guard pass.startIfFits(entry) else {
        headSlot = entry.slot
        return false
      }
      if space.isActive { space.take(entry.slot) }
      decisions.append(.start(queueIndex: index))
      return true
    }
    if ordersByArrival {
      for index in queue.head..<queue.endIndex where queue[index].isLive {
        guard consider(index) else { return }
      }
      return
    }
    ordered.removeAll(keepingCapacity: true)
    order.order(view, into: &ordered)
    for index in ordered {
      guard consider(index) else { return }
    }
  }
}
