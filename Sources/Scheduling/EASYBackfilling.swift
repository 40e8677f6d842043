import SimKernel
import Workload

/// EASY backfilling (Lifka 1995; Mu'alem & Feitelson 2001).
///
/// Jobs start in arrival order while they fit. The first job that does not
/// fit (the head) gets a reservation at the *shadow time*: the earliest
/// estimated end of a running job at which enough nodes are free for it.
/// The *extra* nodes are those free at the shadow time (counting every job
/// estimated to end at or before it) beyond what the head needs. A later job
/// may start now if it fits now and either ends (by its estimate) no later
/// than the shadow time, or needs no more than the extra nodes, which it then
/// uses up. Estimated ends are start + estimate.
///
/// Between passes where no node was freed, the head, its shadow time and the
/// extra nodes are unchanged, and every job examined before still cannot
/// start (time only moves forward), so only new arrivals are examined.
public struct EASYBackfilling: SchedulingPolicy {
  public var name: String { order.isArrivalOrder ? "easy" : "easy/\(order.name)" }
  /// Who comes first: the head is the first job in this order that does
  /// not fit, and backfilling tries the others in this order.
  public internal(set) var order: any QueueOrder
  /// `order.isArrivalOrder`, read once rather than through the order's
  /// existential at every pass, job start and job end.
  let ordersByArrival: Bool
  /// Reused storage for the ordered queue indices.
  var ordered: [Int] = []

  /// Whether the last pass ended with a blocked head.
  var headBlocked = false
  /// The blocked head's slot, -1 when none (`resourcesHead(group:)`).
  var headSlot: Int32 = -1
  /// The head's reservation time (microseconds) from the last pass.
  var shadowTime: Int64 = 0
  /// Extra nodes left at the shadow time after the last pass.
  var extraNodes: Int32 = 0
  /// Jobs started during this pass: (estimated end, nodes). Reused storage.
  var startedThisPass: [(end: Int64, nodes: Int32)] = []
  /// With a storage tier: whether a pass without freed resources may resume
  /// from the new arrivals (`EASYBackfilling+Storage.swift`).
  var storageResumable = false
  /// With a storage tier: skips jobs passed over before (`StorageSkipList`).
  var storageSkip = StorageSkipList()

  public init(order: any QueueOrder = ArrivalOrder()) {
    self.order = order
    ordersByArrival = order.isArrivalOrder
  }

  /// Arrival-order backfilling finds candidates through the queue's index.
  public var usesBackfillIndex: Bool { ordersByArrival }

  /// Empties `startedThisPass`, keeping its storage. `removeLast` per entry
  /// (one or two a pass): `removeAll(keepingCapacity:)` took Array's
  /// generic `replaceSubrange`, 88 instructions a call on HPC2N.
  @inline(__always)
  mutating func clearStartedThisPass() {
    while !startedThisPass.isEmpty { startedThisPass.removeLast() }
  }

  public mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {
    if !ordersByArrival { order.jobStarted(job, slot: slot, at: time) }
  }

  public mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    if !ordersByArrival { order.jobEnded(job, slot: slot, startedAt: start, at: time) }
  }

  public mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    if view.storage.isActive {
      scheduleWithStorage(view, into: &decisions)
      return
    }
    if !view.reservations.isEmpty || view.gate.isActive {
      scheduleAroundReservations(view, into: &decisions)
      return
    }
    guard ordersByArrival else {
      scheduleInOrder(view, into: &decisions)
      return
    }
    let queue = view.queue
    var free = view.freeNodes
    let now = view.now.microseconds
    if headBlocked && !view.resourcesFreed {
      backfill(queue, from: max(view.firstNewArrival, queue.head), now: now, free: &free, into: &decisions)
      return
    }
    clearStartedThisPass()
    var index = queue.head
    while index < queue.endIndex {
      let entry = queue[index]
      if entry.isLive {
        let need = entry.nodes
        if need > free { break }
        free -= need
        decisions.append(.start(queueIndex: index))
        startedThisPass.append((now &+ entry.estimate, need))
      }
      index += 1
    }
    guard index < queue.endIndex else {
      headBlocked = false
      headSlot = -1
      return
    }
    headBlocked = true
    headSlot = queue[index].slot
    reserve(need: queue[index].nodes, free: free, running: view.running, now: now)
    backfill(queue, from: index + 1, now: now, free: &free, into: &decisions)
  }

  /// The same algorithm over the queue in `order`, without the
  /// arrival-order shortcuts.
  mutating func scheduleInOrder(_ view: SchedulerView, into decisions: inout [Decision]) {
    let queue = view.queue
    var free = view.freeNodes
    let now = view.now.microseconds
    ordered.removeAll(keepingCapacity: true)
    order.order(view, into: &ordered)
    clearStartedThisPass()
    var position = 0
    while position < ordered.count {
      let entry = queue[ordered[position]]
      if entry.nodes > free { break }
      free -= entry.nodes
      decisions.append(.start(queueIndex: ordered[position]))
      startedThisPass.append((now &+ entry.estimate, entry.nodes))
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
      if now &+ entry.estimate <= shadowTime {
        free -= entry.nodes
        decisions.append(.start(queueIndex: index))
      } else if entry.nodes <= extraNodes {
        free -= entry.nodes
        extraNodes -= entry.nodes
        decisions.append(.start(queueIndex: index))
      }
    }
  }

  /// Computes the head's shadow time and the extra nodes from the running
  /// jobs and those started earlier in this pass, merged by estimated end.
  ///
  /// The shadow time is the earliest end `T` (a job past its estimated end
  /// taken to end `now`) at which `free` plus the nodes of every job ending
  /// by `T` reach `need`; the extra nodes are that sum minus `need`. Whole
  /// chunks of the running set whose jobs (with the jobs started in this
  /// pass that end by the chunk's last end) still leave the head short are
  /// passed at once; the rest is one merge over raw storage.
  mutating func reserve(need: Int32, free: Int32, running: RunningSet, now: Int64) {
    if startedThisPass.isEmpty {
      reserveFromRunning(need: need, free: free, running: running, now: now)
      return
    }
    startedThisPass.sort { $0.end < $1.end }
    let (shadow, available) = startedThisPass.withUnsafeBufferPointer { started in
      running.withChunks { chunks, store -> (Int64, Int32) in
        var available = free
        var s = 0
        var c = 0
        let chunkCount = chunks.count
        let startedCount = started.count
        // Whole chunks that leave the head short.
        while c < chunkCount {
          let chunk = chunks[c]
          var total = chunk.nodes
          var t = s
          while t < startedCount && started[t].end <= chunk.lastEnd {
            total &+= Int64(started[t].nodes)
            t &+= 1
          }
          if Int64(available) &+ total >= Int64(need) { break }
          available &+= Int32(truncatingIfNeeded: total)
          s = t
          c &+= 1
        }
        // Merge the rest until the head fits, then take every job ending at
        // that same instant too.
        var shadow = Int64.max
        var i = 0
        var entries = c < chunkCount ? store + Int(chunks[c].base) : store
        var inChunk = c < chunkCount ? Int(chunks[c].count) : 0
        while true {
          let nextRunning = c < chunkCount ? entries[i].estimatedEnd : Int64.max
          let nextStarted = s < startedCount ? started[s].end : Int64.max
          if nextRunning == Int64.max && nextStarted == Int64.max { break }
          let takeRunning = nextRunning <= nextStarted
          let next = max(takeRunning ? nextRunning : nextStarted, now)
          if shadow != Int64.max && next > shadow { break }
          if takeRunning {
            available &+= entries[i].nodes
            i &+= 1
            if i == inChunk {
              i = 0
              c &+= 1
              if c < chunkCount {
                entries = store + Int(chunks[c].base)
                inChunk = Int(chunks[c].count)
              }
            }
          } else {
            available &+= started[s].nodes
            s &+= 1
          }
          if shadow == Int64.max && available >= need { shadow = next }
        }
        return (shadow, available)
      }
    }
    precondition(shadow != Int64.max, "the head job needs \(need) nodes, more than the machine frees")
    shadowTime = shadow
    extraNodes = available - need
  }

  /// `reserve` when the pass started no job before the head (most passes
  /// that follow a job's end): one walk over the running set alone. Whole
  /// chunks that leave the head short are passed on their node totals; in
  /// the chunk where the head fits, entries are summed up to the one that
  /// makes it fit (its clamped end is the shadow time), then every job
  /// ending at that same instant is added to the extra nodes.
  ///
  /// - Complexity: O(chunks passed + entries up to the shadow time).
  mutating func reserveFromRunning(need: Int32, free: Int32, running: RunningSet, now: Int64) {
    let (shadow, available) = running.withChunks { chunks, store -> (Int64, Int32) in
      var available = Int64(free)
      let need = Int64(need)
      let chunkCount = chunks.count
      var c = 0
      while c < chunkCount && available &+ chunks[c].nodes < need {
        available &+= chunks[c].nodes
        c &+= 1
      }
      guard c < chunkCount else { return (Int64.max, 0) }
      // The head fits within chunk `c`: find the entry that makes it fit.
      var entries = store + Int(chunks[c].base)
      var count = Int(chunks[c].count)
      var i = 0
      while true {
        available &+= Int64(entries[i].nodes)
        if available >= need { break }
        i &+= 1
      }
      let shadow = max(entries[i].estimatedEnd, now)
      // Jobs ending at the shadow time too (entries are sorted by end, so
      // the first later one stops the walk).
      i &+= 1
      while true {
        if i == count {
          c &+= 1
          if c == chunkCount { break }
          // A whole chunk ending by the shadow time (only when clamped to now).
          entries = store + Int(chunks[c].base)
          count = Int(chunks[c].count)
          i = 0
        }
        if max(entries[i].estimatedEnd, now) > shadow { break }
        available &+= Int64(entries[i].nodes)
        i &+= 1
      }
      return (shadow, Int32(truncatingIfNeeded: available))
    }
    precondition(shadow != Int64.max, "the head job needs \(need) nodes, more than the machine frees")
    shadowTime = shadow
    extraNodes = available - need
  }

  /// Starts every job from `start` on that fits now and does not delay the
  /// head: it ends by the shadow time, or it fits in the extra nodes (which it
  /// then uses up). Candidates come from the queue's backfill index, so jobs
  /// that cannot qualify are skipped without being visited.
  mutating func backfill(
    _ queue: WaitingQueue, from start: Int, now: Int64, free: inout Int32,
    into decisions: inout [Decision]
  ) {
    var index = start
    while free > 0,
      let candidate = queue.firstBackfillCandidate(
        from: index, free: free, window: shadowTime &- now, extra: extraNodes)
    {
      let entry = queue[candidate]
      free -= entry.nodes
      if now &+ entry.estimate > shadowTime { extraNodes -= entry.nodes }
      decisions.append(.start(queueIndex: candidate))
      index = candidate + 1
    }
  }
}
