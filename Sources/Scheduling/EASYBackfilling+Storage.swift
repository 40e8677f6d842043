extension EASYBackfilling {
  /// EASY with a storage tier (`SchedulerView.storage`).
  ///
  /// A job whose footprint does not fit the free space (less the storage
  /// head's claim) is passed over, pending `StorageCapacity`: it is not
  /// started, it is not the head (the head is the first job in order that
  /// fits the space but not the free nodes) and it is no backfill candidate
  /// this pass. Jobs are checked for space where they would otherwise start:
  /// before the head, every job in order; after it, the backfill candidates
  /// (jobs that fit now and end by the shadow time or fit the extra nodes).
  /// Every start takes its footprint from the space, so later decisions of
  /// the pass see what is left. The head's reservation holds nodes, not
  /// space: backfilled jobs may take space the head will need, and it is
  /// then passed over at a later pass (and may become the storage head).
  ///
  /// In arrival order a pass without freed resources resumes from the new
  /// arrivals when the last pass left a stable state (`storageResumable`):
  /// free nodes and free space only shrank since (space released while a job
  /// waits for it frees resources), so every job passed over still does not
  /// fit, and the head, if it still fits the space, is still the head with
  /// the same shadow time; without a head, the new arrivals continue the walk.
  /// While the storage head does not fit (`StorageSpace.othersCannotFit`),
  /// jobs passed over before are skipped without being looked at
  /// (`StorageSkipList`), in the walk and among backfill candidates.
  ///
  /// - Complexity: as EASY, plus O(1) per job checked for space.
  mutating func scheduleWithStorage(_ view: SchedulerView, into decisions: inout [Decision]) {
    if !view.reservations.isEmpty || view.gate.isActive {
      storageResumable = false
      scheduleAroundReservations(view, into: &decisions)
      return
    }
    var space = view.storage
    guard ordersByArrival else {
      storageResumable = false
      scheduleInOrderWithStorage(view, space: &space, into: &decisions)
      return
    }
    let queue = view.queue
    var free = view.freeNodes
    let now = view.now.microseconds
    var index = queue.head
    if space.tracksQueue { storageSkip.sync(queue, generation: space.queueGeneration) }
    if storageResumable && !view.resourcesFreed {
      index = max(view.firstNewArrival, queue.head)
      if headBlocked {
        backfillWithStorage(queue, from: index, now: now, free: &free, space: &space, into: &decisions)
        storageResumable = !space.lostHead && space.fits(headSlot)
        return
      }
    }
    clearStartedThisPass()
    while index < queue.endIndex {
      // While no job passed over before can fit, look only at the others.
      if space.tracksQueue && space.othersCannotFit {
        index = storageSkip.next(from: index, in: queue, blocked: space.blocked)
        if index == queue.endIndex { break }
      }
      let entry = queue[index]
      if entry.isLive {
        if !space.fits(entry.slot) {
          space.passOver(entry.slot)
          decisions.append(.storageBlocked(slot: entry.slot))
        } else {
          let need = entry.nodes
          if need > free { break }
          free -= need
          space.take(entry.slot)
          decisions.append(.start(queueIndex: index))
          startedThisPass.append((now &+ entry.estimate, need))
        }
      }
      index += 1
    }
    guard index < queue.endIndex else {
      headBlocked = false
      headSlot = -1
      storageResumable = !space.lostHead
      return
    }
    headBlocked = true
    headSlot = queue[index].slot
    reserve(need: queue[index].nodes, free: free, running: view.running, now: now)
    backfillWithStorage(queue, from: index + 1, now: now, free: &free, space: &space, into: &decisions)
    storageResumable = !space.lostHead && space.fits(headSlot)
  }

  /// `scheduleInOrder` with the space checks of `scheduleWithStorage`.
  mutating func scheduleInOrderWithStorage(
    _ view: SchedulerView, space: inout StorageSpace, into decisions: inout [Decision]
  ) {
    let queue = view.queue
    var free = view.freeNodes
    let now = view.now.microseconds
    ordered.removeAll(keepingCapacity: true)
    order.order(view, into: &ordered)
    clearStartedThisPass()
    var position = 0
    while position < ordered.count {
      let entry = queue[ordered[position]]
      if !space.fits(entry.slot) {
        space.passOver(entry.slot)
        decisions.append(.storageBlocked(slot: entry.slot))
      } else {
        if entry.nodes > free { break }
        free -= entry.nodes
        space.take(entry.slot)
        decisions.append(.start(queueIndex: ordered[position]))
        startedThisPass.append((now &+ entry.estimate, entry.nodes))
      }
      position += 1
    }
    guard position < ordered.count else {
      headBlocked = false
      headSlot = -1
      return
    }
    headBlocked = true
    headSlot = queue[ordered[position]].slot
    reserve(need: queue[ordered[position]].nodes, free: free, running: view.running, now: now)
    for index in ordered[(position + 1)...] where free > 0 {
      let entry = queue[index]
      guard entry.nodes <= free else { continue }
      let endsInTime = now &+ entry.estimate <= shadowTime
      guard endsInTime || entry.nodes <= extraNodes else { continue }
      guard space.admit(entry.slot, into: &decisions) else { continue }
      free -= entry.nodes
      if !endsInTime { extraNodes -= entry.nodes }
      decisions.append(.start(queueIndex: index))
    }
  }

  /// `backfill`, passing over candidates whose footprint does not fit.
  mutating func backfillWithStorage(
    _ queue: WaitingQueue, from start: Int, now: Int64, free: inout Int32, space: inout StorageSpace,
    into decisions: inout [Decision]
  ) {
    var index = start
    while free > 0,
      let candidate = queue.firstBackfillCandidate(
        from: index, free: free, window: shadowTime &- now, extra: extraNodes)
    {
      index = candidate + 1
      if space.tracksQueue && space.othersCannotFit {
        // Leapfrog to the next candidate not passed over before.
        let next = storageSkip.next(from: candidate, in: queue, blocked: space.blocked)
        if next != candidate {
          index = next
          continue
        }
      }
      let entry = queue[candidate]
      guard space.admit(entry.slot, into: &decisions) else { continue }
      free -= entry.nodes
      if now &+ entry.estimate > shadowTime { extraNodes -= entry.nodes }
      decisions.append(.start(queueIndex: candidate))
    }
  }
}
