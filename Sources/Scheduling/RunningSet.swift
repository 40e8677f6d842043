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
  /// For each chunk of `list`: its jobs' total nodes, so EASY's shadow walk
  /// passes whole chunks of running jobs at once (`nodes(inChunkOf:)`).
  @usableFromInline private(set) var chunkNodes: [Int64] = []

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
    let chunks = list.chunkCount
    list.insert(RunningEntry(estimatedEnd: estimatedEnd, slot: slot, nodes: nodes), at: position)
    if list.chunkCount == chunks {
      chunkNodes[position.chunk] &+= Int64(nodes)
    } else if chunks == 0 {
      chunkNodes.append(Int64(nodes))
    } else {
      // The chunk split in two: total both halves again.
      chunkNodes.insert(0, at: position.chunk + 1)
      for chunk in position.chunk...(position.chunk + 1) {
        var total: Int64 = 0
        list.forEach(inChunk: chunk) { total &+= Int64($0.nodes) }
        chunkNodes[chunk] = total
      }
    }
  }

  /// The total nodes of the running jobs in the chunk of `list` holding `position`.
  @inlinable public func nodes(inChunkOf position: ChunkedSortedList<RunningEntry>.Position) -> Int64 {
    chunkNodes[position.chunk]
  }

  /// Removes the running job in `slot`, whose estimated end is `estimatedEnd`.
  ///
  /// - Complexity: O(log `count`) plus a bounded shift.
  public mutating func remove(slot: Int32, estimatedEnd: Int64) {
    let position = list.partitionPoint { $0.isBefore(end: estimatedEnd, slot: slot) }
    precondition(!list.isEnd(position) && list[position].slot == slot, "job slot \(slot) is not running")
    let chunks = list.chunkCount
    let removed = list.remove(at: position)
    if list.chunkCount == chunks {
      chunkNodes[position.chunk] &-= Int64(removed.nodes)
    } else {
      chunkNodes.remove(at: position.chunk)
    }
  }
}
