import Platform
import Workload

extension ResolvedMachine {
  /// Host memory of one node in KB against which jobs' requested memory is
  /// placed (`Machine.defaultNodeMemoryKB`); 0 on a trace's own machine,
  /// whose memory is unknown.
  public var nodeMemoryKB: Int64 { machine?.defaultNodeMemoryKB ?? 0 }

  /// How trace records become jobs on this machine: processors to nodes at
  /// `coresPerNode`, fewer per node when their requested memory needs it.
  public func admission(estimate: EstimateSource, killAtWalltime: Bool) -> JobAdmission {
    JobAdmission(
      estimateSource: estimate, coresPerNode: coresPerNode, killAtWalltime: killAtWalltime,
      nodeMemoryKB: nodeMemoryKB)
  }
}
