import Workload

extension ConservativeBackfilling {
  /// Whether the gate admits the job's start now (named reservations,
  /// accelerators), taking its nodes in the gate's copy.
  mutating func admittedByGate(_ entry: QueueEntry, now: Int64) -> Bool {
    gate.admit(entry.nodes, from: now, to: now &+ entry.estimate, accelerators: gateJobs[Int(entry.slot)].accelerators)
  }

  /// A job whose reservation is now but whose nodes are held by a named
  /// reservation or lack its accelerators (the plan counts nodes, the gate
  /// checks which): it gives
  /// its reservation back and gets a new one at the next full walk, which
  /// the next event brings (an end frees nodes; a window's end frees its
  /// own). Its promise is lost: with named reservations, conservative
  /// backfilling's no-delay guarantee holds for counts only.
  mutating func refuseByGate(slot: Int, plan: inout SlotPlan, nodes: Int32) {
    profile.vacate(nodes, from: plan.start, to: plan.end)
    gains.record(end: plan.end)
    epoch &+= 1
    plan.start = .max
    plan.notBefore = .min
    plans[slot] = plan
    everyJobReserved = false
  }
}
