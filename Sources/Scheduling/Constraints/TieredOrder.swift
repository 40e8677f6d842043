import SimKernel
import Workload

/// A queue order with Slurm's partition `PriorityTier` in front: jobs of a
/// higher-tier partition come first, and within a tier the wrapped order
/// decides (ties keep its order). Used for node groups holding partitions
/// of several tiers.
public struct TieredOrder: QueueOrder {
  public var inner: any QueueOrder
  let layout: PartitionLayout
  var scratch: [Int] = []
  var tiers: [UInt32] = []

  public init(_ inner: any QueueOrder, layout: PartitionLayout) {
    self.inner = inner
    self.layout = layout
  }

  public var name: String { inner.isArrivalOrder ? "tier" : "tier/\(inner.name)" }

  /// Tiers are fixed per partition: time matters only through the inner order.
  public var dependsOnTime: Bool { inner.dependsOnTime }

  /// - Complexity: the wrapped order's, plus O(n log n) for n waiting jobs.
  public mutating func order(_ view: SchedulerView, into indices: inout [Int]) {
    scratch.removeAll(keepingCapacity: true)
    inner.order(view, into: &scratch)
    tiers.removeAll(keepingCapacity: true)
    for index in scratch {
      let job = view.jobs[Int(view.queue[index].slot)]
      tiers.append(layout.partitions[layout.partitionIndex(of: job)].priorityTier)
    }
    let positions = scratch.indices.sorted { tiers[$0] != tiers[$1] ? tiers[$0] > tiers[$1] : $0 < $1 }
    for position in positions { indices.append(scratch[position]) }
  }

  public mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {
    inner.jobStarted(job, slot: slot, at: time)
  }

  public mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    inner.jobEnded(job, slot: slot, startedAt: start, at: time)
  }
}
