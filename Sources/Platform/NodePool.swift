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
    let position = freeRuns.firstPosition { $0.count >= count }
    if !freeRuns.isEnd(position) {
      var run = freeRuns[position]
      let lower = run.lower
      if run.count == count {
        freeRuns.remove(at: position)
      } else {
        run.lower += count
        freeRuns[position] = run
      }
      _checkInvariants()
      return NodeSet(run: NodeRun(lower, lower + count - 1))
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
    let hasNext = !freeRuns.isEnd(next)
    let nextLower = hasNext ? freeRuns[next].lower : Int32.max
    precondition(run.upper < nextLower, "released nodes \(run.lower)-\(run.upper) overlap free nodes")
    if let previous = freeRuns.position(before: next) {
      var previousRun = freeRuns[previous]
      precondition(previousRun.upper < run.lower, "released nodes \(run.lower)-\(run.upper) overlap free nodes")
      if previousRun.upper &+ 1 == run.lower {
        // Joins the run before it, and perhaps the one after too.
        if run.upper &+ 1 == nextLower {
          previousRun.upper = freeRuns[next].upper
          freeRuns.remove(at: next)
        } else {
          previousRun.upper = run.upper
        }
        freeRuns[previous] = previousRun
        return
      }
    }
    if run.upper &+ 1 == nextLower {
      freeRuns[next].lower = run.lower
    } else {
      freeRuns.insert(run, at: next)
    }
  }
}
