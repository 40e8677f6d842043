extension ConservativeBackfilling {
  /// Sizes the slot table, builds the plan at the first pass, moves it to
  /// the present, and rebuilds it when a running job outlived its planned end.
  mutating func prepare(_ view: SchedulerView) {
    let now = view.now.microseconds
    // Copied only when in use: the copy retains the gate's buffers.
    if view.gate.isActive || gate.isActive {
      gate = view.gate
      gateJobs = view.jobs
    }
    if plans.count < view.jobs.count {
      plans.append(contentsOf: repeatElement(SlotPlan(), count: view.jobs.count - plans.count))
    }
    if !hasProfile {
      profile = AvailabilityProfile(totalNodes: view.totalNodes, origin: now)
      hasProfile = true
      rebuild(view)
    } else {
      profile.advance(to: now)
      gains.forget(endingBy: now)
      if plannedEndMoved || soonestPlannedEnd(view) <= now { rebuild(view) }
    }
    checkPlanMatchesMachine(view)
  }

  /// The plan's free nodes now, plus those of the reservations starting now
  /// (their jobs start in this pass), are the machine's free nodes. Checked
  /// in debug builds (`SIMULATOR_INTERNAL_CHECKS`); release builds check
  /// only that the plan never counts more free nodes than there are.
  func checkPlanMatchesMachine(_ view: SchedulerView) {
    let now = view.now.microseconds
    precondition(
      profile.freeNow <= view.freeNodes,
      "conservative plan has \(profile.freeNow) nodes free at \(now) µs, the machine only \(view.freeNodes)")
    #if SIMULATOR_INTERNAL_CHECKS
      // A window in progress holds free nodes out of the plan.
      if view.reservations.reservations.contains(where: { $0.start.microseconds <= now }) { return }
      var startingNow: Int32 = 0
      let queue = view.queue
      for index in queue.head..<queue.endIndex where queue[index].isLive {
        if plans[Int(queue[index].slot)].start == now { startingNow += queue[index].nodes }
      }
      precondition(
        profile.freeNow + startingNow == view.freeNodes,
        "conservative plan has \(profile.freeNow) nodes free at \(now) µs and \(startingNow) due to start, "
          + "the machine \(view.freeNodes) free")
    #endif
  }

  /// A pass that plans: compresses the reservations if nodes were freed
  /// early, gives reservations to the jobs without one (within the bounds),
  /// and starts every job whose reservation is now.
  mutating func planningPass(_ view: SchedulerView, into decisions: inout [Decision]) {
    let now = view.now.microseconds
    let compress = freedEarly
    freedEarly = false
    let window = parameters.window.microseconds
    let latest = window > .max - now ? .max : now + window
    let queue = view.queue
    needsPlanning = false
    if !order.isArrivalOrder {
      ordered.removeAll(keepingCapacity: true)
      order.order(view, into: &ordered)
      nextDue = .max
      windowEntry = .max
      for position in ordered.indices {
        let index = ordered[position]
        consider(index, queue[index], position: position, compress: compress, now: now, latest: latest, into: &decisions)
      }
      return
    }
    if !compress && everyJobReserved && nextDue > now {
      // Only arrivals since the last pass: they join the plan behind everyone.
      var position = queue.liveCount - (queue.endIndex - view.firstNewArrival)
      for index in view.firstNewArrival..<queue.endIndex {
        consider(index, queue[index], position: position, compress: false, now: now, latest: latest, into: &decisions)
        position += 1
      }
      return
    }
    everyJobReserved = true
    nextDue = .max
    windowEntry = .max
    var position = 0
    var index = queue.head
    let end = queue.endIndex
    let depth = parameters.maxJobTest
    while index < end {
      let entry = queue[index]
      if entry.isLive {
        // In arrival order a job's position only falls, so every
        // reservation lies within the first `depth` jobs.
        if position >= depth {
          everyJobReserved = false
          break
        }
        consider(index, entry, position: position, compress: compress, now: now, latest: latest, into: &decisions)
        position += 1
      }
      index += 1
    }
  }

  /// One job of a planning pass: moves its reservation earlier (when
  /// compressing), or gives it one, and starts it if that is now.
  @inline(__always)
  mutating func consider(
    _ index: Int, _ entry: QueueEntry, position: Int, compress: Bool, now: Int64, latest: Int64,
    into decisions: inout [Decision]
  ) {
    let slot = Int(entry.slot)
    var plan = plans[slot]
    if plan.start != .max {
      if compress && plan.start > now {
        // Only nodes freed since the last check, before the latest end of
        // such a gain, can open an earlier slot.
        let horizon = gains.latestEnd(since: plan.seenGains)
        plan.seenGains = gains.count
        if horizon > now {
          let held = HeldInterval(start: plan.start, end: plan.end, nodes: entry.nodes)
          let start = profile.earliestStart(
            need: entry.nodes, duration: entry.estimate, grain: grain, latest: .max, held: held, horizon: horizon)
          if start < plan.start {
            profile.vacate(entry.nodes, from: plan.start, to: plan.end)
            gains.record(end: plan.end)
            plan.start = start
            plan.end = grain.end(start: start, duration: entry.estimate)
            profile.occupy(entry.nodes, from: plan.start, to: plan.end)
            plan.seenGains = gains.count
            epoch &+= 1
          }
        }
      }
    } else if position < parameters.maxJobTest {
      if plan.boundEpoch == epoch && plan.notBefore > latest {
        everyJobReserved = false
        noteBeyondWindow(plan.notBefore)
        return
      }
      let start = profile.earliestStart(need: entry.nodes, duration: entry.estimate, grain: grain, latest: latest)
      if start > latest {
        plan.notBefore = start
        plan.boundEpoch = epoch
        plans[slot] = plan
        everyJobReserved = false
        noteBeyondWindow(start)
        return
      }
      plan.start = start
      plan.end = grain.end(start: start, duration: entry.estimate)
      plan.seenGains = gains.count
      profile.occupy(entry.nodes, from: start, to: plan.end)
    } else {
      everyJobReserved = false
      return
    }
    if plan.start == now {
      if storage.isActive && !storage.fits(entry.slot) {
        passOverForStorage(slot: slot, plan: &plan, nodes: entry.nodes, into: &decisions)
        return
      }
      if gate.isActive && !admittedByGate(entry, now: now) {
        refuseByGate(slot: slot, plan: &plan, nodes: entry.nodes)
        return
      }
      if storage.isActive { storage.take(entry.slot) }
      plan.start = .max
      plan.notBefore = .min
      decisions.append(.start(queueIndex: index))
    } else if plan.start < nextDue {
      nextDue = plan.start
    }
    plans[slot] = plan
  }

  /// A pass between `bf_interval` multiples: starts jobs in strict queue
  /// order while each fits now without delaying any reservation; no
  /// planning. New jobs wait for the next planning pass unless they start.
  mutating func strictOrderPass(_ view: SchedulerView, into decisions: inout [Decision]) {
    needsPlanning = true
    let queue = view.queue
    if view.firstNewArrival < queue.endIndex { everyJobReserved = false }
    headSlot = -1
    if order.isArrivalOrder {
      var index = queue.head
      while index < queue.endIndex {
        let entry = queue[index]
        if entry.isLive && !startIfFitsNow(index, entry, now: view.now.microseconds, into: &decisions) {
          headSlot = entry.slot
          return
        }
        index += 1
      }
    } else {
      ordered.removeAll(keepingCapacity: true)
      order.order(view, into: &ordered)
      for index in ordered where !startIfFitsNow(index, queue[index], now: view.now.microseconds, into: &decisions) {
        headSlot = queue[index].slot
        return
      }
    }
  }

  /// Starts the job if it fits from now for its whole estimate, counting its
  /// own reservation as free; returns whether it started, or, with a storage
  /// tier, was passed over for space (its reservation kept): whether the
  /// strict walk goes on.
  mutating func startIfFitsNow(_ index: Int, _ entry: QueueEntry, now: Int64, into decisions: inout [Decision]) -> Bool {
    let slot = Int(entry.slot)
    var plan = plans[slot]
    let held = plan.start != .max ? HeldInterval(start: plan.start, end: plan.end, nodes: entry.nodes) : .none
    let start = profile.earliestStart(
      need: entry.nodes, duration: entry.estimate, grain: grain, latest: now, held: held)
    guard start == now else { return false }
    if storage.isActive && !storage.fits(entry.slot) {
      storage.passOver(entry.slot)
      decisions.append(.storageBlocked(slot: entry.slot))
      return true
    }
    if gate.isActive && !admittedByGate(entry, now: now) { return false }
    if storage.isActive { storage.take(entry.slot) }
    if plan.start != .max {
      profile.vacate(entry.nodes, from: plan.start, to: plan.end)
      gains.record(end: plan.end)
      epoch &+= 1
    }
    plan.start = .max
    plan.notBefore = .min
    plan.end = grain.end(start: now, duration: entry.estimate)
    profile.occupy(entry.nodes, from: now, to: plan.end)
    plans[slot] = plan
    decisions.append(.start(queueIndex: index))
    return true
  }

  /// Starts the plan again from the running jobs alone, every waiting job
  /// losing its reservation (the next walk gives them new ones in queue
  /// order). A running job past its planned end is taken to end at the next
  /// plan step after now.
  mutating func rebuild(_ view: SchedulerView) {
    let now = view.now.microseconds
    let soonest = grain.end(start: now, duration: 1)
    runningEnds.removeAll(keepingCapacity: true)
    view.running.forEach { entry in
      let slot = Int(entry.slot)
      var end = plans[slot].end
      if end == .max { end = PlanGrain.roundUp(entry.estimatedEnd, to: grain.resolution) }
      end = max(end, soonest)
      plans[slot].end = end
      runningEnds.append((end, entry.nodes))
      return true
    }
    runningEnds.sort { $0.end < $1.end }
    profile.reset(origin: now, free: view.freeNodes)
    for running in runningEnds { profile.appendEnd(at: running.end, nodes: running.nodes) }
    view.reservations.occupy(in: &profile, scope: view.gate.scope)
    profile.checkInvariants()
    let queue = view.queue
    for index in queue.head..<queue.endIndex where queue[index].isLive {
      let slot = Int(queue[index].slot)
      plans[slot].start = .max
      plans[slot].notBefore = .min
    }
    epoch &+= 1
    everyJobReserved = false
    nextDue = .max
    needsPlanning = true
    plannedEndMoved = false
  }

  /// A job could not get a reservation because its earliest start,
  /// `start` (µs), lies beyond `bf_window`: it comes within the window at
  /// `start - window`.
  @inline(__always)
  mutating func noteBeyondWindow(_ start: Int64) {
    let window = parameters.window.microseconds
    guard window != .max else { return }
    windowEntry = min(windowEntry, start &- window)
  }

  /// The earliest planned end (µs) of a running job, or `Int64.max` (read
  /// from the sorted set, not `entries`, which copies the whole set).
  func soonestPlannedEnd(_ view: SchedulerView) -> Int64 {
    guard let first = view.running.first else { return .max }
    return PlanGrain.roundUp(first.estimatedEnd, to: grain.resolution)
  }
}
