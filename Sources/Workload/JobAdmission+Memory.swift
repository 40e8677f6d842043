extension JobAdmission {
  /// Trace processors of a job that share one node when each asks for
  /// `requestedMemory` KB (SWF field 10, per processor): `coresPerNode`,
  /// or fewer when their memory would not fit in `nodeMemoryKB`, as Slurm
  /// places at most `RealMemory / mem-per-cpu` tasks on a node. 0 when one
  /// processor alone needs more than a node has (the job fits nowhere). A
  /// request of -1 (unknown) or 0 leaves `coresPerNode`.
  ///
  /// On Tianhe-2 (64 GB of host memory, 24 processors per node), a job
  /// asking 4 GB per processor gets 16 per node; 65 GB per processor, none.
  ///
  /// - Complexity: O(1).
  @inlinable
  public func processorsPerNode(requestedMemory: Int64) -> Int64 {
    guard nodeMemoryKB > 0, requestedMemory > 0 else { return Int64(coresPerNode) }
    return min(Int64(coresPerNode), nodeMemoryKB / requestedMemory)
  }
}
