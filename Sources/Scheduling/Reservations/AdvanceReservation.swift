import SimKernel

/// An advance reservation (Slurm's `scontrol create reservation`): nodes
/// held over a window of time, for maintenance (`Flags=MAINT`, usually every
/// node) or for someone's exclusive use. No job runs on a reservation's
/// nodes during its window: a job may use them only if its estimated end
/// comes no later than the window's start, or it starts at or after the
/// window's end.
///
/// Nodes are either named (`nodes`, node ranges of the replay machine:
/// `Nodes=` in Slurm) or only counted (`count` nodes, whichever are free at
/// the window's start: `NodeCnt=`).
public struct AdvanceReservation: Sendable, Hashable {
  /// `ReservationName`.
  public var name: String
  /// The window's start (simulated time, the trace's clock).
  public var start: SimTime
  /// The window's end (exclusive).
  public var end: SimTime
  /// Nodes held: the named nodes' count, or `NodeCnt`.
  public var count: Int32
  /// The named nodes, ascending and disjoint; empty when only counted.
  public var nodes: [Range<Int32>]
  /// `Flags=MAINT`: a maintenance window (reported as such; held the same way).
  public var isMaintenance: Bool

  /// A reservation of the named `nodes` (ascending, disjoint ranges).
  public init(name: String, start: SimTime, end: SimTime, nodes: [Range<Int32>], isMaintenance: Bool = false) {
    self.name = name
    self.start = start
    self.end = end
    self.nodes = nodes
    self.count = nodes.reduce(0) { $0 + Int32($1.count) }
    self.isMaintenance = isMaintenance
  }

  /// A reservation of `count` nodes, whichever are free at `start`.
  public init(name: String, start: SimTime, end: SimTime, count: Int32, isMaintenance: Bool = false) {
    self.name = name
    self.start = start
    self.end = end
    self.nodes = []
    self.count = count
    self.isMaintenance = isMaintenance
  }

  /// Whether the reservation names its nodes (`Nodes=`), rather than counting them.
  @inlinable public var namesNodes: Bool { !nodes.isEmpty }

  /// Whether a job holding nodes over `[from, to)` (µs) meets the window.
  /// A job of no duration meets nothing.
  @inlinable
  public func overlaps(from: Int64, to: Int64) -> Bool {
    start.microseconds < to && end.microseconds > from && from < to
  }

  /// How many of its nodes lie in `scope` (all of them when `scope` is nil).
  public func count(in scope: Range<Int32>?) -> Int32 {
    guard let scope else { return count }
    guard namesNodes else { return count }
    var total: Int32 = 0
    for range in nodes {
      let lower = max(range.lowerBound, scope.lowerBound)
      let upper = min(range.upperBound, scope.upperBound)
      if lower < upper { total += upper - lower }
    }
    return total
  }
}
