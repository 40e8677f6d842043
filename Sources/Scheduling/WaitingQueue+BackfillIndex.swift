/// A segment tree over queue positions that finds backfill candidates
/// without scanning the whole queue.
///
/// Each tree node keeps the minimum nodes and the minimum estimate of the
/// live entries below it (tombstones count as infinitely large). A search for
/// the first entry that fits `free` nodes and either ends within `window` or
/// needs no more than `extra` nodes skips every subtree whose minimums rule
/// it out. On RICC, where thousands of jobs wait and a pass usually has a
/// few nodes free, this replaces an O(queue) scan per pass by a handful of
/// O(log queue) descents.
struct BackfillIndex: Sendable {
  /// Leaves in the tree (a power of two, at least the number of entries).
  private(set) var capacity = 0
  /// Minimum nodes per tree node; node 1 is the root, leaves start at `capacity`.
  private var minNodes: [Int32] = []
  /// Minimum estimate per tree node, in microseconds.
  private var minEstimates: [Int64] = []

  /// Rebuilds the tree over `entries`.
  ///
  /// - Complexity: O(n)
  mutating func rebuild(_ entries: [QueueEntry], minimumCapacity: Int) {
    var size = 64
    while size < minimumCapacity { size <<= 1 }
    capacity = size
    minNodes = [Int32](repeating: .max, count: 2 * size)
    minEstimates = [Int64](repeating: .max, count: 2 * size)
    for (index, entry) in entries.enumerated() where entry.isLive {
      minNodes[size + index] = entry.nodes
      minEstimates[size + index] = entry.estimate
    }
    var node = size - 1
    while node >= 1 {
      minNodes[node] = min(minNodes[2 * node], minNodes[2 * node + 1])
      minEstimates[node] = min(minEstimates[2 * node], minEstimates[2 * node + 1])
      node -= 1
    }
  }

  /// Sets the leaf at `index` (a tombstone when `entry` is not live).
  ///
  /// - Complexity: O(log capacity)
  mutating func update(_ index: Int, _ entry: QueueEntry) {
    var node = capacity + index
    minNodes[node] = entry.isLive ? entry.nodes : .max
    minEstimates[node] = entry.isLive ? entry.estimate : .max
    node >>= 1
    while node >= 1 {
      let nodes = min(minNodes[2 * node], minNodes[2 * node + 1])
      let estimate = min(minEstimates[2 * node], minEstimates[2 * node + 1])
      if minNodes[node] == nodes && minEstimates[node] == estimate { break }
      minNodes[node] = nodes
      minEstimates[node] = estimate
      node >>= 1
    }
  }

  /// The first queue index at or after `start` whose entry needs at most
  /// `free` nodes and either has an estimate of at most `window` or needs at
  /// most `extra` nodes; `nil` when there is none.
  ///
  /// - Complexity: O(log capacity) per subtree that cannot be ruled out.
  func firstCandidate(from start: Int, free: Int32, window: Int64, extra: Int32) -> Int? {
    guard start < capacity else { return nil }
    return search(node: 1, low: 0, high: capacity, from: start, free: free, window: window, extra: extra)
  }

  private func search(
    node: Int, low: Int, high: Int, from start: Int, free: Int32, window: Int64, extra: Int32
  ) -> Int? {
    if high <= start { return nil }
    let nodes = minNodes[node]
    if nodes > free || (minEstimates[node] > window && nodes > extra) { return nil }
    if high - low == 1 { return low }
    let middle = (low + high) / 2
    return search(node: 2 * node, low: low, high: middle, from: start, free: free, window: window, extra: extra)
      ?? search(node: 2 * node + 1, low: middle, high: high, from: start, free: free, window: window, extra: extra)
  }
}
