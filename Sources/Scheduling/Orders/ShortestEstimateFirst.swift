/// Shortest estimate first (SJF, `sjf`): the waiting job with the shortest
/// run-time estimate comes first; equal estimates in arrival order.
///
/// Keeps its sorted list between passes (see `KeyedQueueOrder`).
public struct ShortestEstimateFirst: QueueOrder {
  /// Keys are job attributes, fixed while the job waits.
  public var dependsOnTime: Bool { false }
  public var name: String { "sjf" }
  var sorted = KeyedQueueOrder()

  public init() {}

  /// - Complexity: O(n) for n waiting jobs plus O(log n) per new job.
  public mutating func order(_ view: SchedulerView, into indices: inout [Int]) {
    sorted.order(view, into: &indices) { $0.estimate }
  }
}
