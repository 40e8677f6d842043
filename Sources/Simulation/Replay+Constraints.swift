import Platform
import Scheduling
import Workload

extension Replay {
  /// Nodes for `job` from its partition's range.
  mutating func allocateConstrained(_ job: Job) -> NodeSet {
    guard let range = constraints!.nodeRange(of: job) else { return pool.allocate(job.nodes) }
    return pool.allocate(job.nodes, within: range)
  }
}
