import SimKernel

/// The pool of a very large machine (`NodePool.runListThreshold` words or
/// more): free nodes as a sorted list of runs, chunked so that updates stay
/// cheap when thousands of jobs fragment the machine. First fit scans the
/// runs for the first long enough; release merges a run with its neighbours.
/// The same allocations as the bitmap (the rule is the pool's, tested on
/// both against one model).
extension NodePool {
  /// `allocate(_:)` over the run list (`freeCount` already taken off).
  ///
  /// - Complexity: O(free runs before the first that fits, or before
  ///   `count` nodes are gathered)
  @usableFromInline @inline(never)
  mutating func allocateFromRuns(_ count: Int32) -> NodeSet {
    let position = freeRuns.firstPosition { $0.count >= count }
    if !freeRuns.isEnd(position) {
      var run = freeRuns[position]
      let lower = run.lower
      if run.count == count {
        freeRuns.remove(at: position)
      } else {
        run.lower += count
        freeRuns[position] = run
      }
      _checkInvariants()
      return NodeSet(run: NodeRun(lower, lower + count - 1))
    }
    // No run is long enough: take the lowest-numbered nodes across runs.
    let head = freeRuns.remove(at: freeRuns.startPosition)  // taken whole: it is shorter than count
    var rest = count - head.count
    var tail: [NodeRun] = []
    while rest > 0 {
      let first = freeRuns.startPosition
      let run = freeRuns[first]
      if run.count <= rest {
        tail.append(run)
        freeRuns.remove(at: first)
        rest -= run.count
      } else {
        tail.append(NodeRun(run.lower, run.lower + rest - 1))
        freeRuns[first].lower += rest
        rest = 0
      }
    }
    _checkInvariants()
    return NodeSet(head: head, tail: tail)
  }

  /// `release(_:)` over the run list.
  ///
  /// - Complexity: O(runs in `nodes` × log free runs)
  @usableFromInline @inline(never)
  mutating func releaseToRuns(_ nodes: NodeSet) {
    nodes.forEachRun { insertFree($0) }
    storedFreeCount += Int32(nodes.count)
    _checkInvariants()
  }

  mutating func insertFree(_ run: NodeRun) {
    let next = freeRuns.partitionPoint { $0.lower < run.lower }
    let hasNext = !freeRuns.isEnd(next)
    let nextLower = hasNext ? freeRuns[next].lower : Int32.max
    precondition(run.upper < nextLower, "released nodes \(run.lower)-\(run.upper) overlap free nodes")
    if let previous = freeRuns.position(before: next) {
      var previousRun = freeRuns[previous]
      precondition(previousRun.upper < run.lower, "released nodes \(run.lower)-\(run.upper) overlap free nodes")
      if previousRun.upper &+ 1 == run.lower {
        // Joins the run before it, and perhaps the one after too.
        if run.upper &+ 1 == nextLower {
          previousRun.upper = freeRuns[next].upper
          freeRuns.remove(at: next)
        } else {
          previousRun.upper = run.upper
        }
        freeRuns[previous] = previousRun
        return
      }
    }
    if run.upper &+ 1 == nextLower {
      freeRuns[next].lower = run.lower
    } else {
      freeRuns.insert(run, at: next)
    }
  }

  /// `freeCount(in:)` over the run list.
  ///
  /// - Complexity: O(free runs overlapping `range` + log free runs)
  func freeCountInRuns(in range: Range<Int32>) -> Int32 {
    var total: Int32 = 0
    var position = freeRuns.partitionPoint { $0.upper < range.lowerBound }
    while !freeRuns.isEnd(position) {
      let run = freeRuns[position]
      if run.lower >= range.upperBound { break }
      total += min(run.upper, range.upperBound - 1) - max(run.lower, range.lowerBound) + 1
      position = freeRuns.position(after: position)
    }
    return total
  }

  /// `allocate(_:within:)` over the run list.
  ///
  /// - Complexity: O(free runs overlapping `range` + log free runs)
  mutating func allocateFromRuns(_ count: Int32, within range: Range<Int32>) -> NodeSet {
    // Pieces of free runs inside the range, lowest first.
    var pieces: [NodeRun] = []
    var available: Int32 = 0
    var position = freeRuns.partitionPoint { $0.upper < range.lowerBound }
    while !freeRuns.isEnd(position) {
      let run = freeRuns[position]
      if run.lower >= range.upperBound { break }
      let piece = NodeRun(max(run.lower, range.lowerBound), min(run.upper, range.upperBound - 1))
      if piece.count >= count {
        let taken = NodeRun(piece.lower, piece.lower + count - 1)
        take(taken)
        return NodeSet(run: taken)
      }
      pieces.append(piece)
      available += piece.count
      position = freeRuns.position(after: position)
    }
    precondition(available >= count, "cannot allocate \(count) nodes of \(available) free in \(range)")
    var rest = count
    var taken: [NodeRun] = []
    for piece in pieces where rest > 0 {
      let part = NodeRun(piece.lower, piece.lower + min(piece.count, rest) - 1)
      taken.append(part)
      rest -= part.count
    }
    for part in taken { take(part) }
    return NodeSet(canonicalRuns: taken)
  }

  /// Removes `nodes`, which lie inside one free run, from the free list.
  mutating func take(_ nodes: NodeRun) {
    let position = freeRuns.partitionPoint { $0.upper < nodes.lower }
    let run = freeRuns[position]
    precondition(run.lower <= nodes.lower && nodes.upper <= run.upper, "nodes \(nodes.lower)-\(nodes.upper) are not free")
    if run.lower == nodes.lower && run.upper == nodes.upper {
      freeRuns.remove(at: position)
    } else if run.lower == nodes.lower {
      freeRuns[position].lower = nodes.upper + 1
    } else if run.upper == nodes.upper {
      freeRuns[position].upper = nodes.lower - 1
    } else {
      freeRuns[position].upper = nodes.lower - 1
      freeRuns.insert(NodeRun(nodes.upper + 1, run.upper), at: freeRuns.position(after: position))
    }
    storedFreeCount -= nodes.count
    _checkInvariants()
  }

  #if SIMULATOR_INTERNAL_CHECKS
    /// Checks that the free runs are sorted, disjoint, non-adjacent, inside
    /// the machine, and add up to `freeCount`.
    func checkRunList() {
      var total: Int32 = 0
      var previousUpper: Int32 = -2
      for run in freeRuns.elements {
        precondition(run.lower <= run.upper, "free run \(run.lower)-\(run.upper) is empty")
        precondition(run.lower > previousUpper + 1, "free run \(run.lower)-\(run.upper) touches its predecessor")
        precondition(run.lower >= 0 && run.upper < totalNodes, "free run \(run.lower)-\(run.upper) outside the machine")
        total += run.count
        previousUpper = run.upper
      }
      precondition(total == freeCount, "free runs hold \(total) nodes but freeCount is \(freeCount)")
    }
  #endif
}
