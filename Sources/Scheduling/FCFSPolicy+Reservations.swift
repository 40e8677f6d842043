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
    if order.isArrivalOrder {
      for index in queue.head..<queue.endIndex where queue[index].isLive {
        if space.isActive && !space.fits(queue[index].slot) {
          space.passOver(queue[index].slot)
          decisions.append(.storageBlocked(slot: queue[index].slot))
          continue
        }
        guard pass.startIfFits(queue[index]) else {
          headSlot = queue[index].slot
          return
        }
        if space.isActive { space.take(queue[index].slot) }
        decisions.append(.start(queueIndex: index))
      }
      return
    }
    ordered.removeAll(keepingCapacity: true)
    order.order(view, into: &ordered)
    for index in ordered {
      if space.isActive && !space.fits(queue[index].slot) {
        space.passOver(queue[index].slot)
        decisions.append(.storageBlocked(slot: queue[index].slot))
        continue
      }
      guard pass.startIfFits(queue[index]) else {
        headSlot = queue[index].slot
        return
      }
      if space.isActive { space.take(queue[index].slot) }
      decisions.append(.start(queueIndex: index))
    }
  }
}
