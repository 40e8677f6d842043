extension ConservativeBackfilling {
  /// The first job in order that the last pass left waiting (with or
  /// without a reservation).
  public func resourcesHead(group: Int) -> Int32 { headSlot }

  public func queuePosition(of slot: Int32, in queue: WaitingQueue) -> Int? {
    order.isArrivalOrder ? queue.arrivalPosition(of: slot) : queue.position(of: slot, inOrder: ordered)
  }

  /// After a planning pass: the slot of the first job in order that
  /// `decisions` (from index `first` on) do not start, or -1; a job passed
  /// over for storage space is pending `StorageCapacity`, not the head. A planning
  /// pass starts jobs in the order it visits them, so this walks the starts
  /// alongside the queue (arrival order) or `ordered`.
  ///
  /// - Complexity: O(jobs started + tombstones among them), not O(queue).
  func firstNotStarted(_ view: SchedulerView, decisions: [Decision], from first: Int) -> Int32 {
    let queue = view.queue
    var next = first
    if !order.isArrivalOrder {
      for index in ordered {
        guard next < decisions.count, decisions[next] == .start(queueIndex: index)
          || decisions[next] == .storageBlocked(slot: queue[index].slot)
        else { return queue[index].slot }
        next += 1
      }
      return -1
    }
    var index = queue.head
    while index < queue.endIndex {
      if queue[index].isLive {
        guard next < decisions.count, decisions[next] == .start(queueIndex: index)
          || decisions[next] == .storageBlocked(slot: queue[index].slot)
        else { return queue[index].slot }
        next += 1
      }
      index += 1
    }
    return -1
  }
}
