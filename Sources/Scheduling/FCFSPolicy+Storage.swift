extension FCFSPolicy {
  /// FCFS with a storage tier (`SchedulerView.storage`): jobs start in order
  /// while they fit; a job whose footprint does not fit the free space (less
  /// the storage head's claim) is passed over, pending `StorageCapacity`, and
  /// is not the head: the next job is tried. The first job that fits the
  /// space but not the free nodes is the head and blocks every job behind it.
  ///
  /// In arrival order, a pass without freed resources resumes from the new
  /// arrivals when the last pass left a stable state (`storageResumable`):
  /// since then free nodes and free space only shrank (space released
  /// while a job waits for it frees resources), so every job it passed over
  /// or blocked on still cannot start, and the head still fits the space
  /// (no job started after it). While the storage head does not fit
  /// (`StorageSpace.othersCannotFit`), jobs passed over before are skipped
  /// without being looked at (`StorageSkipList`).
  ///
  /// - Complexity: O(jobs examined), each O(1).
  mutating func scheduleWithStorage(_ view: SchedulerView, into decisions: inout [Decision]) {
    if !view.reservations.isEmpty || view.gate.isActive {
      storageResumable = false
      scheduleAroundReservations(view, into: &decisions)
      return
    }
    var space = view.storage
    let queue = view.queue
    var free = view.freeNodes
    if ordersByArrival {
      var index = queue.head
      if storageResumable && !view.resourcesFreed {
        if headBlocked { return }
        index = max(view.firstNewArrival, queue.head)
      }
      headBlocked = false
      headSlot = -1
      let skips = space.tracksQueue
      if skips { storageSkip.sync(queue, generation: space.queueGeneration) }
      while index < queue.endIndex {
        // While no job passed over before can fit, look only at the others.
        if skips && space.othersCannotFit {
          index = storageSkip.next(from: index, in: queue, blocked: space.blocked)
          if index == queue.endIndex { break }
        }
        let entry = queue[index]
        if entry.isLive {
          if !space.fits(entry.slot) {
            space.passOver(entry.slot)
            decisions.append(.storageBlocked(slot: entry.slot))
          } else if entry.nodes > free {
            headBlocked = true
            headSlot = entry.slot
            break
          } else {
            free -= entry.nodes
            space.take(entry.slot)
            decisions.append(.start(queueIndex: index))
          }
        }
        index += 1
      }
      storageResumable = !space.lostHead
      return
    }
    storageResumable = false
    headBlocked = false
    headSlot = -1
    ordered.removeAll(keepingCapacity: true)
    order.order(view, into: &ordered)
    for index in ordered {
      let entry = queue[index]
      if !space.fits(entry.slot) {
        space.passOver(entry.slot)
        decisions.append(.storageBlocked(slot: entry.slot))
        continue
      }
      if entry.nodes > free {
        headBlocked = true
        headSlot = entry.slot
        return
      }
      free -= entry.nodes
      space.take(entry.slot)
      decisions.append(.start(queueIndex: index))
    }
  }
}
