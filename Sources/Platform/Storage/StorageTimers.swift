/// The staging model's timers (compute chunks and retentions ending): a
/// priority queue ordered by time, first set first among equal times,
/// specialised for timers that are mostly set a fixed delay ahead.
///
/// Most timers of a checkpointing replay are "now + checkpoint interval";
/// retentions are "now + retention". Timers set a fixed delay `d` ahead are
/// set in time order (the clock never goes back), so they need no heap: they
/// queue first in, first out in a *lane* for `d`. A timer whose delay has a
/// lane (or takes a free one, up to `laneCount`) is appended to it in O(1);
/// the others go to a `StorageHeap`. The earliest timer is the least of the
/// lanes' heads and the heap's top, compared by `(time, order)`: exactly the
/// order one heap of every timer would give (see `StorageTimersTests`).
///
/// Like `StorageHeap`, the timers do not own their storage: the class that
/// holds them frees it (`release()`) and copies it (`copy()`).
///
/// - Complexity: O(1) to set a timer in a lane, O(log h) in the heap of h
///   timers; O(`laneCount`) to remove the earliest.
struct StorageTimers: Sendable {
  /// Timers of one delay, in the order set (hence by time, then order).
  struct Lane: Sendable {
    /// The delay of every timer in the lane (µs); -1 while free.
    var delay: Int64 = -1
    /// The timers; those before `head` were taken.
    var entries = RawStore<StorageHeap.Entry>(capacity: 64)
    var head = 0

    var isEmpty: Bool {
      @inline(__always) get { head == entries.count }
    }
  }

  /// How many fixed delays get a lane.
  static let laneCount = 4

  var lanes: RawStore<Lane>
  var heap = StorageHeap()
  /// Sequence of the next timer set (first set, first fired among equal times).
  var nextOrder: UInt64 = 0
  /// Timers set and not yet taken.
  private(set) var count = 0
  /// The earliest timer's time, or `Int64.max` when none (kept up to date).
  private(set) var minKey = Int64.max
  /// Where the earliest timer is: a lane's index, or -1 for the heap.
  var minSource = -1

  init() {
    lanes = RawStore(capacity: Self.laneCount)
    for _ in 0..<Self.laneCount { lanes.append(Lane()) }
  }

  var isEmpty: Bool {
    @inline(__always) get { count == 0 }
  }

  /// The earliest timer, if any.
  var min: StorageHeap.Entry? {
    count == 0 ? nil : minSource < 0 ? heap.entries[0] : lanes[minSource].entries[lanes[minSource].head]
  }

  /// Sets a timer for `id` at `time`, `delay` after now (µs).
  @inline(__always)
  mutating func insert(id: Int32, at time: Int64, delay: Int64) {
    let entry = StorageHeap.Entry(key: time, order: nextOrder, id: id)
    nextOrder &+= 1
    // The new timer was set last: among equal times it comes last, so it is
    // the earliest only when it is strictly earlier (or the only one).
    let earliest = count == 0 || time < minKey
    count &+= 1
    var free = -1
    for index in 0..<Self.laneCount {
      if lanes[index].delay == delay {
        let wasEmpty = lanes[index].isEmpty
        append(entry, toLane: index)
        if wasEmpty && earliest { setEarliest(time, source: index) }
        return
      }
      if free < 0 && lanes[index].delay < 0 { free = index }
    }
    if free >= 0 {
      lanes[free].delay = delay
      append(entry, toLane: free)
      if earliest { setEarliest(time, source: free) }
      return
    }
    heap.insert(entry)
    if earliest { setEarliest(time, source: -1) }
  }

  @inline(__always)
  mutating func setEarliest(_ key: Int64, source: Int) {
    minKey = key
    minSource = source
  }

  @inline(__always)
  func append(_ entry: StorageHeap.Entry, toLane index: Int) {
    let lane = lanes.base + index
    if lane.pointee.entries.count == lane.pointee.entries.capacity && lane.pointee.head > 0 {
      compact(lane: index)
    }
    lane.pointee.entries.append(entry)
  }

  /// Moves a lane's remaining timers to the front of its storage.
  func compact(lane index: Int) {
    let head = lanes[index].head
    let remaining = lanes[index].entries.count - head
    let base = lanes[index].entries.base
    base.moveInitialize(from: base + head, count: remaining)  // may overlap: a memmove
    lanes[index].entries.truncate(to: remaining)
    lanes[index].head = 0
  }

  /// Removes and returns the earliest timer.
  ///
  /// - Precondition: not empty.
  @inline(__always)
  mutating func removeMin() -> StorageHeap.Entry {
    precondition(count > 0, "removeMin on empty storage timers")
    count &-= 1
    let entry: StorageHeap.Entry
    if minSource < 0 {
      entry = heap.removeMin()
    } else {
      let source = minSource
      entry = lanes[source].entries[lanes[source].head]
      lanes[source].head &+= 1
      if lanes[source].isEmpty {
        lanes[source].entries.truncate(to: 0)
        lanes[source].head = 0
        lanes[source].delay = -1
      }
    }
    findEarliest()
    return entry
  }

  /// Sets `minKey` and `minSource` from the lanes' heads and the heap's top.
  @inline(__always)
  mutating func findEarliest() {
    var bestKey = Int64.max
    var bestOrder = UInt64.max
    var source = -1
    if !heap.isEmpty {
      bestKey = heap.entries[0].key
      bestOrder = heap.entries[0].order
    }
    for index in 0..<Self.laneCount where !lanes[index].isEmpty {
      let head = lanes[index].entries[lanes[index].head]
      if head.key < bestKey || (head.key == bestKey && head.order < bestOrder) {
        bestKey = head.key
        bestOrder = head.order
        source = index
      }
    }
    minKey = count == 0 ? .max : bestKey
    minSource = source
  }

  /// An independent copy of the timers.
  func copy() -> StorageTimers {
    var copy = self
    copy.heap = heap.copy()
    copy.lanes = lanes.copy()
    for index in 0..<Self.laneCount { copy.lanes[index].entries = lanes[index].entries.copy() }
    return copy
  }

  /// Frees the timers' storage; they must not be used afterwards.
  func release() {
    heap.release()
    for index in 0..<Self.laneCount { lanes[index].entries.deallocate() }
    lanes.deallocate()
  }
}
