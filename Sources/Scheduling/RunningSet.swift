/// The running jobs, kept sorted by estimated end (then by slot), which is the
/// order backfilling walks them in.
///
/// Sorting at every pass made EASY 6-11x slower than keeping the order on
/// insertion (see docs/performance.md), so insertion and removal use binary
/// search over parallel arrays.
public struct RunningSet: Sendable {
  /// Estimated end per running job, ascending, in microseconds.
  public private(set) var estimatedEnds: [Int64] = []
  /// Nodes held per running job.
  public private(set) var nodes: [Int32] = []
  /// Job slot per running job.
  public private(set) var slots: [Int32] = []

  public init() {}

  @inlinable public var count: Int { slots.count }

  /// Where `(end, slot)` belongs in the order.
  @usableFromInline
  func insertionIndex(end: Int64, slot: Int32) -> Int {
    var low = 0
    var high = estimatedEnds.count
    while low < high {
      let mid = (low + high) &>> 1
      let midEnd = estimatedEnds[mid]
      if midEnd < end || (midEnd == end && slots[mid] < slot) { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// Adds a running job.
  ///
  /// - Complexity: O(log `count`) search plus O(`count`) shifting.
  public mutating func insert(slot: Int32, nodes: Int32, estimatedEnd: Int64) {
    let index = insertionIndex(end: estimatedEnd, slot: slot)
    estimatedEnds.insert(estimatedEnd, at: index)
    self.nodes.insert(nodes, at: index)
    slots.insert(slot, at: index)
  }

  /// Removes the running job in `slot`, whose estimated end is `estimatedEnd`.
  ///
  /// - Complexity: O(log `count`) search plus O(`count`) shifting.
  public mutating func remove(slot: Int32, estimatedEnd: Int64) {
    let index = insertionIndex(end: estimatedEnd, slot: slot)
    precondition(index < slots.count && slots[index] == slot, "job slot \(slot) is not running")
    estimatedEnds.remove(at: index)
    nodes.remove(at: index)
    slots.remove(at: index)
  }
}
