/// A waiting job as the queue stores it: 16 bytes, so a pass scans
/// contiguous memory and touches only what it needs.
@frozen
public struct QueueEntry: Hashable, Sendable {
  /// Planned run time (estimate), in microseconds.
  public var estimate: Int64
  /// The job's slot in the simulation, or -1 for a tombstone.
  public var slot: Int32
  /// Nodes the job needs; `Int32.max` for a tombstone, so that a test
  /// against the free nodes rules tombstones out without a separate check.
  public var nodes: Int32

  @inlinable public var isLive: Bool { slot >= 0 }
}

/// The jobs waiting to start, in arrival order (submit time, ties in file order).
///
/// A job that starts from the middle of the queue (backfilling) leaves a
/// tombstone; `compactIfSparse()` squeezes them out once they outnumber the
/// live entries, so removal is O(1) amortised.
public struct WaitingQueue: Sendable {
  /// The entries, tombstones included; valid indices are `head..<endIndex`.
  public private(set) var entries: [QueueEntry] = []
  /// Index of the first entry that may be live; entries before it are tombstones.
  public private(set) var head = 0
  /// Live (non-tombstone) entries.
  public private(set) var liveCount = 0
  /// Finds backfill candidates without a full scan (kept only when
  /// `maintainsBackfillIndex`).
  var backfillIndex = BackfillIndex()
  /// Whether `firstBackfillCandidate` is available. Keeping the index costs
  /// O(log n) per append and removal, which policies that never backfill
  /// (FCFS, conservative) should not pay.
  public let maintainsBackfillIndex: Bool

  /// An empty queue; `maintainsBackfillIndex` as the policy needs it
  /// (`SchedulingPolicy.usesBackfillIndex`).
  public init(maintainsBackfillIndex: Bool = true) {
    self.maintainsBackfillIndex = maintainsBackfillIndex
  }

  /// Total entries including tombstones.
  @inlinable public var endIndex: Int { entries.count }

  @inlinable public var isEmpty: Bool { liveCount == 0 }

  /// The entry at `index`.
  @inlinable public subscript(index: Int) -> QueueEntry { entries[index] }

  /// Appends a waiting job.
  ///
  /// - Complexity: amortised O(1)
  public mutating func append(slot: Int32, nodes: Int32, estimate: Int64) {
    let entry = QueueEntry(estimate: estimate, slot: slot, nodes: nodes)
    entries.append(entry)
    liveCount += 1
    guard maintainsBackfillIndex else { return }
    if entries.count > backfillIndex.capacity {
      backfillIndex.rebuild(entries, minimumCapacity: 2 * entries.count)
    } else {
      backfillIndex.setAppended(entries.count - 1, entry)
    }
  }

  /// The first live queue index at or after `start` whose job needs at most
  /// `free` nodes and either has an estimate of at most `window`
  /// (microseconds) or needs at most `extra` nodes: the next job EASY
  /// backfilling may start.
  ///
  /// - Complexity: O(log `endIndex`) per queue region that cannot be ruled out.
  public func firstBackfillCandidate(from start: Int, free: Int32, window: Int64, extra: Int32) -> Int? {
    precondition(maintainsBackfillIndex, "the queue keeps no backfill index: the policy must declare usesBackfillIndex")
    // Leaves before the head may be stale (`remove(at:)`); the tree's
    // leaves from the head on are exact. (Testing the first few entries
    // directly before descending, as before, cost more than it saved:
    // RICC easy 2,784 M instructions without, 2,799 M with 8, 2,820 M with 16.)
    return backfillIndex.firstCandidate(from: max(start, head), free: free, window: window, extra: extra)
  }

  /// Removes the entry at `index`, leaving a tombstone.
  ///
  /// - Complexity: O(1) amortised
  public mutating func remove(at index: Int) {
    precondition(entries[index].slot >= 0, "queue entry \(index) already removed")
    entries[index].slot = -1
    entries[index].nodes = .max
    liveCount -= 1
    if index == head {
      // A start from the head (in order). Searches begin at the head or
      // later and look only at leaves from their start on, so the leaf of
      // an entry before the head is never read again: the index keeps it
      // as it was (its minimums above stay lower bounds, which a search
      // allows for) until the next rebuild.
      head += 1
      while head < entries.count && entries[head].slot < 0 { head += 1 }
      return
    }
    if maintainsBackfillIndex { backfillIndex.update(index, entries[index]) }
  }

  /// Drops tombstones when they make up most of the storage. Indices change,
  /// so call it only between scheduling passes.
  ///
  /// - Complexity: O(`endIndex`) when it compacts, which happens at most once
  ///   per `endIndex / 2` removals.
  @inlinable
  public mutating func compactIfSparse() {
    // Inlined into the replay's loop: the test runs every pass, the
    // compaction rarely.
    let dead = entries.count &- liveCount
    guard dead > 64 && dead > liveCount else { return }
    compact()
  }

  /// Drops the tombstones and rebuilds the backfill index.
  @usableFromInline
  mutating func compact() {
    let first = head
    let write = entries.withUnsafeMutableBufferPointer { entries -> Int in
      var write = 0
      var read = first
      let end = entries.count
      while read < end {
        let entry = entries[read]
        if entry.slot >= 0 {
          entries[write] = entry
          write &+= 1
        }
        read &+= 1
      }
      return write
    }
    entries.removeSubrange(write...)
    head = 0
    if maintainsBackfillIndex { backfillIndex.rebuild(entries, minimumCapacity: 2 * entries.count) }
  }
}
