extension EASYBackfilling {
  /// EASY while advance reservations are pending, on an explicit plan of
  /// free nodes over time: running jobs' estimated ends minus the windows
  /// (`ReservationPass`). Jobs start in order while they fit for their whole
  /// estimate (and the gate admits them, for named nodes); the first that
  /// cannot gets a reservation at the earliest slot of the plan, which is
  /// then taken out of it; every later job starts if it still fits now for
  /// its whole estimate. Without windows this is exactly EASY: a job fits
  /// around the head's reservation iff it ends by the shadow time or needs
  /// no more than the extra nodes. With a storage tier, a job whose
  /// footprint does not fit is passed over where it would be tried.
  ///
  /// - Complexity: O(running + windows) to plan, then O(steps) per job tried.
  mutating func scheduleAroundReservations(_ view: SchedulerView, into decisions: inout [Decision]) {
    // The arrival-order shortcuts keep state of the last pass: make the next
    // pass without windows start afresh.
    headBlocked = false
    headSlot = -1
    var pass = ReservationPass(view)
    let queue = view.queue
    let grain = PlanGrain(resolution: 1, start: 1)
    ordered.removeAll(keepingCapacity: true)
    if ordersByArrival {
      for index in queue.head..<queue.endIndex where queue[index].isLive { ordered.append(index) }
    } else {
      order.order(view, into: &ordered)
    }
    var headReserved = false
    var space = view.storage
    for index in ordered {
      let entry = queue[index]
      // With a storage tier (see `EASYBackfilling+Storage.swift`): before the
      // head every job, after it every job that fits now, is checked for space.
      if space.isActive && (!headReserved || pass.plan.fitsNow(need: entry.nodes, duration: entry.estimate))
        && !space.fits(entry.slot)
      {
        space.passOver(entry.slot)
        decisions.append(.storageBlocked(slot: entry.slot))
        continue
      }
      if pass.startIfFits(entry) {
        if space.isActive { space.take(entry.slot) }
        decisions.append(.start(queueIndex: index))
      } else if !headReserved {
        headReserved = true
        headSlot = entry.slot
        shadowTime = pass.reserveHead(entry, grain: grain)
      }
      if pass.plan.freeNow <= 0 { break }
    }
  }
}
