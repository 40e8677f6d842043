/// A sorted list stored as a sequence of small sorted chunks (a one-level
/// B-tree), so that insertion and removal shift at most one chunk.
///
/// A single sorted array costs O(n) per insertion or removal: on traces where
/// thousands of jobs run at once (RICC: 8,192 processors, mostly serial jobs)
/// that memmove dominated the replay. Here a position is found by binary
/// search over the chunks' last elements, then within one chunk; chunks hold
/// at most `maxChunk` elements and are split when full, so each update moves
/// O(`maxChunk`) elements and locating costs O(log n).
///
/// Every chunk lives in one flat array, in a block of `maxChunk` slots
/// (`blockOf` maps a chunk, in list order, to its block), so an update is one
/// uniqueness check and one memmove. An array of arrays paid two uniqueness
/// checks and the generic `Array.insert` path per update, which was a fifth
/// of an FCFS replay (docs/performance.md).
///
/// The order is given by the caller, who chooses where to insert
/// (`partitionPoint`).
public struct ChunkedSortedList<Element>: Sendable where Element: Sendable {
  /// A place in the list: chunk index (in list order) and index within the chunk.
  @frozen
  public struct Position: Hashable, Sendable {
    public var chunk: Int
    public var index: Int

    @inlinable @inline(__always)
    public init(chunk: Int, index: Int) {
      self.chunk = chunk
      self.index = index
    }
  }

  /// Blocks of `maxChunk` slots; slots past a chunk's count hold stale copies.
  @usableFromInline var slots: [Element] = []
  /// For each chunk in list order: the block holding it.
  @usableFromInline var blockOf: [Int32] = []
  /// For each chunk in list order: its number of elements (at least 1).
  @usableFromInline var counts: [Int32] = []
  /// Blocks no chunk uses (their chunks emptied), reused by splits.
  @usableFromInline var spareBlocks: [Int32] = []
  @usableFromInline var storedCount = 0

  /// The number of elements.
  @inlinable public var count: Int { storedCount }
  /// Elements per chunk at most; a full chunk is split in two halves.
  @inlinable public static var maxChunk: Int { 128 }

  @inlinable public init() {}

  /// The number of chunks; a caller keeping per-chunk totals compares it
  /// before and after an update to see a chunk split (insert) or vanish
  /// (remove) at the updated position's chunk.
  @inlinable public var chunkCount: Int { counts.count }

  /// Calls `body` on each element of chunk `chunk` (in list order).
  @inlinable
  public func forEach(inChunk chunk: Int, _ body: (Element) -> Void) {
    let base = Int(blockOf[chunk]) &* Self.maxChunk
    slots.withUnsafeBufferPointer { slots in
      for index in base..<(base &+ Int(counts[chunk])) { body(slots[index]) }
    }
  }

  /// The last element of the chunk holding `position`.
  @inlinable public func lastInChunk(_ position: Position) -> Element {
    slots[Int(blockOf[position.chunk]) &* Self.maxChunk &+ Int(counts[position.chunk]) &- 1]
  }

  /// The first position of the chunk after the one holding `position`.
  @inlinable public func position(afterChunk position: Position) -> Position {
    position.chunk + 1 < counts.count
      ? Position(chunk: position.chunk + 1, index: 0)
      : Position(chunk: position.chunk, index: Int(counts[position.chunk]))
  }

  @inlinable public var isEmpty: Bool { storedCount == 0 }

  /// The index in `slots` of `position`.
  @inlinable @inline(__always)
  func slot(_ position: Position) -> Int {
    Int(blockOf[position.chunk]) &* Self.maxChunk &+ position.index
  }

  /// The element at `position`.
  @inlinable public subscript(position: Position) -> Element {
    get { slots[slot(position)] }
    set { slots[slot(position)] = newValue }
  }

  /// The first position whose element is not `isBelow` (every element before
  /// it is). `isBelow` must be true for a prefix of the list and false after.
  ///
  /// - Complexity: O(log n)
  @inlinable
  public func partitionPoint(_ isBelow: (Element) -> Bool) -> Position {
    let chunkCount = counts.count
    return slots.withUnsafeBufferPointer { slots in
      // The first chunk whose last element is not below.
      var low = 0
      var high = chunkCount
      while low < high {
        let mid = (low + high) &>> 1
        let last = Int(blockOf[mid]) &* Self.maxChunk &+ Int(counts[mid]) &- 1
        if isBelow(slots[last]) { low = mid &+ 1 } else { high = mid }
      }
      guard low < chunkCount else { return endPosition }
      let base = Int(blockOf[low]) &* Self.maxChunk
      var first = 0
      var last = Int(counts[low])
      while first < last {
        let mid = (first + last) &>> 1
        if isBelow(slots[base &+ mid]) { first = mid &+ 1 } else { last = mid }
      }
      return Position(chunk: low, index: first)
    }
  }

  /// The position just past the last element.
  @inlinable public var endPosition: Position {
    counts.isEmpty ? Position(chunk: 0, index: 0) : Position(chunk: counts.count - 1, index: Int(counts[counts.count - 1]))
  }

  /// The first position, or `endPosition` when empty.
  @inlinable public var startPosition: Position { Position(chunk: 0, index: 0) }

  /// Whether `position` is past the last element.
  @inlinable public func isEnd(_ position: Position) -> Bool {
    position.chunk >= counts.count
      || (position.chunk == counts.count - 1 && position.index >= Int(counts[position.chunk]))
  }

  /// The position after `position`.
  @inlinable public func position(after position: Position) -> Position {
    if position.index + 1 < Int(counts[position.chunk]) || position.chunk == counts.count - 1 {
      return Position(chunk: position.chunk, index: position.index + 1)
    }
    return Position(chunk: position.chunk + 1, index: 0)
  }

  /// The position before `position`, or `nil` at the start.
  @inlinable public func position(before position: Position) -> Position? {
    if position.index > 0 { return Position(chunk: position.chunk, index: position.index - 1) }
    if position.chunk == 0 { return nil }
    return Position(chunk: position.chunk - 1, index: Int(counts[position.chunk - 1]) - 1)
  }

  /// Inserts `element` at `position` (as returned by `partitionPoint`).
  ///
  /// - Complexity: O(`maxChunk`), plus O(n / `maxChunk`) when a chunk splits.
  @inlinable
  public mutating func insert(_ element: Element, at position: Position) {
    storedCount += 1
    if counts.isEmpty {
      // Reuse a block (a list that empties and refills, like the free nodes
      // of a full machine, must not allocate each time).
      let block: Int32
      if let spare = spareBlocks.popLast() {
        block = spare
      } else {
        block = Int32(slots.count / Self.maxChunk)
        slots.append(contentsOf: repeatElement(element, count: Self.maxChunk))
      }
      slots[Int(block) &* Self.maxChunk] = element
      blockOf.append(block)
      counts.append(1)
      return
    }
    let chunk = position.chunk
    let count = Int(counts[chunk])
    let base = Int(blockOf[chunk]) &* Self.maxChunk
    slots.withUnsafeMutableBufferPointer { buffer in
      let start = buffer.baseAddress! + base
      (start + position.index + 1).update(from: start + position.index, count: count - position.index)
      start[position.index] = element
    }
    counts[chunk] = Int32(count + 1)
    if count + 1 == Self.maxChunk { split(chunk) }
  }

  /// Moves the upper half of the full chunk `chunk` into a new chunk after it.
  @inlinable
  mutating func split(_ chunk: Int) {
    let half = Self.maxChunk / 2
    let block: Int32
    if let spare = spareBlocks.popLast() {
      block = spare
    } else {
      block = Int32(slots.count / Self.maxChunk)
      slots.append(contentsOf: repeatElement(slots[0], count: Self.maxChunk))
    }
    let from = Int(blockOf[chunk]) &* Self.maxChunk &+ half
    let to = Int(block) &* Self.maxChunk
    slots.withUnsafeMutableBufferPointer { buffer in
      (buffer.baseAddress! + to).update(from: buffer.baseAddress! + from, count: Self.maxChunk - half)
    }
    counts[chunk] = Int32(half)
    blockOf.insert(block, at: chunk + 1)
    counts.insert(Int32(Self.maxChunk - half), at: chunk + 1)
  }

  /// Removes and returns the element at `position`.
  ///
  /// - Complexity: O(`maxChunk`), plus O(n / `maxChunk`) when a chunk empties.
  @inlinable @discardableResult
  public mutating func remove(at position: Position) -> Element {
    storedCount -= 1
    let chunk = position.chunk
    let count = Int(counts[chunk])
    let base = Int(blockOf[chunk]) &* Self.maxChunk
    let element = slots.withUnsafeMutableBufferPointer { buffer in
      let start = buffer.baseAddress! + base
      let removed = start[position.index]
      start.advanced(by: position.index).update(from: start + position.index + 1, count: count - position.index - 1)
      return removed
    }
    if count == 1 {
      spareBlocks.append(blockOf[chunk])
      blockOf.remove(at: chunk)
      counts.remove(at: chunk)
    } else {
      counts[chunk] = Int32(count - 1)
    }
    return element
  }

  /// The first position whose element satisfies `predicate`, or `endPosition`.
  ///
  /// - Complexity: O(elements before it)
  @inlinable
  public func firstPosition(where predicate: (Element) -> Bool) -> Position {
    slots.withUnsafeBufferPointer { slots in
      for chunk in 0..<counts.count {
        let base = Int(blockOf[chunk]) &* Self.maxChunk
        for index in 0..<Int(counts[chunk]) where predicate(slots[base &+ index]) {
          return Position(chunk: chunk, index: index)
        }
      }
      return endPosition
    }
  }

  /// Calls `body` on each element in order until it returns `false`.
  @inlinable
  public func forEach(while body: (Element) throws -> Bool) rethrows {
    try slots.withUnsafeBufferPointer { slots in
      for chunk in 0..<counts.count {
        let base = Int(blockOf[chunk]) &* Self.maxChunk
        for index in base..<(base + Int(counts[chunk])) where !(try body(slots[index])) { return }
      }
    }
  }

  /// The elements in order, as one array (O(n); for tests and reports).
  @inlinable public var elements: [Element] {
    var result: [Element] = []
    result.reserveCapacity(storedCount)
    forEach { result.append($0); return true }
    return result
  }
}
