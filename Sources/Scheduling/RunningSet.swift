/// A running job as the running set stores it.
@frozen
public struct RunningEntry: Hashable, Sendable {
  /// Start + estimate, in microseconds.
  public var estimatedEnd: Int64
  /// The job's slot in the simulation.
  public var slot: Int32
  /// Nodes the job holds.
  public var nodes: Int32
}

/// The running jobs, kept sorted by estimated end (then by slot), which is the
/// order backfilling walks them in.
///
/// Sorting at every pass made EASY 6-11x slower than keeping the order on
/// insertion (see docs/performance.md), so insertion and removal use binary
/// search over one contiguous array of 16-byte entries.
public struct RunningSet: Sendable {
  /// The running jobs, ascending by `(estimatedEnd, slot)`.
  public private(set) var entries: [RunningEntry] = []

  public init() {}

  @inlinable public var count: Int { entries.count }

  /// Where `(end, slot)` belongs in the order.
  @usableFromInline
  func insertionIndex(end: Int64, slot: Int32) -> Int {
    entries.withUnsafeBufferPointer { buffer in
      var low = 0
      var high = buffer.count
      while low < high {
        let mid = (low + high) &>> 1
        let entry = buffer[mid]
        if entry.estimatedEnd < end || (entry.estimatedEnd == end && entry.slot < slot) {
          low = mid + 1
        } else {
          high = mid
        }
      }
      return low
    }
  }

  /// Adds a running job.
  ///
  /// - Complexity: O(log `count`) search plus O(`count`) shifting.
  public mutating func insert(slot: Int32, nodes: Int32, estimatedEnd: Int64) {
    let index = insertionIndex(end: estimatedEnd, slot: slot)
    let entry = RunningEntry(estimatedEnd: estimatedEnd, slot: slot, nodes: nodes)
    entries.append(entry)
    let last = entries.count - 1
    if index < last {
      // Shift the tail up by one with a single memmove (Array.insert's
      // generic path costs several times more for a trivial type).
      entries.withUnsafeMutableBufferPointer { buffer in
        let base = buffer.baseAddress!
        (base + index + 1).update(from: base + index, count: last - index)
        base[index] = entry
      }
    }
  }

  /// Removes the running job in `slot`, whose estimated end is `estimatedEnd`.
  ///
  /// - Complexity: O(log `count`) search plus O(`count`) shifting.
  public mutating func remove(slot: Int32, estimatedEnd: Int64) {
    let index = insertionIndex(end: estimatedEnd, slot: slot)
    precondition(index < entries.count && entries[index].slot == slot, "job slot \(slot) is not running")
    let last = entries.count - 1
    if index < last {
      entries.withUnsafeMutableBufferPointer { buffer in
        let base = buffer.baseAddress!
        (base + index).update(from: base + index + 1, count: last - index)
      }
    }
    entries.removeLast()
  }
}
