import Platform

extension Replay {
  /// Whether the replay may count free nodes instead of naming them: no
  /// observer reads node sets and no job is placed on particular nodes
  /// (accelerator gate, partitions' node ranges, reservations).
  var mayCountNodes: Bool {
    !observer.usesNodeSets && !hasGate && !hasConstraints && !hasReservations && !hasAcceleratorRequests
  }

  /// Replaces the pool, before the first start, by one that counts nodes
  /// when nothing needs their names (see `NodePool.release(count:)`).
  /// Starts, ends and every decision are the same; jobs and outcomes carry
  /// empty node sets.
  mutating func countNodesUnlessPlaced() {
    guard mayCountNodes, pool.namesNodes, pool.freeCount == totalNodes else { return }
    pool = NodePool(totalNodes: totalNodes, namesNodes: false)
  }
}
