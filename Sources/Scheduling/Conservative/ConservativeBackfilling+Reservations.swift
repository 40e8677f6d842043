extension ConservativeBackfilling {
  /// A job whose reservation is now but whose nodes are held by a named
  /// reservation (the plan counts nodes, the gate checks which): it gives
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
