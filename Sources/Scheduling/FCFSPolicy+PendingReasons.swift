extension FCFSPolicy {
  /// The blocked head: the first job in order that did not fit.
  public func resourcesHead(group: Int) -> Int32 { headSlot }

  public func queuePosition(of slot: Int32, in queue: WaitingQueue) -> Int? {
    ordersByArrival ? queue.arrivalPosition(of: slot) : queue.position(of: slot, inOrder: ordered)
  }
}
