import Platform
import Scheduling
import Workload

extension Replay {
  /// Sets `job`'s accelerator request from `acceleratorRequests`; returns
  /// why it is rejected when too few nodes (of its partition) have that
  /// many accelerators for it ever to start.
  mutating func admitAccelerators(_ job: inout Job) -> RejectReason? {
    job.accelerators = acceleratorRequests[job.id] ?? 0
    guard job.accelerators > 0 else { return nil }
    var capable: Int32 = 0
    let scope = hasConstraints ? constraints!.nodeRange(of: job) : nil
    for type in nodeTypes where type.accelerators >= job.accelerators {
      let lower = max(type.nodes.lowerBound, scope?.lowerBound ?? 0)
      let upper = min(type.nodes.upperBound, scope?.upperBound ?? totalNodes)
      if lower < upper { capable += upper - lower }
    }
    return job.nodes > capable ? .acceleratorsUnavailable : nil
  }
}
