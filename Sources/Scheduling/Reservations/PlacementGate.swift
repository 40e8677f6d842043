/// Checks starts node by node where counting nodes is not enough: against
/// reservations that name their nodes, and against node types when jobs
/// request accelerators on a machine whose node types differ.
///
/// The machine is cut into *segments* at every named reservation's node
/// bounds, every node group's bounds and every node type's bounds, so each
/// segment lies inside or outside each reservation and group and has one
/// accelerator count per node. A job holding nodes over `[from, to)` may use
/// a segment only if no reservation covering it meets that interval and its
/// nodes have the accelerators the job asks for. The gate knows each
/// segment's free nodes (refreshed from the node pool before each pass) and,
/// when it admits a job, takes its nodes segment by segment in a fixed
/// preference: first segments some reservation covers later (so jobs that
/// end in time use the reserved nodes and leave the others to jobs that
/// cannot), then the fewest accelerators per node (CPU-only jobs keep off
/// accelerator nodes while others are free), then node order. The
/// simulation admits the same starts in the same order with its own copy,
/// and allocates exactly the nodes the gate took per segment.
///
/// Without named reservations or accelerator requests the gate is inactive
/// and admits everything: counted windows are exact in the policies'
/// count-based plans.
public struct PlacementGate: Sendable {
  /// One run of nodes inside or outside each reservation and group.
  public struct Segment: Sendable, Hashable {
    /// Its nodes.
    public var nodes: Range<Int32>
    /// Indices (in `windows`) of the reservations covering it.
    public var covering: [Int32]
    /// Accelerators on each of its nodes.
    public var accelerators: Int16
    /// Free nodes in it now (this pass, after the starts admitted so far).
    public var free: Int32
  }

  /// The named reservations' windows (µs), indexed by `Segment.covering`.
  public private(set) var windows: [(start: Int64, end: Int64)] = []
  /// The segments, ascending by node; empty when inactive.
  public private(set) var segments: [Segment] = []
  /// Segment indices in the order nodes are taken from them.
  var preference: [Int] = []
  /// Whether starts need checking node by node.
  public private(set) var isActive = false
  /// The node range a policy's jobs are placed in (a node group), or nil
  /// for the whole machine; set by whoever lends the gate to a policy.
  public var scope: Range<Int32>?
  /// What the last admitted job took, per segment index.
  public private(set) var lastTakes: [(segment: Int, nodes: Int32)] = []

  /// An inactive gate.
  public init() {}

  /// A gate for the named reservations of `calendar` and, when
  /// `checksAccelerators`, for the accelerators of `nodeTypes` (node ranges
  /// with accelerators per node), on a machine of `totalNodes` nodes cut
  /// into node groups at `groupBounds`.
  public init(
    calendar: ReservationCalendar, totalNodes: Int32, groupBounds: [Int32] = [],
    nodeTypes: [(nodes: Range<Int32>, accelerators: Int16)] = [], checksAccelerators: Bool = false
  ) {
    let named = calendar.reservations.filter(\.namesNodes)
    let typed = checksAccelerators && Set(nodeTypes.map(\.accelerators)).count > 1
    guard !named.isEmpty || typed else { return }
    isActive = true
    windows = named.map { ($0.start.microseconds, $0.end.microseconds) }
    var cuts = Set<Int32>([0, totalNodes])
    for bound in groupBounds where bound > 0 && bound < totalNodes { cuts.insert(bound) }
    let ranges = named.flatMap(\.nodes) + (typed ? nodeTypes.map(\.nodes) : [])
    for range in ranges {
      cuts.insert(max(0, min(range.lowerBound, totalNodes)))
      cuts.insert(max(0, min(range.upperBound, totalNodes)))
    }
    let sorted = cuts.sorted()
    for (lower, upper) in zip(sorted, sorted.dropFirst()) where lower < upper {
      var covering: [Int32] = []
      for (index, reservation) in named.enumerated()
      where reservation.nodes.contains(where: { $0.lowerBound <= lower && upper <= $0.upperBound }) {
        covering.append(Int32(index))
      }
      let accelerators = typed ? nodeTypes.first { $0.nodes.contains(lower) }?.accelerators ?? 0 : 0
      segments.append(Segment(nodes: lower..<upper, covering: covering, accelerators: accelerators, free: 0))
    }
    preference = segments.indices.sorted {
      let (a, b) = (segments[$0], segments[$1])
      if a.covering.isEmpty != b.covering.isEmpty { return !a.covering.isEmpty }
      if a.accelerators != b.accelerators { return a.accelerators < b.accelerators }
      return $0 < $1
    }
  }

  /// Sets each segment's free nodes; `freeCount(range)` counts a range's.
  public mutating func refresh(freeCount: (Range<Int32>) -> Int32) {
    for index in segments.indices { segments[index].free = freeCount(segments[index].nodes) }
  }

  /// Whether a segment may hold a job's nodes over `[from, to)`.
  @inline(__always)
  func allows(_ segment: Segment, from: Int64, to: Int64, accelerators: Int16) -> Bool {
    guard segment.accelerators >= accelerators else { return false }
    for window in segment.covering {
      let (start, end) = windows[Int(window)]
      if start < to && end > from && from < to { return false }
    }
    return true
  }

  @inline(__always)
  func inScope(_ segment: Segment) -> Bool {
    guard let scope else { return true }
    return scope.lowerBound <= segment.nodes.lowerBound && segment.nodes.upperBound <= scope.upperBound
  }

  /// Admits a job of `nodes` nodes with `accelerators` per node, holding
  /// them over `[from, to)` (µs), if enough free nodes in scope are allowed,
  /// and takes them (see the type's discussion); an inactive gate admits
  /// every job.
  ///
  /// - Complexity: O(segments x reservations covering each)
  public mutating func admit(_ nodes: Int32, from: Int64, to: Int64, accelerators: Int16 = 0) -> Bool {
    guard isActive else { return true }
    var available: Int32 = 0
    for segment in segments where inScope(segment) && allows(segment, from: from, to: to, accelerators: accelerators) {
      available += segment.free
    }
    guard available >= nodes else { return false }
    lastTakes.removeAll(keepingCapacity: true)
    var rest = nodes
    for index in preference where rest > 0 {
      let segment = segments[index]
      guard segment.free > 0, inScope(segment), allows(segment, from: from, to: to, accelerators: accelerators)
      else { continue }
      let taken = min(segment.free, rest)
      segments[index].free -= taken
      rest -= taken
      lastTakes.append((index, taken))
    }
    return true
  }
}
