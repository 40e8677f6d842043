extension ConservativeBackfilling {
  /// A pass with a storage tier (`SchedulerView.storage`): the plan is of
  /// nodes only; space is checked where a job would start.
  ///
  /// - A job whose reservation comes due while its footprint does not fit
  ///   the free space (less the storage head's claim) is passed over,
  ///   pending `StorageCapacity`: it is not started and gives its
  ///   reservation back, as a start the named-node gate refuses does, so the
  ///   jobs after it in the walk may use its nodes. It gets a new
  ///   reservation at the next full walk (the next pass), and starts at the
  ///   first pass at which its reservation is due and its footprint fits.
  ///   While it waits for space it holds no reservation: the no-delay
  ///   promise does not cover waiting for space.
  /// - Between `bf_interval` multiples, a job that fits now but not the
  ///   space is passed over and keeps its reservation; the strict walk goes
  ///   on.
  /// - Jobs started in the pass take their footprints from the space in
  ///   decision order.
  ///
  /// The copy of the space lives in `storage` for the pass only (a copy kept
  /// beyond it would make the replay copy the footprints).
  mutating func scheduleWithStorage(_ view: SchedulerView, into decisions: inout [Decision]) {
    storage = view.storage
    schedule(view, into: &decisions)
    storage = StorageSpace()
  }

  /// A job whose reservation is now but whose footprint does not fit: it
  /// gives its reservation back (`refuseByGate`) and is passed over.
  mutating func passOverForStorage(slot: Int, plan: inout SlotPlan, nodes: Int32, into decisions: inout [Decision]) {
    refuseByGate(slot: slot, plan: &plan, nodes: nodes)
    storage.passOver(Int32(slot))
    decisions.append(.storageBlocked(slot: Int32(slot)))
  }
}
