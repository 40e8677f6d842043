/// The jobs waiting to start, in arrival order (submit time, ties in file order).
///
/// Stored as parallel arrays so a scheduling pass scans contiguous memory and
/// touches only what it needs. A job that starts from the middle of the queue
/// (backfilling) leaves a tombstone (`slot == -1`); `compact()` squeezes them
/// out once they outnumber the live entries, so removal is O(1) amortised.
public struct WaitingQueue: Sendable {
  /// Job slot per entry, or -1 for a tombstone.
  public private(set) var slots: [Int32] = []
  /// Nodes each entry needs.
  public private(set) var nodes: [Int32] = []
  /// Planned run time (estimate) per entry, in microseconds.
  public private(set) var estimates: [Int64] = []
  /// Index of the first entry that may be live; entries before it are tombstones.
  public private(set) var head = 0
  /// Live (non-tombstone) entries.
  public private(set) var liveCount = 0

  public init() {}

  /// Total entries including tombstones; valid indices are `head..<endIndex`.
  @inlinable public var endIndex: Int { slots.count }

  @inlinable public var isEmpty: Bool { liveCount == 0 }

  /// Appends a waiting job.
  ///
  /// - Complexity: amortised O(1)
  public mutating func append(slot: Int32, nodes: Int32, estimate: Int64) {
    slots.append(slot)
    self.nodes.append(nodes)
    estimates.append(estimate)
    liveCount += 1
  }

  /// Removes the entry at `index`, leaving a tombstone.
  ///
  /// - Complexity: O(1) amortised
  public mutating func remove(at index: Int) {
    precondition(slots[index] >= 0, "queue entry \(index) already removed")
    slots[index] = -1
    liveCount -= 1
    while head < slots.count && slots[head] < 0 { head += 1 }
  }

  /// Drops tombstones when they make up most of the storage. Indices change,
  /// so call it only between scheduling passes.
  ///
  /// - Complexity: O(`endIndex`) when it compacts, which happens at most once
  ///   per `endIndex / 2` removals.
  public mutating func compactIfSparse() {
    let dead = slots.count - liveCount
    guard dead > 64 && dead > liveCount else { return }
    var write = 0
    for read in head..<slots.count where slots[read] >= 0 {
      slots[write] = slots[read]
      nodes[write] = nodes[read]
      estimates[write] = estimates[read]
      write += 1
    }
    slots.removeSubrange(write...)
    nodes.removeSubrange(write...)
    estimates.removeSubrange(write...)
    head = 0
  }
}
