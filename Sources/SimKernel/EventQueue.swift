/// A deterministic priority queue of future events.
///
/// Events are ordered by `(time, eventClass, sequence)`: earlier times first;
/// at the same time, lower event classes first; within a class, in the order
/// they were scheduled. Every event carries a sequence number drawn from a
/// counter, which makes the order total and replays reproducible (any correct
/// heap pops the same sequence).
///
/// The entries are a plain binary min-heap in one array, moved through a hole
/// rather than swapped, with Floyd's bottom-up removal (one comparison per
/// level on the way down). It replaced swift-collections' min-max `Heap`,
/// whose insert and remove cost about 290 instructions per job on HPC2N
/// (its levels alternate min and max, so each step compares grandchildren).
///
/// The kernel knows nothing about what an event means: the payload is an
/// opaque value chosen by the caller (for a replay, a job slot).
public struct EventQueue<Payload>: Sendable where Payload: Sendable {
  @usableFromInline
  struct Entry: Comparable, Sendable {
    @usableFromInline var time: Int64
    /// `eventClass << 56 | sequence`: one comparison orders class then FIFO.
    @usableFromInline var order: UInt64
    @usableFromInline var payload: Payload

    @inlinable @inline(__always)
    init(time: Int64, order: UInt64, payload: Payload) {
      self.time = time
      self.order = order
      self.payload = payload
    }

    @inlinable @inline(__always)
    static func < (lhs: Entry, rhs: Entry) -> Bool {
      lhs.time != rhs.time ? lhs.time < rhs.time : lhs.order < rhs.order
    }

    @inlinable @inline(__always)
    static func == (lhs: Entry, rhs: Entry) -> Bool {
      lhs.time == rhs.time && lhs.order == rhs.order
    }
  }

  /// The binary heap: `entries[0]` is the earliest, and each entry precedes
  /// its children `2i + 1` and `2i + 2`.
  @usableFromInline var entries: [Entry] = []
  @usableFromInline var nextSequence: UInt64 = 0

  public init() {}

  /// The number of pending events.
  @inlinable public var count: Int { entries.count }

  @inlinable public var isEmpty: Bool { entries.isEmpty }

  /// Adds `entry` at the end and lets it rise to its place.
  ///
  /// - Complexity: O(log `count`)
  @inlinable
  mutating func insert(_ entry: Entry) {
    entries.append(entry)
    entries.withUnsafeMutableBufferPointer { heap in Self.rise(entry, from: heap.count &- 1, in: heap) }
  }

  /// Puts `entry` in the hole at `hole`, after moving every parent that
  /// does not precede it down into the hole.
  @inlinable @inline(__always)
  static func rise(_ entry: Entry, from hole: Int, in heap: UnsafeMutableBufferPointer<Entry>) {
    var hole = hole
    while hole > 0 {
      let parent = (hole &- 1) &>> 1
      guard entry < heap[parent] else { break }
      heap[hole] = heap[parent]
      hole = parent
    }
    heap[hole] = entry
  }

  /// Removes and returns the earliest entry (the heap is not empty).
  ///
  /// Floyd's bottom-up removal: the lesser child moves up into the hole all
  /// the way down to a leaf, then the last entry fills the hole and rises as
  /// far as it must (usually not at all: it came from the bottom).
  ///
  /// - Complexity: O(log `count`)
  @inlinable
  mutating func removeFirst() -> Entry {
    let last = entries.removeLast()
    return entries.withUnsafeMutableBufferPointer { heap -> Entry in
      let count = heap.count
      guard count > 0 else { return last }
      let top = heap[0]
      var hole = 0
      var child = 1
      while child < count {
        if child &+ 1 < count && heap[child &+ 1] < heap[child] { child &+= 1 }
        heap[hole] = heap[child]
        hole = child
        child = 2 &* hole &+ 1
      }
      Self.rise(last, from: hole, in: heap)
      return top
    }
  }

  /// Schedules `payload` at `time` in `eventClass` (0 runs first; at most 255).
  ///
  /// - Complexity: O(log `count`)
  @inlinable
  public mutating func schedule(_ payload: Payload, at time: SimTime, eventClass: UInt8) {
    let order = UInt64(eventClass) << 56 | nextSequence
    nextSequence &+= 1
    insert(Entry(time: time.microseconds, order: order, payload: payload))
  }

  /// The time of the earliest pending event, or `nil` when none is left.
  ///
  /// - Complexity: O(1)
  @inlinable public var nextTime: SimTime? {
    entries.first.map { SimTime(microseconds: $0.time) }
  }

  /// The class of the earliest pending event.
  @inlinable public var nextClass: UInt8? {
    entries.first.map { UInt8(truncatingIfNeeded: $0.order >> 56) }
  }

  /// Removes and returns the earliest event if it is due at or before `time`
  /// and its class is `eventClass`.
  ///
  /// - Complexity: O(log `count`)
  @inlinable
  public mutating func popIfDue(at time: SimTime, eventClass: UInt8) -> Payload? {
    guard let top = entries.first, top.time <= time.microseconds,
      UInt8(truncatingIfNeeded: top.order >> 56) == eventClass
    else { return nil }
    return removeFirst().payload
  }

  /// Removes and returns the earliest event with its time and class.
  ///
  /// - Complexity: O(log `count`)
  @inlinable
  public mutating func pop() -> (time: SimTime, eventClass: UInt8, payload: Payload)? {
    guard !entries.isEmpty else { return nil }
    let entry = removeFirst()
    return (SimTime(microseconds: entry.time), UInt8(truncatingIfNeeded: entry.order >> 56), entry.payload)
  }
}
