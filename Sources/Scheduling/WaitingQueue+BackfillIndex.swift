/// A segment tree over queue positions that finds backfill candidates
/// without scanning the whole queue.
///
/// Each tree node keeps the minimum nodes and the minimum estimate of the
/// live entries below it (tombstones count as infinitely large). A job that
/// starts from the queue's head leaves its leaf as it was
/// (`WaitingQueue.remove(at:)`): searches start at the head or later and
/// never read a leaf before their start, so what they read is exact at the
/// leaves and a lower bound above them, which the search allows for. A search for
/// the first entry that fits `free` nodes and either ends within `window` or
/// needs no more than `extra` nodes skips every subtree whose minimums rule
/// it out. On RICC, where thousands of jobs wait and a pass usually has a
/// few nodes free, this replaces an O(queue) scan per pass by a handful of
/// O(log queue) descents.
///
/// Both minimums of a tree node sit in one 16-byte element of one array, so
/// an update touches one cache line per level and checks uniqueness once.
struct BackfillIndex: Sendable {
  /// The minimums of one tree node's live entries.
  struct Node: Sendable {
    var estimate: Int64
    var nodes: Int32

    static let empty = Node(estimate: .max, nodes: .max)

    /// Whether some entry below might qualify.
    @inline(__always)
    func mayHold(free: Int32, window: Int64, extra: Int32) -> Bool {
      nodes <= free && (estimate <= window || nodes <= extra)
    }
  }

  /// Leaves in the tree (a power of two, at least the number of entries).
  private(set) var capacity = 0
  /// Leaves from this one on are all empty (`.empty`), and so are the tree
  /// nodes above only such leaves: a rebuild with the same capacity need not
  /// touch them.
  private var usedLeaves = 0
  /// Node 1 is the root; leaves start at `capacity`.
  private var tree: [Node] = []

  /// Rebuilds the tree over `entries`, reusing its storage when large enough.
  ///
  /// - Complexity: O(capacity) when the capacity changes; otherwise
  ///   O(leaves used since the last rebuild), which after a compaction is
  ///   the queue's length before it rather than the whole tree.
  mutating func rebuild(_ entries: [QueueEntry], minimumCapacity: Int) {
    var size = 64
    while size < minimumCapacity { size <<= 1 }
    if size > capacity || size * 4 < capacity { capacity = size }
    let capacity = self.capacity
    var used = capacity
    if tree.count != 2 * capacity {
      tree = [Node](repeating: .empty, count: 2 * capacity)
    } else {
      used = min(max(usedLeaves, entries.count), capacity)
    }
    usedLeaves = entries.count
    guard used > 0 else { return }
    tree.withUnsafeMutableBufferPointer { tree in
      entries.withUnsafeBufferPointer { entries in
        for index in 0..<used {
          if index < entries.count && entries[index].isLive {
            tree[capacity + index] = Node(estimate: entries[index].estimate, nodes: entries[index].nodes)
          } else {
            tree[capacity + index] = .empty
          }
        }
      }
      // Level by level, the nodes above leaves `0 ..< used`; the others sit
      // above empty leaves only and are already empty.
      var low = capacity
      var high = capacity + used
      while low > 1 {
        low >>= 1
        high = ((high - 1) >> 1) + 1
        for node in low..<high {
          let left = tree[2 * node]
          let right = tree[2 * node + 1]
          tree[node] = Node(estimate: min(left.estimate, right.estimate), nodes: min(left.nodes, right.nodes))
        }
      }
    }
  }

  /// Sets the leaf at `index` (a tombstone when `entry` is not live).
  ///
  /// - Complexity: O(log capacity)
  mutating func update(_ index: Int, _ entry: QueueEntry) {
    let capacity = self.capacity
    if index >= usedLeaves { usedLeaves = index + 1 }
    tree.withUnsafeMutableBufferPointer { tree in
      var node = capacity + index
      tree[node] = entry.isLive ? Node(estimate: entry.estimate, nodes: entry.nodes) : .empty
      node >>= 1
      while node >= 1 {
        let left = tree[2 * node]
        let right = tree[2 * node + 1]
        let merged = Node(estimate: min(left.estimate, right.estimate), nodes: min(left.nodes, right.nodes))
        if tree[node].estimate == merged.estimate && tree[node].nodes == merged.nodes { break }
        tree[node] = merged
        node >>= 1
      }
    }
  }

  /// Sets the empty leaf at `index` (one past every leaf set since the last
  /// rebuild: an appended entry) to the live `entry`. A leaf that was empty
  /// only lowers the minimums above it, so each level compares with the
  /// new leaf alone and the climb stops where nothing changes.
  ///
  /// - Complexity: O(log capacity)
  mutating func setAppended(_ index: Int, _ entry: QueueEntry) {
    let capacity = self.capacity
    usedLeaves = index + 1
    let leaf = Node(estimate: entry.estimate, nodes: entry.nodes)
    tree.withUnsafeMutableBufferPointer { tree in
      var node = capacity + index
      tree[node] = leaf
      node >>= 1
      while node >= 1 {
        let current = tree[node]
        if current.estimate <= leaf.estimate && current.nodes <= leaf.nodes { break }
        tree[node] = Node(estimate: min(current.estimate, leaf.estimate), nodes: min(current.nodes, leaf.nodes))
        node >>= 1
      }
    }
  }

  /// The first queue index at or after `start` whose entry needs at most
  /// `free` nodes and either has an estimate of at most `window` or needs at
  /// most `extra` nodes; `nil` when there is none.
  ///
  /// Climbs from the leaf at `start` to the first right-hand subtree that may
  /// hold a candidate, then descends into it, preferring left children.
  ///
  /// - Complexity: O(log capacity) per subtree that cannot be ruled out.
  func firstCandidate(from start: Int, free: Int32, window: Int64, extra: Int32) -> Int? {
    guard start < capacity else { return nil }
    let capacity = self.capacity
    return tree.withUnsafeBufferPointer { tree -> Int? in
      var node = capacity + start
      if tree[node].mayHold(free: free, window: window, extra: extra) { return start }
      search: while true {
        // Climb to the next subtree after `node` that may hold a candidate:
        // past the levels where `node` is a right child (its trailing one
        // bits) at once, then to the right sibling; at the root, none is left.
        while true {
          node &>>= (~node).trailingZeroBitCount
          if node <= 1 { return nil }
          node &+= 1
          if tree[node].mayHold(free: free, window: window, extra: extra) { break }
        }
        // Descend, leftmost first. The minimums may come from different
        // entries, so a subtree can pass the test and still hold none: then
        // go on climbing after it.
        while node < capacity {
          let left = node << 1
          if tree[left].mayHold(free: free, window: window, extra: extra) {
            node = left
          } else if tree[left + 1].mayHold(free: free, window: window, extra: extra) {
            node = left + 1
          } else {
            continue search
          }
        }
        return node - capacity
      }
    }
  }
}
