import Platform
import SimKernel
import Workload

extension ScheduleValidator {
  /// Checks capacity and exclusivity by sweeping the placements' starts and
  /// ends in time order, ends first at equal times.
  ///
  /// Capacity counts each job's trace node count; exclusivity keeps one bit
  /// per node and handles allocations run by run, 64 nodes per word. When a
  /// job starts on held nodes, it takes only the free ones, so the first
  /// holder keeps its nodes and later conflicts are still found. Zero-length
  /// jobs are probed (checked, not added) before the jobs starting at the same
  /// instant with a positive length.
  ///
  /// - Complexity: O(p log p) for p placements, plus O(words) per allocation run.
  func sweep(_ placed: [Placement], jobs: [Job], log: inout ViolationLog) {
    var state = OccupancyState(nodes: nodes, count: placed.count)
    // Starts by time; at one instant zero-length jobs first, then trace order.
    var starts = placed.indices.map { index in
      let placement = placed[index]
      let positive: Int64 = placement.finish > placement.start ? 1 : 0
      return SweepKey(time: placement.start, tie: positive << 32 | Int64(placement.job), index: Int32(index))
    }
    starts.sort()
    var ends = placed.indices.compactMap { index in
      placed[index].finish > placed[index].start
        ? SweepKey(time: placed[index].finish, tie: 0, index: Int32(index)) : nil
    }
    ends.sort()
    var nextEnd = 0
    for key in starts {
      while nextEnd < ends.count && ends[nextEnd].time <= key.time {
        let ending = Int(ends[nextEnd].index)
        state.release(ending, nodes: placed[ending].nodes, count: placed[ending].count)
        nextEnd += 1
      }
      let index = Int(key.index)
      let placement = placed[index]
      let time = SimTime(microseconds: placement.start)
      if state.inUse + Int64(placement.count) > Int64(nodes) {
        log.record(
          Violation(
            jobID: jobs[Int(placement.job)].id,
            kind: .overCapacity(at: time, inUse: state.inUse, needs: placement.count, machine: nodes)))
      }
      let commit = placement.finish > placement.start
      if let conflict = state.acquire(index, nodes: placement.nodes, count: placement.count, commit: commit) {
        let holder = log.isFull ? nil : holderOf(conflict.node, at: index, placed, jobs: jobs, state: state)
        log.record(
          Violation(
            jobID: jobs[Int(placement.job)].id,
            kind: .sharedNode(at: time, node: conflict.node, holder: holder, sharedCount: conflict.count)))
      }
    }
  }

  /// The job that holds `node` while placement `current` starts (a linear
  /// scan: used only for the violations the report keeps).
  func holderOf(
    _ node: Int32, at current: Int, _ placed: [Placement], jobs: [Job], state: OccupancyState
  ) -> Int64? {
    for index in placed.indices where index != current && state.holds(index, node: node, nodes: placed[index].nodes) {
      return jobs[Int(placed[index].job)].id
    }
    return nil
  }
}

/// A sweep event's sort key: time, then a tie-breaker, then the placement.
struct SweepKey: Comparable {
  var time: Int64
  var tie: Int64
  var index: Int32

  static func < (lhs: SweepKey, rhs: SweepKey) -> Bool {
    lhs.time != rhs.time ? lhs.time < rhs.time : lhs.tie != rhs.tie ? lhs.tie < rhs.tie : lhs.index < rhs.index
  }
}

/// The sweep's state: nodes in use by count and by bitmap.
struct OccupancyState {
  let nodes: Int32
  /// Bit `i % 64` of word `i / 64` is set while node `i` is held.
  var bits: [UInt64]
  /// Sum of the trace node counts of the jobs running.
  var inUse: Int64 = 0
  /// 0 not started, 1 running, 2 ended; per placement.
  var phase: [UInt8]
  /// For placements that started on held nodes: the (word, mask) pairs they
  /// actually took, released instead of their whole allocation.
  var partial: [Int: [(word: Int, mask: UInt64)]] = [:]

  init(nodes: Int32, count: Int) {
    self.nodes = nodes
    bits = [UInt64](repeating: 0, count: (Int(nodes) + 63) / 64)
    phase = [UInt8](repeating: 0, count: count)
  }

  /// The words and masks covering `run`, clipped to the machine.
  @inline(__always)
  static func forEachWord(of run: NodeRun, nodes: Int32, _ body: (Int, UInt64) -> Void) {
    let lower = Int(max(run.lower, 0))
    let upper = Int(min(run.upper, nodes - 1))
    guard lower <= upper else { return }
    var word = lower >> 6
    while word <= upper >> 6 {
      let low = max(lower, word << 6) - (word << 6)
      let high = min(upper, (word << 6) + 63) - (word << 6)
      let width = high - low + 1
      let mask = (width == 64 ? UInt64.max : (UInt64(1) << UInt64(width)) - 1) << UInt64(low)
      body(word, mask)
      word += 1
    }
  }

  /// Takes `allocation` for placement `index` (when `commit`; a zero-length
  /// job only probes). Returns the first already-held node and how many are
  /// held, or `nil` when all were free.
  mutating func acquire(
    _ index: Int, nodes allocation: NodeSet, count: Int32, commit: Bool
  ) -> (node: Int32, count: Int)? {
    var firstHeld: Int32?
    var heldCount = 0
    for run in allocation.runs {
      Self.forEachWord(of: run, nodes: nodes) { word, mask in
        let held = bits[word] & mask
        if held != 0 {
          heldCount += held.nonzeroBitCount
          if firstHeld == nil { firstHeld = Int32(word << 6 + held.trailingZeroBitCount) }
        }
      }
    }
    if commit {
      inUse += Int64(count)
      phase[index] = 1
      if heldCount == 0 {
        for run in allocation.runs { Self.forEachWord(of: run, nodes: nodes) { word, mask in bits[word] |= mask } }
      } else {
        var taken: [(word: Int, mask: UInt64)] = []
        for run in allocation.runs {
          Self.forEachWord(of: run, nodes: nodes) { word, mask in
            let free = mask & ~bits[word]
            bits[word] |= free
            taken.append((word, free))
          }
        }
        partial[index] = taken
      }
    }
    return firstHeld.map { ($0, heldCount) }
  }

  /// Frees what placement `index` took.
  mutating func release(_ index: Int, nodes allocation: NodeSet, count: Int32) {
    inUse -= Int64(count)
    phase[index] = 2
    if let taken = partial.removeValue(forKey: index) {
      for (word, mask) in taken { bits[word] &= ~mask }
      return
    }
    for run in allocation.runs { Self.forEachWord(of: run, nodes: nodes) { word, mask in bits[word] &= ~mask } }
  }

  /// Whether running placement `index` holds `node` (its bit, not a shared one).
  func holds(_ index: Int, node: Int32, nodes allocation: NodeSet) -> Bool {
    guard phase[index] == 1, allocation.contains(node) else { return false }
    guard let taken = partial[index] else { return true }
    let word = Int(node) >> 6
    let bit = UInt64(1) << UInt64(Int(node) & 63)
    return taken.contains { $0.word == word && $0.mask & bit != 0 }
  }
}
