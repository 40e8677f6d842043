/// One pass of a policy that does not keep a plan of its own (FCFS, EASY)
/// while advance reservations are pending: a plan built for the present
/// (`ReservationCalendar.plan`) and the policy's copy of the gate.
struct ReservationPass {
  var plan: AvailabilityProfile
  var gate: ReservationGate
  let now: Int64

  init(_ view: SchedulerView) {
    plan = view.reservations.plan(for: view, scope: view.gate.scope)
    gate = view.gate
    now = view.now.microseconds
  }

  /// Takes the job's nodes from now for its whole estimate if they are
  /// free around the windows and the gate admits it; returns whether it did.
  ///
  /// - Complexity: O(steps the estimate covers), plus the gate's check.
  mutating func startIfFits(_ entry: QueueEntry) -> Bool {
    guard plan.fitsNow(need: entry.nodes, duration: entry.estimate),
      gate.admit(entry.nodes, from: now, to: now &+ entry.estimate)
    else { return false }
    plan.occupy(entry.nodes, from: now, to: now &+ max(entry.estimate, 1))
    return true
  }
}
