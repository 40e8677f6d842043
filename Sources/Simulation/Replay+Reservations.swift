import Platform
import Scheduling
import SimKernel
import Workload

extension Replay {
  /// Event class of advance reservation ends: after wake-ups, before the pass.
  public static let reservationEndClass: UInt8 = 3
  /// The payload of a reservation end.
  static let reservationEndPayload: Int32 = -2

  /// The advance reservations the policy must respect (see
  /// `AdvanceReservation`); set before `run`. Windows are forgotten as they
  /// end, and each end is a pass at which the window's nodes come back.
  public var reservations: ReservationCalendar {
    get { view.reservations }
    set {
      view.reservations = newValue
      hasReservations = !newValue.isEmpty
      // Planning around windows reads the running jobs' estimated ends.
      if hasReservations { keepsRunningSet = true }
    }
  }

  /// Schedules every window's end and builds the gate for named nodes and
  /// accelerators.
  mutating func preparePlacement() {
    for end in view.reservations.ends {
      events.schedule(Self.reservationEndPayload, at: end, eventClass: Self.reservationEndClass)
    }
    rebuildGate()
  }

  mutating func rebuildGate() {
    let bounds = constraints?.layout.map { layout in layout.groups.flatMap { [$0.lowerBound, $0.upperBound] } } ?? []
    view.gate = PlacementGate(
      calendar: view.reservations, totalNodes: totalNodes, groupBounds: bounds, nodeTypes: nodeTypes,
      checksAccelerators: hasAcceleratorRequests)
    hasGate = view.gate.isActive
    // Planning around the gate reads the running jobs' estimated ends.
    if hasGate { keepsRunningSet = true }
  }

  /// Handles the windows ending at `now`; returns whether any did.
  mutating func endReservations(at now: SimTime) -> Bool {
    var ended = false
    while events.popIfDue(at: now, eventClass: Self.reservationEndClass) != nil { ended = true }
    guard ended else { return false }
    view.reservations.forget(endingBy: now)
    hasReservations = !view.reservations.isEmpty
    rebuildGate()
    return true
  }

  /// Nodes for `job` starting at `now` while the gate is active: the nodes
  /// it takes, segment by segment, as the policy's own copy of it did.
  mutating func allocateThroughGate(_ job: Job, at now: SimTime) -> NodeSet {
    view.gate.scope = hasConstraints ? constraints!.nodeRange(of: job) : nil
    let admitted = view.gate.admit(
      job.nodes, from: now.microseconds, to: now.microseconds &+ job.estimate.microseconds,
      accelerators: job.accelerators)
    precondition(admitted, "the policy started job \(job.id) on nodes held by a reservation or lacking accelerators")
    var runs: [NodeRun] = []
    for take in view.gate.lastTakes {
      pool.allocate(take.nodes, within: view.gate.segments[take.segment].nodes).forEachRun { runs.append($0) }
    }
    runs.sort { $0.lower < $1.lower }
    var merged: [NodeRun] = []
    for run in runs {
      if let last = merged.last, last.upper + 1 == run.lower {
        merged[merged.count - 1].upper = run.upper
      } else {
        merged.append(run)
      }
    }
    return NodeSet(canonicalRuns: merged)
  }
}
