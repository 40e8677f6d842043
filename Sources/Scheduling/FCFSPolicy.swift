/// First come, first served, without backfilling: jobs start strictly in
/// arrival order; the first job that does not fit blocks every job behind it.
public struct FCFSPolicy: SchedulingPolicy {
  public var name: String { "fcfs" }
  /// Whether the queue head did not fit at the end of the last pass.
  var headBlocked = false

  public init() {}

  public mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    // With no nodes freed, a blocked head stays blocked and so does everyone behind it.
    if headBlocked && !view.resourcesFreed { return }
    var free = view.freeNodes
    let queue = view.queue
    var index = queue.head
    headBlocked = false
    while index < queue.endIndex {
      let entry = queue[index]
      if entry.isLive {
        let need = entry.nodes
        if need > free {
          headBlocked = true
          return
        }
        free -= need
        decisions.append(.start(queueIndex: index))
      }
      index += 1
    }
  }
}
