extension NodePool {
  /// Returns `count` nodes to a pool that counts nodes rather than naming
  /// them (`namesNodes == false`).
  ///
  /// A replay whose observers read no node sets and that places no job on
  /// particular nodes (no accelerator gate, partitions or reservations)
  /// needs only the free count: first-fit placement decides nothing a
  /// policy or a summary sees on a machine of identical nodes. Counting
  /// saved its whole cost, 370 instructions a job on HPC2N and about 950 on
  /// CEA-Curie's 93,312 nodes, where the free runs fragment.
  ///
  /// - Precondition: `count` nodes are allocated.
  /// - Complexity: O(1)
  @inlinable
  public mutating func release(count: Int32) {
    precondition(!namesNodes, "a pool that names nodes takes back node sets")
    precondition(count >= 0 && count <= totalNodes - freeCount, "released \(count) nodes, \(totalNodes - freeCount) allocated")
    storedFreeCount += count
  }
}
