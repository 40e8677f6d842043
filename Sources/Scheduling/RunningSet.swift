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
  init(estimatedEnd: Int64, slot: Int32, nodes: Int32) {
    self.estimatedEnd = estimatedEnd
    self.slot = slot
    self.nodes = nodes
  }

  @inlinable @inline(__always)
  func isBefore(end: Int64, slot: Int32) -> Bool {
    estimatedEnd < end || (estimatedEnd == end && self.slot < slot)
  }
}

/// One chunk of a `RunningSet`: where its entries live and what a search or
/// EASY's shadow walk needs without touching them. 32 bytes.
@frozen
@usableFromInline
struct RunningChunk: Sendable {
  /// The chunk's last entry's estimated end and slot (its largest key).
  @usableFromInline var lastEnd: Int64
  /// The total nodes of the chunk's jobs.
  @usableFromInline var nodes: Int64
  /// Index in `RunningSet.store` of the chunk's first entry (a block of
  /// `RunningSet.chunkCapacity` entries).
  @usableFromInline var base: Int32
  /// Entries in the chunk (at least 1).
  @usableFromInline var count: Int32
  @usableFromInline var lastSlot: Int32

  @inlinable @inline(__always)
  init(lastEnd: Int64, nodes: Int64, base: Int32, count: Int32, lastSlot: Int32) {
    self.lastEnd = lastEnd
    self.nodes = nodes
    self.base = base
    self.count = count
    self.lastSlot = lastSlot
  }

  /// Whether the chunk's last key is before `(end, slot)`.
  @inlinable @inline(__always)
  func lastIsBefore(end: Int64, slot: Int32) -> Bool {
    lastEnd < end || (lastEnd == end && lastSlot < slot)
  }
}

/// The running jobs, kept sorted by estimated end (then by slot), which is the
/// order backfilling walks them in.
///
/// Sorting at every pass made EASY 6-11x slower than keeping the order on
/// insertion (see docs/performance.md). One sorted array was too slow with
/// thousands of running jobs (RICC), so the entries live in chunks of at most
/// `chunkCapacity` (a one-level B-tree): blocks of one flat array, with each
/// chunk's last key, node total, place and size in one small array of
/// `RunningChunk`s. An update is a binary search over that array, another
/// within one chunk and one short memmove; each array is checked for
/// uniqueness once per update. The chunks' node totals let EASY's shadow walk
/// pass whole chunks at once (`withChunks`).
///
/// (It replaced a `ChunkedSortedList<RunningEntry>` plus per-chunk totals, whose
/// updates cost about 330 instructions each: chunk keys behind two
/// indirections and four arrays checked per update.)
public struct RunningSet: Sendable {
  /// Entries per chunk at most; a full chunk is split in two halves.
  @inlinable public static var chunkCapacity: Int { 32 }

  /// Blocks of `chunkCapacity` slots; slots past a chunk's count are stale.
  @usableFromInline var store: [RunningEntry] = []
  /// The chunks in list order.
  @usableFromInline var chunks: [RunningChunk] = []
  /// Blocks (their first slot) that no chunk uses, reused by splits.
  @usableFromInline var spareBlocks: [Int32] = []
  @usableFromInline var storedCount = 0

  public init() {}

  @inlinable public var count: Int { storedCount }

  @inlinable public var isEmpty: Bool { storedCount == 0 }

  /// The entry ending first (smallest estimated end, then slot), or `nil`.
  @inlinable public var first: RunningEntry? {
    guard let chunk = chunks.first else { return nil }
    return store[Int(chunk.base)]
  }

  /// The entries in order, as an array (O(n): for tests and reports; passes
  /// should use `forEach(while:)`).
  public var entries: [RunningEntry] {
    var result: [RunningEntry] = []
    result.reserveCapacity(storedCount)
    forEach { result.append($0); return true }
    return result
  }

  /// Calls `body` on each running job in estimated-end order until it returns `false`.
  @inlinable
  public func forEach(while body: (RunningEntry) throws -> Bool) rethrows {
    try store.withUnsafeBufferPointer { store in
      for chunk in chunks {
        let base = Int(chunk.base)
        for index in base..<(base &+ Int(chunk.count)) where !(try body(store[index])) { return }
      }
    }
  }

  /// Lends the chunks and the entry blocks (read-only) to `body`: chunk `c`'s
  /// entries are `store[chunks[c].base ..< chunks[c].base + chunks[c].count]`.
  @inlinable
  func withChunks<R>(
    _ body: (UnsafeBufferPointer<RunningChunk>, UnsafePointer<RunningEntry>) throws -> R
  ) rethrows -> R {
    try chunks.withUnsafeBufferPointer { chunks in
      try store.withUnsafeBufferPointer { store in
        // An empty store has no base address; no chunk points into it then.
        try body(chunks, store.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<RunningEntry>.alignment)!)
      }
    }
  }

  /// The first chunk whose last key is not before `(end, slot)`, or
  /// `chunks.count`.
  @inlinable @inline(__always)
  static func chunkIndex(_ chunks: UnsafeMutableBufferPointer<RunningChunk>, end: Int64, slot: Int32) -> Int {
    var low = 0
    var high = chunks.count
    while low < high {
      let mid = (low &+ high) &>> 1
      if chunks[mid].lastIsBefore(end: end, slot: slot) { low = mid &+ 1 } else { high = mid }
    }
    return low
  }

  /// The first index in `entries[0..<count]` not before `(end, slot)`.
  @inlinable @inline(__always)
  static func entryIndex(_ entries: UnsafeMutablePointer<RunningEntry>, count: Int, end: Int64, slot: Int32) -> Int {
    var low = 0
    var high = count
    while low < high {
      let mid = (low &+ high) &>> 1
      if entries[mid].isBefore(end: end, slot: slot) { low = mid &+ 1 } else { high = mid }
    }
    return low
  }

  /// A block of `chunkCapacity` slots: a spare one, or a new one at the end.
  @usableFromInline
  mutating func takeBlock(filling entry: RunningEntry) -> Int32 {
    if let spare = spareBlocks.popLast() { return spare }
    let base = Int32(store.count)
    store.append(contentsOf: repeatElement(entry, count: Self.chunkCapacity))
    return base
  }

  /// Adds a running job.
  ///
  /// - Complexity: O(log `count`) plus a bounded shift; O(`count` /
  ///   `chunkCapacity`) more when a chunk splits.
  public mutating func insert(slot: Int32, nodes: Int32, estimatedEnd: Int64) {
    let entry = RunningEntry(estimatedEnd: estimatedEnd, slot: slot, nodes: nodes)
    storedCount &+= 1
    if chunks.isEmpty {
      let base = takeBlock(filling: entry)
      store[Int(base)] = entry
      chunks.append(RunningChunk(lastEnd: estimatedEnd, nodes: Int64(nodes), base: base, count: 1, lastSlot: slot))
      return
    }
    let full = chunks.withUnsafeMutableBufferPointer { chunks -> Int in
      var c = Self.chunkIndex(chunks, end: estimatedEnd, slot: slot)
      if c == chunks.count { c &-= 1 }
      let count = Int(chunks[c].count)
      let index = store.withUnsafeMutableBufferPointer { store -> Int in
        let entries = store.baseAddress! + Int(chunks[c].base)
        let index = Self.entryIndex(entries, count: count, end: estimatedEnd, slot: slot)
        (entries + index + 1).update(from: entries + index, count: count &- index)
        entries[index] = entry
        return index
      }
      chunks[c].count = Int32(count &+ 1)
      chunks[c].nodes &+= Int64(nodes)
      if index == count {
        chunks[c].lastEnd = estimatedEnd
        chunks[c].lastSlot = slot
      }
      return count &+ 1 == Self.chunkCapacity ? c : -1
    }
    if full >= 0 { split(full) }
  }

  /// Moves the upper half of the full chunk `c` into a new chunk after it.
  @usableFromInline
  mutating func split(_ c: Int) {
    let half = Self.chunkCapacity / 2
    let block = takeBlock(filling: store[0])
    let from = Int(chunks[c].base) &+ half
    var upperNodes: Int64 = 0
    store.withUnsafeMutableBufferPointer { store in
      let source = store.baseAddress! + from
      let target = store.baseAddress! + Int(block)
      target.update(from: source, count: Self.chunkCapacity &- half)
      for index in 0..<(Self.chunkCapacity &- half) { upperNodes &+= Int64(target[index].nodes) }
    }
    let lowerLast = store[from &- 1]
    var upper = chunks[c]
    upper.base = block
    upper.count = Int32(Self.chunkCapacity &- half)
    upper.nodes = upperNodes
    chunks[c].count = Int32(half)
    chunks[c].nodes &-= upperNodes
    chunks[c].lastEnd = lowerLast.estimatedEnd
    chunks[c].lastSlot = lowerLast.slot
    chunks.insert(upper, at: c &+ 1)
  }

  /// Removes the running job in `slot`, whose estimated end is `estimatedEnd`.
  ///
  /// - Complexity: O(log `count`) plus a bounded shift; O(`count` /
  ///   `chunkCapacity`) more when a chunk empties.
  public mutating func remove(slot: Int32, estimatedEnd: Int64) {
    let emptied = chunks.withUnsafeMutableBufferPointer { chunks -> Int in
      let c = Self.chunkIndex(chunks, end: estimatedEnd, slot: slot)
      precondition(c < chunks.count, "job slot \(slot) is not running")
      let count = Int(chunks[c].count)
      let (removed, newLast) = store.withUnsafeMutableBufferPointer { store -> (RunningEntry, RunningEntry) in
        let entries = store.baseAddress! + Int(chunks[c].base)
        let index = Self.entryIndex(entries, count: count, end: estimatedEnd, slot: slot)
        let removed = entries[index]
        precondition(index < count && removed.slot == slot, "job slot \(slot) is not running")
        entries.advanced(by: index).update(from: entries + index + 1, count: count &- index &- 1)
        return (removed, entries[max(count &- 2, 0)])
      }
      if count == 1 { return c }
      chunks[c].count = Int32(count &- 1)
      chunks[c].nodes &-= Int64(removed.nodes)
      chunks[c].lastEnd = newLast.estimatedEnd
      chunks[c].lastSlot = newLast.slot
      return -1
    }
    storedCount &-= 1
    if emptied >= 0 {
      spareBlocks.append(chunks[emptied].base)
      chunks.remove(at: emptied)
    }
  }
}
