import SimKernel

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
  public internal(set) var freeCount: Int32
  /// Free runs ascending by lower bound; chunked so that updates stay cheap
  /// when thousands of jobs fragment the machine.
  @usableFromInline var freeRuns = ChunkedSortedList<NodeRun>()

  /// A pool of `totalNodes` free nodes.
  public init(totalNodes: Int32) {
    precondition(totalNodes > 0, "a machine needs at least one node")
    self.totalNodes = totalNodes
    freeCount = totalNodes
    freeRuns.insert(NodeRun(0, totalNodes - 1), at: freeRuns.startPosition)
  }

  /// The free nodes as a set.
  public var freeNodes: NodeSet { NodeSet(canonicalRuns: freeRuns.elements) }

  /// Takes `count` free nodes, first fit (see the type's discussion).
  ///
  /// - Precondition: `0 < count <= freeCount`.
  /// - Complexity: O(free runs before the first that fits, or before `count` nodes are gathered)
  public mutating func allocate(_ count: Int32) -> NodeSet {
    precondition(count > 0 && count <= freeCount, "cannot allocate \(count) of \(freeCount) free nodes")
    freeCount -= count
    var position = freeRuns.startPosition
    while !freeRuns.isEnd(position) {
      let run = freeRuns[position]
      if run.count >= count {
        if run.count == count {
          freeRuns.remove(at: position)
        } else {
          freeRuns[position].lower += count
        }
        _checkInvariants()
        return NodeSet(run: NodeRun(run.lower, run.lower + count - 1))
      }
      position = freeRuns.position(after: position)
    }
    // No run is long enough: take the lowest-numbered nodes across runs.
    let head = freeRuns.remove(at: freeRuns.startPosition)  // taken whole: it is shorter than count
    var rest = count - head.count
    var tail: [NodeRun] = []
    while rest > 0 {
      let first = freeRuns.startPosition
      let run = freeRuns[first]
      if run.count <= rest {
        tail.append(run)
        freeRuns.remove(at: first)
        rest -= run.count
      } else {
        tail.append(NodeRun(run.lower, run.lower + rest - 1))
        freeRuns[first].lower += rest
        rest = 0
      }
    }
    _checkInvariants()
    return NodeSet(head: head, tail: tail)
  }

  /// Returns `nodes` to the free list.
  ///
  /// - Precondition: every node of `nodes` is currently allocated.
  /// - Complexity: O(runs in `nodes` × log free runs)
  public mutating func release(_ nodes: NodeSet) {
    nodes.forEachRun { insertFree($0) }
    freeCount += Int32(nodes.count)
    _checkInvariants()
  }

  @usableFromInline
  mutating func insertFree(_ run: NodeRun) {
    let next = freeRuns.partitionPoint { $0.lower < run.lower }
    let previous = freeRuns.position(before: next)
    let hasNext = !freeRuns.isEnd(next)
    let previousRun = previous.map { freeRuns[$0] }
    let nextRun = hasNext ? freeRuns[next] : nil
    precondition(
      (previousRun.map { $0.upper < run.lower } ?? true) && (nextRun.map { run.upper < $0.lower } ?? true),
      "released nodes \(run.lower)-\(run.upper) overlap free nodes")
    let joinsPrevious = previousRun.map { $0.upper + 1 == run.lower } ?? false
    let joinsNext = nextRun.map { run.upper + 1 == $0.lower } ?? false
    switch (joinsPrevious, joinsNext) {
    case (true, true):
      freeRuns[previous!].upper = nextRun!.upper
      freeRuns.remove(at: next)
    case (true, false):
      freeRuns[previous!].upper = run.upper
    case (false, true):
      freeRuns[next].lower = run.lower
    case (false, false):
      freeRuns.insert(run, at: next)
    }
  }
}
