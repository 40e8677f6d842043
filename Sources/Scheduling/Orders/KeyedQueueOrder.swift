/// The waiting jobs sorted by a key taken from their queue entry, ties
/// broken by arrival: the engine shared by the attribute orders
/// (`ShortestEstimateFirst`, `SmallestFirst`, `LargestFirst`).
///
/// The sorted list is kept between passes: a new job is inserted by binary
/// search (a large burst is appended and the list re-sorted), and a job that
/// started is dropped when next seen. Each entry remembers its queue index,
/// which stays valid until the queue compacts (`compactIfSparse()`). A
/// compaction is noticed as an index that no longer holds its job, and the
/// list is then rebuilt from the queue (queue order is arrival order, so
/// ties keep their order). A pass thus costs O(n) to emit n waiting jobs
/// plus O(log n + shift) per arrival, instead of a sort.
///
/// It must see every pass (policies call `order(_:into:)` at each one):
/// arrivals are read from `SchedulerView.firstNewArrival`. If it ever misses
/// jobs, it notices the count mismatch and rebuilds.
struct KeyedQueueOrder: Sendable {
  /// One waiting job: 24 bytes.
  struct Item: Sendable {
    /// The sort key; smaller first.
    var key: Int64
    /// Arrival rank: grows with every job seen, so ties keep arrival order.
    var sequence: Int64
    /// The job's slot, stable while it waits.
    var slot: Int32
    /// Its queue index when seen (valid until the queue compacts).
    var index: Int32

    @inline(__always)
    func precedes(_ other: Item) -> Bool {
      key != other.key ? key < other.key : sequence < other.sequence
    }
  }

  /// Waiting jobs (and started ones until the next emit drops them), sorted
  /// by (key, sequence).
  var items: [Item] = []
  /// The sequence of the job last seen arriving in each slot, to tell a
  /// started job from a later one reusing its slot.
  var sequenceOfSlot: [Int64] = []
  var nextSequence: Int64 = 0

  /// Fills `indices` with the queue indices of every live waiting job in
  /// (key, arrival) order.
  ///
  /// - Parameter key: the sort key of a queue entry (smaller first).
  /// - Complexity: O(n) for n waiting jobs, plus O(log n + shift) per new
  ///   job; O(n log n) after the queue compacts.
  mutating func order(_ view: SchedulerView, into indices: inout [Int], key: (QueueEntry) -> Int64) {
    let queue = view.queue
    if sequenceOfSlot.count < view.jobs.count {
      sequenceOfSlot.append(contentsOf: repeatElement(-1, count: view.jobs.count - sequenceOfSlot.count))
    }
    let start = indices.count
    addArrivals(queue, from: view.firstNewArrival, key: key)
    if !emit(queue, into: &indices) || indices.count - start != queue.liveCount {
      indices.removeSubrange(start...)
      rebuild(queue, key: key)
      let complete = emit(queue, into: &indices)
      precondition(complete && indices.count - start == queue.liveCount, "queue order lost a waiting job")
    }
  }

  /// Registers the jobs at queue indices `start...` (arrived since the last pass).
  mutating func addArrivals(_ queue: WaitingQueue, from start: Int, key: (QueueEntry) -> Int64) {
    let count = queue.endIndex - max(start, queue.head)
    guard count > 0 else { return }
    let bulk = count > 16 && count * 8 > items.count
    for index in max(start, queue.head)..<queue.endIndex {
      let entry = queue[index]
      guard entry.isLive else { continue }
      let item = Item(key: key(entry), sequence: nextSequence, slot: entry.slot, index: Int32(index))
      nextSequence += 1
      sequenceOfSlot[Int(entry.slot)] = item.sequence
      if bulk { items.append(item) } else { insert(item) }
    }
    if bulk { items.sort { $0.precedes($1) } }
  }

  /// Replaces the list with every live job of the queue, in arrival order
  /// before sorting.
  mutating func rebuild(_ queue: WaitingQueue, key: (QueueEntry) -> Int64) {
    items.removeAll(keepingCapacity: true)
    for index in queue.head..<queue.endIndex where queue[index].isLive {
      let entry = queue[index]
      items.append(Item(key: key(entry), sequence: nextSequence, slot: entry.slot, index: Int32(index)))
      sequenceOfSlot[Int(entry.slot)] = nextSequence
      nextSequence += 1
    }
    items.sort { $0.precedes($1) }
  }

  /// Inserts `item` after every item that precedes it, with one memmove.
  mutating func insert(_ item: Item) {
    var low = 0
    var high = items.count
    while low < high {
      let mid = (low + high) &>> 1
      if items[mid].precedes(item) { low = mid + 1 } else { high = mid }
    }
    items.append(item)
    let last = items.count - 1
    guard low < last else { return }
    items.withUnsafeMutableBufferPointer { buffer in
      let base = buffer.baseAddress!
      (base + low + 1).update(from: base + low, count: last - low)
      base[low] = item
    }
  }

  /// Appends the waiting jobs' indices in order and drops started jobs.
  ///
  /// Without a compaction an index keeps its entry for good, live or
  /// tombstone; a compaction leaves no tombstone. So an index holding
  /// another live job, or past the end, means the queue compacted: returns
  /// `false` then, and the list must be rebuilt.
  mutating func emit(_ queue: WaitingQueue, into indices: inout [Int]) -> Bool {
    let end = queue.endIndex
    var write = 0
    var complete = true
    let count = items.count
    sequenceOfSlot.withUnsafeBufferPointer { sequences in
      items.withUnsafeMutableBufferPointer { buffer in
        for read in 0..<count {
          let item = buffer[read]
          // A later job took the slot: this one started.
          guard sequences[Int(item.slot)] == item.sequence else { continue }
          let index = Int(item.index)
          guard index < end else {
            complete = false
            break
          }
          let slot = queue[index].slot
          if slot == item.slot {
            buffer[write] = item
            write += 1
            indices.append(index)
          } else if slot >= 0 {
            complete = false
            break
          }  // else a tombstone: the job started.
        }
      }
    }
    if complete { items.removeSubrange(write...) }
    return complete
  }
}
