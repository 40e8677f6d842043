import SimKernel

/// The advance reservations of a replay, as policies see them: every window
/// not yet over, sorted by start.
///
/// Policies plan around windows by count: over a window, `count` nodes are
/// taken out of the machine (a named-node window counts only its nodes in
/// the policy's scope, e.g. a partition). For counted windows and for
/// windows over every node of the scope, planning by count is exact. For
/// named nodes it is not (a job crossing the window must also avoid those
/// nodes *before* it), so every start is also checked node by node by the
/// view's `PlacementGate`.
public struct ReservationCalendar: Sendable, Hashable {
  /// The windows not yet over, ascending by (start, end, name).
  public private(set) var reservations: [AdvanceReservation]

  /// A calendar of `reservations` (any order).
  public init(_ reservations: [AdvanceReservation] = []) {
    self.reservations = reservations.sorted {
      ($0.start, $0.end, $0.name) < ($1.start, $1.end, $1.name)
    }
  }

  /// No window is left.
  @inlinable public var isEmpty: Bool { reservations.isEmpty }

  /// Forgets the windows over by `now`; returns whether any was.
  ///
  /// - Complexity: O(reservations)
  @discardableResult
  public mutating func forget(endingBy now: SimTime) -> Bool {
    let before = reservations.count
    reservations.removeAll { $0.end <= now }
    return reservations.count != before
  }

  /// Window ends, ascending and distinct: the instants where nodes come
  /// back to the machine.
  public var ends: [SimTime] {
    var ends = reservations.map(\.end)
    ends.sort()
    var distinct: [SimTime] = []
    for end in ends where distinct.last != end { distinct.append(end) }
    return distinct
  }
}

extension ReservationCalendar {
  /// Takes every window out of `profile` (which starts at the present):
  /// its nodes in `scope` over `[max(start, now), end)`, but never more than
  /// the plan has free there (overlapping windows hold the machine at most
  /// once; jobs that outlive their estimates into a window keep their nodes,
  /// and the window takes them when they end).
  ///
  /// - Complexity: O(windows x steps they cover)
  func occupy(in profile: inout AvailabilityProfile, scope: Range<Int32>?) {
    let now = profile.origin
    for reservation in reservations {
      let start = max(reservation.start.microseconds, now)
      let end = reservation.end.microseconds
      guard end > start else { continue }
      profile.occupy(upTo: reservation.count(in: scope), from: start, to: end)
    }
  }

  /// A plan for the present: running jobs' estimated ends (a job past its
  /// estimate is taken to end 1 µs from now) minus the windows.
  ///
  /// - Complexity: O(running + windows x steps)
  func plan(for view: SchedulerView, scope: Range<Int32>?) -> AvailabilityProfile {
    let now = view.now.microseconds
    var profile = AvailabilityProfile(totalNodes: view.totalNodes, origin: now)
    profile.reset(origin: now, free: view.freeNodes)
    view.running.forEach(while: { entry in
      profile.appendEnd(at: max(entry.estimatedEnd, now + 1), nodes: entry.nodes)
      return true
    })
    occupy(in: &profile, scope: scope)
    return profile
  }
}

extension AvailabilityProfile {
  /// The fewest free nodes over `[start, end)` (µs, at or after the present).
  ///
  /// - Complexity: O(log steps + steps in the interval)
  func leastFree(from start: Int64, to end: Int64) -> Int32 {
    var index = stepIndex(covering: max(start, origin))
    var least = steps[index].free
    index += 1
    while index < steps.count && steps[index].time < end {
      least = min(least, steps[index].free)
      index += 1
    }
    return least
  }

  /// Plans up to `nodes` busy over `[start, end)`: at each step, as many as
  /// are free there (a window overlapping another, or jobs running past
  /// their estimates into it, cannot take nodes that are not there).
  ///
  /// - Complexity: O(steps in the interval x the cost of `occupy`)
  mutating func occupy(upTo nodes: Int32, from start: Int64, to end: Int64) {
    var pieces: [(from: Int64, to: Int64, nodes: Int32)] = []
    var index = stepIndex(covering: max(start, origin))
    var from = max(start, origin)
    while from < end {
      let next = index + 1 < steps.count ? min(steps[index + 1].time, end) : end
      let taken = min(nodes, steps[index].free)
      if taken > 0 {
        if let last = pieces.last, last.to == from, last.nodes == taken {
          pieces[pieces.count - 1].to = next
        } else {
          pieces.append((from, next, taken))
        }
      }
      from = next
      index += 1
    }
    for piece in pieces { occupy(piece.nodes, from: piece.from, to: piece.to) }
  }

  /// Whether `need` nodes are free over `[origin, origin + duration)`
  /// (at least 1 µs).
  func fitsNow(need: Int32, duration: Int64) -> Bool {
    leastFree(from: origin, to: origin &+ max(duration, 1)) >= need
  }
}
