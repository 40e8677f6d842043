/// Checks starts against reservations that name their nodes, node by node.
///
/// The machine is cut into *segments* at every named reservation's node
/// bounds and every node group's bounds, so each segment lies inside or
/// outside each reservation and each group. A job holding nodes over
/// `[from, to)` may use a segment only if no reservation covering it meets
/// that interval. The gate knows each segment's free nodes (refreshed from
/// the node pool before each pass) and, when it admits a job, takes its
/// nodes segment by segment: first from allowed segments that some
/// reservation covers later (so jobs that end in time use the reserved nodes
/// and leave the others to jobs that cannot), then from the rest, each in
/// node order. The simulation admits the same starts in the same order with
/// its own copy, and allocates exactly the nodes the gate took per segment.
///
/// Without named reservations the gate is inactive and admits everything:
/// counted windows are exact in the policies' count-based plans.
public struct ReservationGate: Sendable {
  /// One run of nodes inside or outside each reservation and group.
  public struct Segment: Sendable, Hashable {
    /// Its nodes.
    public var nodes: Range<Int32>
    /// Indices (in `windows`) of the reservations covering it.
    public var covering: [Int32]
    /// Free nodes in it now (this pass, after the starts admitted so far).
    public var free: Int32
  }

  /// The named reservations' windows (µs), indexed by `Segment.covering`.
  public private(set) var windows: [(start: Int64, end: Int64)] = []
  /// The segments, ascending by node; empty when inactive.
  public private(set) var segments: [Segment] = []
  /// Whether any reservation names its nodes.
  public private(set) var isActive = false
  /// The node range a policy's jobs are placed in (a node group), or nil
  /// for the whole machine; set by whoever lends the gate to a policy.
  public var scope: Range<Int32>?
  /// What the last admitted job took, per segment index.
  public private(set) var lastTakes: [(segment: Int, nodes: Int32)] = []

  /// An inactive gate.
  public init() {}

  /// A gate for the named reservations of `calendar` on a machine of
  /// `totalNodes` nodes cut into node groups at `groupBounds`.
  public init(calendar: ReservationCalendar, totalNodes: Int32, groupBounds: [Int32] = []) {
    let named = calendar.reservations.filter(\.namesNodes)
    guard !named.isEmpty else { return }
    isActive = true
    windows = named.map { ($0.start.microseconds, $0.end.microseconds) }
    var cuts = Set<Int32>([0, totalNodes])
    for bound in groupBounds where bound > 0 && bound < totalNodes { cuts.insert(bound) }
    for reservation in named {
      for range in reservation.nodes {
        cuts.insert(max(0, min(range.lowerBound, totalNodes)))
        cuts.insert(max(0, min(range.upperBound, totalNodes)))
      }
    }
    let sorted = cuts.sorted()
    for (lower, upper) in zip(sorted, sorted.dropFirst()) where lower < upper {
      var covering: [Int32] = []
      for (index, reservation) in named.enumerated()
      where reservation.nodes.contains(where: { $0.lowerBound <= lower && upper <= $0.upperBound }) {
        covering.append(Int32(index))
      }
      segments.append(Segment(nodes: lower..<upper, covering: covering, free: 0))
    }
  }

  /// Sets each segment's free nodes; `freeCount(range)` counts a range's.
  public mutating func refresh(freeCount: (Range<Int32>) -> Int32) {
    for index in segments.indices { segments[index].free = freeCount(segments[index].nodes) }
  }

  /// Whether a segment may hold nodes over `[from, to)`.
  @inline(__always)
  func allows(_ segment: Segment, from: Int64, to: Int64) -> Bool {
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

  /// Admits a job of `nodes` nodes holding them over `[from, to)` (µs) if
  /// enough free nodes in scope are allowed, and takes them (see the type's
  /// discussion); an inactive gate admits every job.
  ///
  /// - Complexity: O(segments x reservations covering each)
  public mutating func admit(_ nodes: Int32, from: Int64, to: Int64) -> Bool {
    guard isActive else { return true }
    var available: Int32 = 0
    for segment in segments where inScope(segment) && allows(segment, from: from, to: to) {
      available += segment.free
    }
    guard available >= nodes else { return false }
    lastTakes.removeAll(keepingCapacity: true)
    var rest = nodes
    for coveredFirst in [true, false] {
      for index in segments.indices where rest > 0 {
        let segment = segments[index]
        guard segment.covering.isEmpty != coveredFirst, segment.free > 0, inScope(segment),
          allows(segment, from: from, to: to)
        else { continue }
        let taken = min(segment.free, rest)
        segments[index].free -= taken
        rest -= taken
        lastTakes.append((index, taken))
      }
    }
    return true
  }
}
