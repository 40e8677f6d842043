import SimKernel

extension NodePool {
  /// Free nodes within `range`.
  ///
  /// - Complexity: O(free runs overlapping `range` + log free runs)
  public func freeCount(in range: Range<Int32>) -> Int32 {
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

  /// Takes `count` free nodes within `range` (a partition), first fit as
  /// `allocate(_:)` does over the whole machine: the lowest free run inside
  /// `range` long enough for all of them, else the lowest-numbered free
  /// nodes of the range.
  ///
  /// - Precondition: `range` has at least `count` free nodes.
  /// - Complexity: O(free runs overlapping `range` + log free runs)
  public mutating func allocate(_ count: Int32, within range: Range<Int32>) -> NodeSet {
    precondition(count > 0, "cannot allocate \(count) nodes")
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
    freeCount -= nodes.count
    _checkInvariants()
  }
}
