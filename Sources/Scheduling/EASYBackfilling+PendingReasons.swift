import SimKernel

extension EASYBackfilling {
  /// The blocked head: the first job in order that did not fit.
  public func resourcesHead(group: Int) -> Int32 { headSlot }

  /// The blocked head's reservation: the shadow time. Other jobs hold none.
  public func plannedStart(slot: Int32) -> SimTime? {
    headBlocked && slot == headSlot ? SimTime(microseconds: shadowTime) : nil
  }

  public func queuePosition(of slot: Int32, in queue: WaitingQueue) -> Int? {
    ordersByArrival ? queue.arrivalPosition(of: slot) : queue.position(of: slot, inOrder: ordered)
  }
}
