extension NodePool {
  /// `range` clipped to the machine, as node indices.
  @inline(__always)
  func clipped(_ range: Range<Int32>) -> (lower: Int, end: Int) {
    (max(0, Int(range.lowerBound)), min(Int(totalNodes), Int(range.upperBound)))
  }

  /// Free nodes within `range`.
  ///
  /// - Complexity: O(words spanned by `range`)
  public func freeCount(in range: Range<Int32>) -> Int32 {
    if usesRunList { return freeCountInRuns(in: range) }
    let (lower, end) = clipped(range)
    return Int32(truncatingIfNeeded: withFreeMap { $0.freeCount(from: lower, to: end) })
  }

  /// Takes `count` free nodes within `range` (a partition), first fit as
  /// `allocate(_:)` does over the whole machine: the lowest free run inside
  /// `range` long enough for all of them, else the lowest-numbered free
  /// nodes of the range.
  ///
  /// - Precondition: `range` has at least `count` free nodes.
  /// - Complexity: O(words spanned by `range` + free runs taken)
  public mutating func allocate(_ count: Int32, within range: Range<Int32>) -> NodeSet {
    precondition(count > 0, "cannot allocate \(count) nodes")
    precondition(namesNodes, "a pool that counts nodes cannot place them within a range")
    if usesRunList { return allocateFromRuns(count, within: range) }
    let (lower, end) = clipped(range)
    let nodes = withMutableFreeMap { free in
      let first = free.firstWindow(Int(count), from: lower, to: end)
      if first >= 0 {
        free.clearRange(first, first &+ Int(count))
        return NodeSet(run: NodeRun(Int32(truncatingIfNeeded: first), Int32(truncatingIfNeeded: first) &+ count &- 1))
      }
      let available = free.freeCount(from: lower, to: end)
      precondition(available >= Int(count), "cannot allocate \(count) nodes of \(available) free in \(range)")
      return free.takeLowest(Int(count), from: lower, to: end)
    }
    storedFreeCount -= count
    _checkInvariants()
    return nodes
  }
}
