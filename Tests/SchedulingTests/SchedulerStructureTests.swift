@testable import Scheduling
import Testing
import Workload

/// The scheduler's own data structures against simple references: the
/// running set (chunks with node totals), EASY's shadow time over it, the
/// waiting queue's backfill index under appends, removals and compactions,
/// and conservative's log of plan gains.
@Suite("Scheduler data structures against references")
struct SchedulerStructureTests {
  /// The project's SplitMix64, drawing integers below a bound.
  struct Random {
    var generator: SplitMix64
    init(state: UInt64) { generator = SplitMix64(state: state) }
    mutating func next(_ bound: Int) -> Int { Int(generator.next() % UInt64(bound)) }
  }

  /// The running set's chunks agree with its entries: sizes, last keys,
  /// node totals, and no chunk over capacity or empty.
  static func chunkProblems(_ set: RunningSet) -> [String] {
    var problems: [String] = []
    var total = 0
    for (c, chunk) in set.chunks.enumerated() {
      let entries = (0..<Int(chunk.count)).map { set.store[Int(chunk.base) + $0] }
      total += entries.count
      if entries.isEmpty || entries.count >= RunningSet.chunkCapacity { problems.append("chunk \(c) holds \(entries.count)") }
      if let last = entries.last, last.estimatedEnd != chunk.lastEnd || last.slot != chunk.lastSlot {
        problems.append("chunk \(c) last key (\(chunk.lastEnd), \(chunk.lastSlot)), entries end with \(last)")
      }
      let nodes = entries.reduce(Int64(0)) { $0 + Int64($1.nodes) }
      if nodes != chunk.nodes { problems.append("chunk \(c) totals \(chunk.nodes) nodes, entries \(nodes)") }
    }
    if total != set.count { problems.append("chunks hold \(total) entries, count is \(set.count)") }
    return problems
  }

  @Test("the running set matches a sorted array under random starts and ends", arguments: [1, 2, 3, 4, 5])
  func runningSetMatchesReference(seed: UInt64) {
    var random = Random(state: seed)
    var set = RunningSet()
    var reference: [RunningEntry] = []
    var nextSlot: Int32 = 0
    // Grows to a few thousand (many chunks, splits), then drains (chunks
    // vanish and their blocks are reused), then grows again.
    for step in 0..<12_000 {
      let growing = step < 5_000 || step >= 9_000
      if reference.isEmpty || random.next(10) < (growing ? 7 : 2) {
        // Few distinct ends, so equal ends are ordered by slot.
        let end = Int64(random.next(300))
        let entry = RunningEntry(estimatedEnd: end, slot: nextSlot, nodes: Int32(1 + random.next(64)))
        nextSlot += 1
        set.insert(slot: entry.slot, nodes: entry.nodes, estimatedEnd: entry.estimatedEnd)
        let at =
          reference.firstIndex { !$0.isBefore(end: entry.estimatedEnd, slot: entry.slot) } ?? reference.count
        reference.insert(entry, at: at)
      } else {
        let victim = reference.remove(at: random.next(reference.count))
        set.remove(slot: victim.slot, estimatedEnd: victim.estimatedEnd)
      }
      if step % 250 == 0 {
        #expect(set.entries == reference, "seed \(seed) step \(step)")
        let problems = Self.chunkProblems(set)
        #expect(problems.isEmpty, "seed \(seed) step \(step): \(problems.prefix(3))")
        if !problems.isEmpty { return }
      }
      #expect(set.first == reference.first, "seed \(seed) step \(step)")
    }
    #expect(set.entries == reference)
    #expect(set.count == reference.count)
    // `forEach(while:)` stops where asked.
    var visited = 0
    set.forEach { _ in
      visited += 1
      return visited < 10
    }
    #expect(visited == min(10, reference.count))
  }

  @Test("an emptied running set is empty and can be filled again")
  func runningSetEmpties() {
    var set = RunningSet()
    for slot in Int32(0)..<200 { set.insert(slot: slot, nodes: 1, estimatedEnd: Int64(slot % 7)) }
    for slot in Int32(0)..<200 { set.remove(slot: slot, estimatedEnd: Int64(slot % 7)) }
    #expect(set.isEmpty && set.first == nil && set.entries.isEmpty && set.chunks.isEmpty)
    set.insert(slot: 3, nodes: 2, estimatedEnd: 10)
    #expect(set.entries == [RunningEntry(estimatedEnd: 10, slot: 3, nodes: 2)])
  }

  /// The shadow time and extra nodes by definition: the least end `T`
  /// (ends before `now` count as `now`) at which the free nodes and those of
  /// every job ending by `T` reach `need`.
  static func referenceShadow(
    need: Int32, free: Int32, running: [RunningEntry], started: [(end: Int64, nodes: Int32)], now: Int64
  ) -> (shadow: Int64, extra: Int32)? {
    let ends = (running.map { (max($0.estimatedEnd, now), $0.nodes) } + started.map { (max($0.end, now), $0.nodes) })
    for time in Set(ends.map(\.0)).sorted() {
      let available = free + ends.filter { $0.0 <= time }.reduce(Int32(0)) { $0 + $1.1 }
      if available >= need { return (time, available - need) }
    }
    return nil
  }

  @Test("EASY's shadow time and extra nodes match their definition", arguments: [11, 12, 13])
  func shadowMatchesDefinition(seed: UInt64) {
    var random = Random(state: seed)
    for trial in 0..<300 {
      var set = RunningSet()
      var running: [RunningEntry] = []
      // Up to a few chunks' worth, sometimes many chunks.
      let count = random.next(4) == 0 ? random.next(1_500) : random.next(150)
      for slot in 0..<count {
        let entry = RunningEntry(
          estimatedEnd: Int64(random.next(1_000)), slot: Int32(slot), nodes: Int32(1 + random.next(8)))
        running.append(entry)
        set.insert(slot: entry.slot, nodes: entry.nodes, estimatedEnd: entry.estimatedEnd)
      }
      let started = (0..<random.next(20)).map { _ in (end: Int64(random.next(1_200)), nodes: Int32(1 + random.next(8))) }
      let now = Int64(random.next(300))
      let free = Int32(random.next(5))
      let total = free + running.reduce(0) { $0 + $1.nodes } + started.reduce(0) { $0 + $1.nodes }
      let need = Int32(1 + random.next(Int(total)))
      guard let expected = Self.referenceShadow(need: need, free: free, running: running, started: started, now: now)
      else { continue }
      var easy = EASYBackfilling()
      easy.startedThisPass = started
      easy.reserve(need: need, free: free, running: set, now: now)
      #expect(
        easy.shadowTime == expected.shadow && easy.extraNodes == expected.extra,
        "seed \(seed) trial \(trial): need \(need), free \(free), \(count) running, \(started.count) started")
    }
  }

  @Test("EASY's shadow walk over the running set alone (no job started in the pass) matches the definition", arguments: [14, 15])
  func shadowWithoutStartsMatchesDefinition(seed: UInt64) {
    var random = Random(state: seed)
    for trial in 0..<200 {
      var set = RunningSet()
      var running: [RunningEntry] = []
      // Many equal ends (ties at the shadow time, across chunk boundaries)
      // and ends before `now` (clamped to it).
      let count = 1 + (random.next(4) == 0 ? random.next(1_500) : random.next(150))
      for slot in 0..<count {
        let entry = RunningEntry(
          estimatedEnd: Int64(random.next(random.next(2) == 0 ? 40 : 1_000)), slot: Int32(slot),
          nodes: Int32(1 + random.next(8)))
        running.append(entry)
        set.insert(slot: entry.slot, nodes: entry.nodes, estimatedEnd: entry.estimatedEnd)
      }
      let now = Int64(random.next(300))
      let free = Int32(random.next(5))
      let total = free + running.reduce(0) { $0 + $1.nodes }
      let need = Int32(1 + random.next(Int(total)))
      guard let expected = Self.referenceShadow(need: need, free: free, running: running, started: [], now: now)
      else { continue }
      var easy = EASYBackfilling()
      easy.reserve(need: need, free: free, running: set, now: now)
      #expect(
        easy.shadowTime == expected.shadow && easy.extraNodes == expected.extra,
        "seed \(seed) trial \(trial): need \(need), free \(free), \(count) running")
    }
  }

  /// The first live index from `start` that fits, by a plain scan.
  static func referenceCandidate(_ queue: WaitingQueue, from start: Int, free: Int32, window: Int64, extra: Int32) -> Int? {
    for index in start..<queue.endIndex {
      let entry = queue[index]
      if entry.isLive && entry.nodes <= free && (entry.estimate <= window || entry.nodes <= extra) { return index }
    }
    return nil
  }

  @Test("the backfill index finds what a scan finds, through appends, removals and compactions", arguments: [21, 22, 23])
  func backfillIndexMatchesScan(seed: UInt64) {
    var random = Random(state: seed)
    var queue = WaitingQueue()
    var slot: Int32 = 0
    for step in 0..<20_000 {
      // Phases of growth and of draining, so the queue grows past the
      // tree's capacity and compacts from long lengths to short ones.
      let growing = (step / 2_500) % 2 == 0
      let live = (queue.head..<queue.endIndex).filter { queue[$0].isLive }
      if live.isEmpty || random.next(10) < (growing ? 6 : 3) {
        queue.append(slot: slot, nodes: Int32(1 + random.next(100)), estimate: Int64(random.next(10_000)))
        slot += 1
      } else {
        // From the head (a start in order) or from anywhere (a backfill).
        queue.remove(at: random.next(3) == 0 ? live[0] : live[random.next(live.count)])
      }
      if random.next(8) == 0 { queue.compactIfSparse() }
      let start = queue.head + random.next(max(1, queue.endIndex - queue.head))
      let free = Int32(random.next(101))
      let window = Int64(random.next(10_000))
      let extra = Int32(random.next(101))
      let found = queue.firstBackfillCandidate(from: start, free: free, window: window, extra: extra)
      let expected = Self.referenceCandidate(queue, from: start, free: free, window: window, extra: extra)
      #expect(found == expected, "seed \(seed) step \(step): from \(start) of \(queue.endIndex)")
      if found != expected { return }
    }
  }

  @Test("the log of plan gains answers like a full history, repeated queries included", arguments: [31, 32])
  func increaseLogMatchesHistory(seed: UInt64) {
    var random = Random(state: seed)
    var log = IncreaseLog()
    var history: [Int64] = []
    var forgotten = Int64.min
    var now: Int64 = 0
    for step in 0..<5_000 {
      switch random.next(6) {
      case 0, 1:
        let end = now + 1 + Int64(random.next(500))
        log.record(end: end)
        history.append(end)
      case 2:
        now += Int64(random.next(50))
        log.forget(endingBy: now)
        forgotten = now
      default:
        // Queries often repeat the same sequence number.
        let since = random.next(2) == 0 ? max(0, history.count - 3) : random.next(history.count + 1)
        let expected = history.indices.filter { $0 >= since && history[$0] > forgotten }.map { history[$0] }.max()
        #expect(log.latestEnd(since: since) == (expected ?? .min), "seed \(seed) step \(step): since \(since)")
      }
    }
  }
}
