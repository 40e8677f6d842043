import Workload

/// One pass of a policy that does not keep a plan of its own (FCFS, EASY)
/// while advance reservations are pending: a plan built for the present
/// (`ReservationCalendar.plan`) and the policy's copy of the gate.
struct ReservationPass {
  var plan: AvailabilityProfile
  var gate: PlacementGate
  let now: Int64
  /// The live jobs, for their accelerator requests.
  let jobs: [Job]

  init(_ view: SchedulerView) {
    plan = view.reservations.plan(for: view, scope: view.gate.scope)
    gate = view.gate
    now = view.now.microseconds
    jobs = view.jobs
  }

  /// The head's reservation: the earliest slot of the plan; but when the
  /// job fits now by count and the gate refused it (its nodes are taken by
  /// type or by a named reservation), the earliest slot after the next
  /// planned end, where the nodes in use change.
  ///
  /// - Complexity: O(steps) for the plain search; O(steps²) after a refusal.
  mutating func reserveHead(_ entry: QueueEntry, grain: PlanGrain) -> Int64 {
    var start = plan.earliestStart(need: entry.nodes, duration: entry.estimate, grain: grain, latest: .max)
    if start == now {
      for index in (plan.first + 1)..<plan.steps.count {
        let time = plan.steps[index].time
        if plan.leastFree(from: time, to: grain.end(start: time, duration: entry.estimate)) >= entry.nodes {
          start = time
          break
        }
      }
    }
    plan.occupy(entry.nodes, from: start, to: grain.end(start: start, duration: entry.estimate))
    return start
  }

  /// Takes the job's nodes from now for its whole estimate if they are
  /// free around the windows and the gate admits it; returns whether it did.
  ///
  /// - Complexity: O(steps the estimate covers), plus the gate's check.
  mutating func startIfFits(_ entry: QueueEntry) -> Bool {
    guard plan.fitsNow(need: entry.nodes, duration: entry.estimate),
      gate.admit(entry.nodes, from: now, to: now &+ entry.estimate, accelerators: jobs[Int(entry.slot)].accelerators)
    else { return false }
    plan.occupy(entry.nodes, from: now, to: now &+ max(entry.estimate, 1))
    return true
  }
}
