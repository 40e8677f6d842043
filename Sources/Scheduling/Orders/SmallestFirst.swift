/// Smallest first (`smallest`): the waiting job needing the fewest nodes
/// comes first; equal sizes in arrival order.
///
/// Keeps its sorted list between passes (see `KeyedQueueOrder`).
public struct SmallestFirst: QueueOrder {
  /// Keys are job attributes, fixed while the job waits.
  public var dependsOnTime: Bool { false }
  public var name: String { "smallest" }
  var sorted = KeyedQueueOrder()

  public init() {}

  /// - Complexity: O(n) for n waiting jobs plus O(log n) per new job.
  public mutating func order(_ view: SchedulerView, into indices: inout [Int]) {
    sorted.order(view, into: &indices) { Int64($0.nodes) }
  }
}
