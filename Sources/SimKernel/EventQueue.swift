import HeapModule

/// A deterministic priority queue of future events.
///
/// Events are ordered by `(time, eventClass, sequence)`: earlier times first;
/// at the same time, lower event classes first; within a class, in the order
/// they were scheduled. `Heap` alone gives no FIFO tie-break, so every event
/// carries a sequence number drawn from a counter, which makes the order total
/// and replays reproducible.
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

  @usableFromInline var heap: Heap<Entry> = []
  @usableFromInline var nextSequence: UInt64 = 0

  public init() {}

  /// The number of pending events.
  @inlinable public var count: Int { heap.count }

  @inlinable public var isEmpty: Bool { heap.isEmpty }

  /// Schedules `payload` at `time` in `eventClass` (0 runs first; at most 255).
  ///
  /// - Complexity: O(log `count`)
  @inlinable
  public mutating func schedule(_ payload: Payload, at time: SimTime, eventClass: UInt8) {
    let order = UInt64(eventClass) << 56 | nextSequence
    nextSequence &+= 1
    heap.insert(Entry(time: time.microseconds, order: order, payload: payload))
  }

  /// The time of the earliest pending event, or `nil` when none is left.
  ///
  /// - Complexity: O(1)
  @inlinable public var nextTime: SimTime? {
    heap.min.map { SimTime(microseconds: $0.time) }
  }

  /// The class of the earliest pending event.
  @inlinable public var nextClass: UInt8? {
    heap.min.map { UInt8(truncatingIfNeeded: $0.order >> 56) }
  }

  /// Removes and returns the earliest event if it is due at or before `time`
  /// and its class is `eventClass`.
  ///
  /// - Complexity: O(log `count`)
  @inlinable
  public mutating func popIfDue(at time: SimTime, eventClass: UInt8) -> Payload? {
    guard let top = heap.min, top.time <= time.microseconds,
      UInt8(truncatingIfNeeded: top.order >> 56) == eventClass
    else { return nil }
    return heap.removeMin().payload
  }

  /// Removes and returns the earliest event with its time and class.
  ///
  /// - Complexity: O(log `count`)
  @inlinable
  public mutating func pop() -> (time: SimTime, eventClass: UInt8, payload: Payload)? {
    guard let entry = heap.popMin() else { return nil }
    return (SimTime(microseconds: entry.time), UInt8(truncatingIfNeeded: entry.order >> 56), entry.payload)
  }
}
