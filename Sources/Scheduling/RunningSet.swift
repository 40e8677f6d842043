import SimKernel

/// A running job as the running set stores it.
@frozen
public struct RunningEntry: Hashable, Sendable {
  /// Start + estimate, in microseconds.
  public var estimatedEnd: Int64
  /// The job's slot in the simulation.
  public var slot: Int32
  /// Nodes the job holds.
  public var nodes: Int32

  @inlinable
  func isBefore(end: Int64, slot: Int32) -> Bool {
    estimatedEnd < end || (estimatedEnd == end && self.slot < slot)
  }
}

/// The running jobs, kept sorted by estimated end (then by slot), which is the
/// order backfilling walks them in.
///
/// Sorting at every pass made EASY 6-11x slower than keeping the order on
/// insertion (see docs/performance.md). One sorted array was still too slow
/// with thousands of running jobs (each start and end shifted half of it), so
/// the entries live in a `ChunkedSortedList`: O(log n) search and a bounded
/// shift per update.
public struct RunningSet: Sendable {
  /// The running jobs, ascending by `(estimatedEnd, slot)`.
  public private(set) var list = ChunkedSortedList<RunningEntry>()

  public init() {}

  @inlinable public var count: Int { list.count }

  /// The entries in order, as an array (O(n): for tests and reports; passes
  /// should walk `list` by position or with `forEach(while:)`).
  public var entries: [RunningEntry] { list.elements }

  /// Calls `body` on each running job in estimated-end order until it returns `false`.
  @inlinable
  public func forEach(while body: (RunningEntry) throws -> Bool) rethrows {
    try list.forEach(while: body)
  }

  /// Adds a running job.
  ///
  /// - Complexity: O(log `count`) plus a bounded shift.
  public mutating func insert(slot: Int32, nodes: Int32, estimatedEnd: Int64) {
    let position = list.partitionPoint { $0.isBefore(end: estimatedEnd, slot: slot) }
    list.insert(RunningEntry(estimatedEnd: estimatedEnd, slot: slot, nodes: nodes), at: position)
  }

  /// Removes the running job in `slot`, whose estimated end is `estimatedEnd`.
  ///
  /// - Complexity: O(log `count`) plus a bounded shift.
  public mutating func remove(slot: Int32, estimatedEnd: Int64) {
    let position = list.partitionPoint { $0.isBefore(end: estimatedEnd, slot: slot) }
    precondition(!list.isEnd(position) && list[position].slot == slot, "job slot \(slot) is not running")
    list.remove(at: position)
  }
}
