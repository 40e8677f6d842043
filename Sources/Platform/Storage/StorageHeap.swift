/// A binary min-heap of `(key, order, id)` entries, ordered by `key` and then
/// by `order`: the storage model's timers (key: the time in µs, order: the
/// sequence in which they were set, so equal times fire first in, first out)
/// and its shared transfers (key: the shared progress level at which each
/// ends, see `StorageTier`).
///
/// Unlike the kernel's `EventQueue` (a min-max heap with event classes), it
/// keeps only what the storage model needs, moves entries through a hole
/// instead of swapping them, and compares at most two integers per step.
/// Its entries are a `RawStore`: the heap does not own them; the class that
/// holds it frees them (`release()`) and copies them (`copy()`).
///
/// - Complexity: O(log n) to insert or remove the minimum, O(1) to read it.
struct StorageHeap: Sendable {
  struct Entry: Sendable, Equatable {
    /// What the heap is ordered by first.
    var key: Int64
    /// The tie-break between equal keys (a sequence number: first in, first out).
    var order: UInt64
    /// What the entry stands for (a job record or a transfer id).
    var id: Int32
  }

  private(set) var entries = RawStore<Entry>(capacity: 64)

  init() {}

  var count: Int {
    @inline(__always) get { entries.count }
  }
  var isEmpty: Bool {
    @inline(__always) get { entries.count == 0 }
  }

  /// The least entry, if any.
  var min: Entry? {
    @inline(__always) get { entries.count == 0 ? nil : entries[0] }
  }

  /// The least key, or `Int64.max` when empty.
  var minKey: Int64 {
    @inline(__always) get { entries.count == 0 ? .max : entries[0].key }
  }

  @inline(__always)
  static func precedes(_ a: Entry, _ b: Entry) -> Bool {
    a.key != b.key ? a.key < b.key : a.order < b.order
  }

  /// Adds `entry`.
  @inline(__always)
  mutating func insert(_ entry: Entry) {
    entries.append(entry)
    let heap = entries.base
    var hole = entries.count &- 1
    while hole > 0 {
      let parent = (hole &- 1) >> 1
      guard Self.precedes(entry, heap[parent]) else { break }
      heap[hole] = heap[parent]
      hole = parent
    }
    heap[hole] = entry
  }

  /// Removes and returns the least entry.
  ///
  /// Floyd's bottom-up removal: the lesser child moves up into the hole all
  /// the way down to a leaf (one comparison per level), then the last entry
  /// fills the hole and rises as far as it must (usually not at all: it came
  /// from the bottom).
  ///
  /// - Precondition: the heap is not empty.
  @discardableResult
  mutating func removeMin() -> Entry {
    precondition(entries.count > 0, "removeMin on an empty storage heap")
    let last = entries.removeLast()
    let count = entries.count
    guard count > 0 else { return last }
    let heap = entries.base
    let top = heap[0]
    var hole = 0
    var child = 1
    while child < count {
      if child &+ 1 < count && Self.precedes(heap[child &+ 1], heap[child]) { child &+= 1 }
      heap[hole] = heap[child]
      hole = child
      child = 2 &* hole &+ 1
    }
    while hole > 0 {
      let parent = (hole &- 1) >> 1
      guard Self.precedes(last, heap[parent]) else { break }
      heap[hole] = heap[parent]
      hole = parent
    }
    heap[hole] = last
    return top
  }

  /// Removes every entry.
  mutating func removeAll() {
    entries.truncate(to: 0)
  }

  /// Subtracts `amount` from every key (the order is unchanged).
  mutating func lowerKeys(by amount: Int64) {
    for index in 0..<entries.count { entries[index].key -= amount }
  }

  /// An independent copy of the entries.
  func copy() -> StorageHeap {
    var copy = StorageHeap()
    copy.entries.deallocate()
    copy.entries = entries.copy()
    return copy
  }

  /// Frees the entries; the heap must not be used afterwards.
  func release() {
    entries.deallocate()
  }
}
