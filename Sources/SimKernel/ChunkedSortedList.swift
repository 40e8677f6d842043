/// A sorted list stored as a sequence of small sorted chunks (a one-level
/// B-tree), so that insertion and removal shift at most one chunk.
///
/// A single sorted array costs O(n) per insertion or removal: on traces where
/// thousands of jobs run at once (RICC: 8,192 processors, mostly serial jobs)
/// that memmove dominated the replay. Here a position is found by binary
/// search over the chunks' first elements, then within one chunk; chunks hold
/// at most `maxChunk` elements and are split when full, so each update moves
/// O(`maxChunk`) elements and locating costs O(log n).
///
/// The order is given by `areInIncreasingOrder`; equal elements keep insertion
/// position rules of the caller (it chooses where to insert).
public struct ChunkedSortedList<Element>: Sendable where Element: Sendable {
  /// A place in the list: chunk index and index within the chunk.
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

  @usableFromInline var chunks: [[Element]] = []
  @usableFromInline var storedCount = 0
  /// The number of elements.
  @inlinable public var count: Int { storedCount }
  /// Elements per chunk at most; a full chunk is split in two halves.
  @inlinable public static var maxChunk: Int { 512 }

  @inlinable public init() {}

  @inlinable public var isEmpty: Bool { count == 0 }

  /// The element at `position`.
  @inlinable public subscript(position: Position) -> Element {
    get { chunks[position.chunk][position.index] }
    set { chunks[position.chunk][position.index] = newValue }
  }

  /// The first position whose element is not `isBelow` (every element before
  /// it is). `isBelow` must be true for a prefix of the list and false after.
  ///
  /// - Complexity: O(log n)
  @inlinable
  public func partitionPoint(_ isBelow: (Element) -> Bool) -> Position {
    // The first chunk whose last element is not below.
    var low = 0
    var high = chunks.count
    while low < high {
      let mid = (low + high) &>> 1
      if isBelow(chunks[mid][chunks[mid].count - 1]) { low = mid + 1 } else { high = mid }
    }
    guard low < chunks.count else { return endPosition }
    return chunks[low].withUnsafeBufferPointer { chunk in
      var first = 0
      var last = chunk.count
      while first < last {
        let mid = (first + last) &>> 1
        if isBelow(chunk[mid]) { first = mid + 1 } else { last = mid }
      }
      return Position(chunk: low, index: first)
    }
  }

  /// The position just past the last element.
  @inlinable public var endPosition: Position {
    chunks.isEmpty ? Position(chunk: 0, index: 0) : Position(chunk: chunks.count - 1, index: chunks[chunks.count - 1].count)
  }

  /// The first position, or `endPosition` when empty.
  @inlinable public var startPosition: Position { Position(chunk: 0, index: 0) }

  /// Whether `position` is past the last element.
  @inlinable public func isEnd(_ position: Position) -> Bool {
    position.chunk >= chunks.count || (position.chunk == chunks.count - 1 && position.index >= chunks[position.chunk].count)
  }

  /// The position after `position`.
  @inlinable public func position(after position: Position) -> Position {
    if position.index + 1 < chunks[position.chunk].count || position.chunk == chunks.count - 1 {
      return Position(chunk: position.chunk, index: position.index + 1)
    }
    return Position(chunk: position.chunk + 1, index: 0)
  }

  /// The position before `position`, or `nil` at the start.
  @inlinable public func position(before position: Position) -> Position? {
    if position.index > 0 { return Position(chunk: position.chunk, index: position.index - 1) }
    if position.chunk == 0 { return nil }
    return Position(chunk: position.chunk - 1, index: chunks[position.chunk - 1].count - 1)
  }

  /// Inserts `element` at `position` (as returned by `partitionPoint`).
  ///
  /// - Complexity: O(`maxChunk` + number of chunks / `maxChunk`) amortised.
  @inlinable
  public mutating func insert(_ element: Element, at position: Position) {
    storedCount += 1
    if chunks.isEmpty {
      var first: [Element] = []
      first.reserveCapacity(Self.maxChunk)
      first.append(element)
      chunks.append(first)
      return
    }
    chunks[position.chunk].insert(element, at: position.index)
    if chunks[position.chunk].count > Self.maxChunk {
      let half = chunks[position.chunk].count / 2
      var upper: [Element] = []
      upper.reserveCapacity(Self.maxChunk)
      upper.append(contentsOf: chunks[position.chunk][half...])
      chunks[position.chunk].removeSubrange(half...)
      chunks.insert(upper, at: position.chunk + 1)
    }
  }

  /// Removes and returns the element at `position`.
  ///
  /// - Complexity: O(`maxChunk` + number of chunks / `maxChunk`) amortised.
  @inlinable @discardableResult
  public mutating func remove(at position: Position) -> Element {
    storedCount -= 1
    let element = chunks[position.chunk].remove(at: position.index)
    if chunks[position.chunk].isEmpty { chunks.remove(at: position.chunk) }
    return element
  }

  /// Calls `body` on each element in order until it returns `false`.
  @inlinable
  public func forEach(while body: (Element) throws -> Bool) rethrows {
    for chunk in chunks {
      for element in chunk where !(try body(element)) { return }
    }
  }

  /// The elements in order, as one array (O(n); for tests and reports).
  @inlinable public var elements: [Element] { chunks.flatMap { $0 } }
}
