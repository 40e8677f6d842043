import SimKernel

/// The nodes of a machine and which of them are free.
///
/// Allocation is first fit: the lowest-numbered run of free nodes long
/// enough for the whole job, so a job gets consecutive nodes whenever any run
/// can hold it; otherwise the lowest-numbered free nodes across runs.
/// Deterministic. The lowest run long enough starts at the lowest node `p`
/// such that `p..<p + count` are all free (a lower free node just before `p`
/// would give a lower such window), which is what the search looks for.
///
/// Free nodes are a bitmap, one bit per node (set when free), with a summary
/// bitmap of the words that hold a free node. First fit scans only words with
/// a free node: a job of `c <= 64` nodes is found inside a word with
/// `⌈log2 c⌉` shift-and steps, longer runs and runs across words by carrying
/// the free run that ends at the top of the previous word. On a 120-node
/// machine that is two words. From `runListThreshold` words on (10,240
/// nodes) the pool keeps a sorted list of free runs instead, as it did
/// before the bitmap (`NodePool+RunList.swift`): the same allocations.
/// (A sorted list of free runs cost about 340 instructions per allocation
/// and per release on HPC2N and a scan of thousands of runs on RICC:
/// docs/performance.md.)
///
/// The pool only tracks occupancy; which job may start is the policy's
/// decision, and the simulation applies it here.
public struct NodePool: Sendable {
  /// Nodes in the machine, numbered `0..<totalNodes`.
  public let totalNodes: Int32
  /// Nodes not held by any job.
  @inlinable public var freeCount: Int32 { storedFreeCount }
  /// Whether allocations name their nodes. A pool that does not only counts
  /// free nodes: `allocate(_:)` returns the empty set, in O(1), and nodes go
  /// back with `release(count:)` (see `NodePool+Counting.swift`).
  public let namesNodes: Bool
  /// `freeCount`, stored (settable by the inlinable `allocate` and `release`).
  @usableFromInline var storedFreeCount: Int32
  /// `wordCount` words of the free bitmap (bit `i` of word `w` is node
  /// `64 w + i`, set when free; bits past the last node are always clear),
  /// then the summary: bit `j` of summary word `k` is set when word
  /// `64 k + j` is not zero. One array, so a mutation checks uniqueness once.
  /// Empty when the pool keeps a run list.
  @usableFromInline var bits: [UInt64]
  /// Words in the free bitmap: `⌈totalNodes / 64⌉`.
  @usableFromInline let wordCount: Int
  /// Words in the summary: `⌈wordCount / 64⌉`.
  @usableFromInline let summaryCount: Int
  /// Whether the free nodes are kept as `freeRuns` instead of the bitmap.
  @usableFromInline let usesRunList: Bool
  /// Free runs ascending by lower bound, for machines of `runListThreshold`
  /// words or more (empty otherwise): see `NodePool+RunList.swift`.
  @usableFromInline var freeRuns = ChunkedSortedList<NodeRun>()

  /// Words (of 64 nodes) from which a pool keeps a sorted run list rather
  /// than the bitmap. On very large machines with large jobs (CEA-Curie:
  /// 93,312 one-core nodes, jobs of hundreds to thousands of them) the scan
  /// over words and the bits of each job cost more than updating a few runs:
  /// CEA-Curie EASY took 2,827 M instructions with the bitmap against 2,413 M
  /// with the run list, and a segment tree over the words (tried) 3,292 M.
  /// RICC (8,192 nodes, 128 words) gains with the bitmap.
  /// 160 words: the full Tianhe-2 (16,000 nodes, 250 words) replayed EASY
  /// with 100K Lublin jobs in 821 M instructions with the bitmap and 706 M
  /// with the run list; RICC (8,192 nodes, 128 words) is faster with the bitmap.
  @usableFromInline static var runListThreshold: Int { 160 }

  /// A pool of `totalNodes` free nodes, which names the nodes it allocates
  /// unless `namesNodes` is `false`.
  public init(totalNodes: Int32, namesNodes: Bool = true) {
    precondition(totalNodes > 0, "a machine needs at least one node")
    self.totalNodes = totalNodes
    self.namesNodes = namesNodes
    storedFreeCount = totalNodes
    wordCount = (Int(totalNodes) + 63) >> 6
    summaryCount = (wordCount + 63) >> 6
    usesRunList = namesNodes && wordCount >= Self.runListThreshold
    if !namesNodes {
      bits = []
    } else if usesRunList {
      bits = []
      freeRuns.insert(NodeRun(0, totalNodes - 1), at: freeRuns.startPosition)
    } else {
      bits = [UInt64](repeating: 0, count: wordCount + summaryCount)
      withMutableFreeMap { $0.setRange(0, Int(totalNodes)) }
    }
  }

  /// The free nodes as a set.
  ///
  /// - Complexity: O(words + free runs)
  public var freeNodes: NodeSet {
    precondition(namesNodes, "a pool that counts nodes does not name the free ones")
    if usesRunList { return NodeSet(canonicalRuns: freeRuns.elements) }
    var runs: [NodeRun] = []
    withFreeMap { free in
      free.forEachRun(from: 0, to: Int(totalNodes)) { lower, end in
        runs.append(NodeRun(Int32(truncatingIfNeeded: lower), Int32(truncatingIfNeeded: end &- 1)))
        return true
      }
    }
    return NodeSet(canonicalRuns: runs)
  }

  /// Takes `count` free nodes, first fit (see the type's discussion).
  ///
  /// Inlinable, so that the common case (one run found, one or two words
  /// changed) costs the caller no call beyond the search.
  ///
  /// - Precondition: `0 < count <= freeCount`.
  /// - Complexity: O(words holding a free node before the first run that
  ///   fits), plus O(words spanned + free runs taken) when none fits.
  @inlinable
  public mutating func allocate(_ count: Int32) -> NodeSet {
    precondition(count > 0 && count <= freeCount, "cannot allocate \(count) of \(freeCount) free nodes")
    storedFreeCount -= count
    guard namesNodes else { return NodeSet() }
    if usesRunList { return allocateFromRuns(count) }
    let total = Int(totalNodes)
    let (words, summary) = (wordCount, summaryCount)
    let lower = bits.withUnsafeMutableBufferPointer { buffer -> Int in
      let free = FreeMap(
        base: buffer.baseAddress.unsafelyUnwrapped, wordCount: words, summaryCount: summary)
      let lower = free.firstWindow(Int(count), from: 0, to: total)
      if lower >= 0 { free.clearRange(lower, lower &+ Int(count)) }
      return lower
    }
    guard lower >= 0 else { return takeLowest(count) }
    _checkInvariants()
    let first = Int32(truncatingIfNeeded: lower)
    return NodeSet(run: NodeRun(first, first &+ count &- 1))
  }

  /// No run is long enough: the lowest-numbered free nodes across runs.
  @usableFromInline @inline(never)
  mutating func takeLowest(_ count: Int32) -> NodeSet {
    let total = Int(totalNodes)
    let nodes = withMutableFreeMap { $0.takeLowest(Int(count), from: 0, to: total) }
    _checkInvariants()
    return nodes
  }

  /// Returns `nodes` to the pool.
  ///
  /// - Precondition: every node of `nodes` is currently allocated.
  /// - Complexity: O(runs in `nodes` + words they span)
  @inlinable
  public mutating func release(_ nodes: NodeSet) {
    precondition(namesNodes, "a pool that counts nodes takes them back with release(count:)")
    if usesRunList { return releaseToRuns(nodes) }
    guard nodes.tail == nil else { return releaseRuns(nodes) }
    let run = nodes.head
    guard run.lower <= run.upper else { return }  // the empty set
    precondition(
      run.lower >= 0 && run.upper < totalNodes, "released nodes \(run.lower)-\(run.upper) are outside the machine")
    let (words, summary) = (wordCount, summaryCount)
    bits.withUnsafeMutableBufferPointer { buffer in
      FreeMap(base: buffer.baseAddress.unsafelyUnwrapped, wordCount: words, summaryCount: summary)
        .setRange(Int(run.lower), Int(run.upper) &+ 1)
    }
    storedFreeCount += run.count
    _checkInvariants()
  }

  /// `release(_:)` for a set of several runs.
  @usableFromInline @inline(never)
  mutating func releaseRuns(_ nodes: NodeSet) {
    let total = totalNodes
    var released: Int32 = 0
    withMutableFreeMap { free in
      nodes.forEachRun { run in
        precondition(
          run.lower >= 0 && run.lower <= run.upper && run.upper < total,
          "released nodes \(run.lower)-\(run.upper) are outside the machine")
        free.setRange(Int(run.lower), Int(run.upper) &+ 1)
        released &+= run.count
      }
    }
    storedFreeCount += released
    _checkInvariants()
  }

  /// Calls `body` with the free map for reading.
  @inline(__always)
  func withFreeMap<R>(_ body: (FreeMap) -> R) -> R {
    let (words, summary) = (wordCount, summaryCount)
    return bits.withUnsafeBufferPointer { buffer in
      body(
        FreeMap(base: UnsafeMutablePointer(mutating: buffer.baseAddress!), wordCount: words, summaryCount: summary))
    }
  }

  /// Calls `body` with the free map for writing (one uniqueness check).
  @inline(__always)
  mutating func withMutableFreeMap<R>(_ body: (inout FreeMap) -> R) -> R {
    let (words, summary) = (wordCount, summaryCount)
    return bits.withUnsafeMutableBufferPointer { buffer in
      var free = FreeMap(base: buffer.baseAddress!, wordCount: words, summaryCount: summary)
      return body(&free)
    }
  }
}
