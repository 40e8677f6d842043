extension ConservativeBackfilling {
  /// The first job in order that the last pass left waiting (with or
  /// without a reservation).
  public func resourcesHead(group: Int) -> Int32 { headSlot }

  public func queuePosition(of slot: Int32, in queue: WaitingQueue) -> Int? {
    order.isArrivalOrder ? queue.arrivalPosition(of: slot) : queue.position(of: slot, inOrder: ordered)
  }
}
