/// The nodes of a machine and which of them are free.
///
/// Free nodes are kept as a sorted list of runs. Allocation is first fit:
/// the lowest-numbered run of free nodes long enough for the whole job, so
/// a job gets consecutive nodes whenever any run can hold it; otherwise the
/// lowest-numbered free nodes across runs. Deterministic, and the free list
/// stays short: its length is bounded by the number of running jobs plus one.
///
/// The pool only tracks occupancy; which job may start is the policy's
/// decision, and the simulation applies it here.
public struct NodePool: Sendable {
  /// Nodes in the machine, numbered `0..<totalNodes`.
  public let totalNodes: Int32
  /// Nodes not held by any job.
  public private(set) var freeCount: Int32
  @usableFromInline var freeRuns: [NodeRun]

  /// A pool of `totalNodes` free nodes.
  public init(totalNodes: Int32) {
    precondition(totalNodes > 0, "a machine needs at least one node")
    self.totalNodes = totalNodes
    freeCount = totalNodes
    freeRuns = [NodeRun(0, totalNodes - 1)]
    freeRuns.reserveCapacity(1024)
  }

  /// The free nodes as a set.
  public var freeNodes: NodeSet { NodeSet(canonicalRuns: freeRuns) }

  /// Takes `count` free nodes, first fit (see the type's discussion).
  ///
  /// - Precondition: `0 < count <= freeCount`.
  /// - Complexity: O(number of free runs)
  public mutating func allocate(_ count: Int32) -> NodeSet {
    precondition(count > 0 && count <= freeCount, "cannot allocate \(count) of \(freeCount) free nodes")
    freeCount -= count
    let fit = freeRuns.withUnsafeBufferPointer { runs in
      runs.firstIndex { $0.count >= count }
    }
    if let fit {
      let run = freeRuns[fit]
      if run.count == count {
        freeRuns.remove(at: fit)
      } else {
        freeRuns[fit].lower += count
      }
      _checkInvariants()
      return NodeSet(run: NodeRun(run.lower, run.lower + count - 1))
    }
    // No run is long enough: take the lowest-numbered nodes across runs.
    var remaining = count
    var used = 0
    while remaining > 0 {
      let run = freeRuns[used]
      remaining -= min(run.count, remaining)
      used += 1
    }
    let first = freeRuns[0]
    let head = NodeRun(first.lower, first.upper)  // used >= 2: the first run is taken whole
    var rest = count - first.count
    let tail = [NodeRun](unsafeUninitializedCapacity: used - 1) { buffer, initialized in
      for index in 1..<used {
        let run = freeRuns[index]
        let take = min(run.count, rest)
        buffer[index - 1] = NodeRun(run.lower, run.lower + take - 1)
        rest -= take
      }
      initialized = used - 1
    }
    let last = tail[used - 2]
    if last.upper < freeRuns[used - 1].upper {
      // The last run was split: keep its rest.
      freeRuns[used - 1].lower = last.upper + 1
      freeRuns.removeSubrange(0..<(used - 1))
    } else {
      freeRuns.removeSubrange(0..<used)
    }
    _checkInvariants()
    return NodeSet(head: head, tail: tail)
  }

  /// Returns `nodes` to the free list.
  ///
  /// - Precondition: every node of `nodes` is currently allocated.
  /// - Complexity: O(runs in `nodes` × log free runs + free runs)
  public mutating func release(_ nodes: NodeSet) {
    nodes.forEachRun { insertFree($0) }
    freeCount += Int32(nodes.count)
    _checkInvariants()
  }

  @usableFromInline
  mutating func insertFree(_ run: NodeRun) {
    // First free run whose lower bound is above the released run.
    var low = 0
    var high = freeRuns.count
    while low < high {
      let mid = (low + high) &>> 1
      if freeRuns[mid].lower < run.lower { low = mid + 1 } else { high = mid }
    }
    let joinsPrevious = low > 0 && freeRuns[low - 1].upper + 1 == run.lower
    let joinsNext = low < freeRuns.count && run.upper + 1 == freeRuns[low].lower
    precondition(
      (low == 0 || freeRuns[low - 1].upper < run.lower)
        && (low == freeRuns.count || run.upper < freeRuns[low].lower),
      "released nodes \(run.lower)-\(run.upper) overlap free nodes")
    switch (joinsPrevious, joinsNext) {
    case (true, true):
      freeRuns[low - 1].upper = freeRuns[low].upper
      freeRuns.remove(at: low)
    case (true, false):
      freeRuns[low - 1].upper = run.upper
    case (false, true):
      freeRuns[low].lower = run.lower
    case (false, false):
      freeRuns.insert(run, at: low)
    }
  }
}
