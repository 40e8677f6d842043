import Workload

extension ScheduleValidator {
  /// The jobs a trace admits, in file order, read exactly as a replay reads
  /// them: same estimate source, bad-record policy, node mapping and
  /// walltime enforcement (which makes a known requested time the estimate).
  ///
  /// - Parameters:
  ///   - machine: given the trace's header, the machine's node count and
  ///     trace processors per node (e.g. from `ReplayScenario.resolveMachine`).
  ///   - nodeMemoryKB: host memory per node for jobs' requested memory (0: unknown).
  /// - Returns: the jobs and the machine's node count.
  /// - Throws: `SWFError` for an unreadable trace, or whatever `machine` throws.
  /// - Complexity: O(trace size).
  public static func admittedJobs(
    tracePath: String, estimate: EstimateSource, onBadRecord: BadRecordPolicy,
    killAtWalltime: Bool = false, nodeMemoryKB: Int64 = 0,
    machine: (SWFHeader) throws -> (nodes: Int32, coresPerNode: Int32)
  ) throws -> (jobs: [Job], nodes: Int32) {
    var source = try TraceJobSource(
      path: tracePath, admission: JobAdmission(estimateSource: estimate), onBadRecord: onBadRecord)
    let resolved = try machine(source.header)
    source.admission = JobAdmission(
      estimateSource: estimate, coresPerNode: resolved.coresPerNode, killAtWalltime: killAtWalltime,
      nodeMemoryKB: nodeMemoryKB)
    var jobs: [Job] = []
    jobs.reserveCapacity(Int(min(source.header.maxRecords ?? 0, 50_000_000)))
    while let job = try source.nextJob() { jobs.append(job) }
    return (jobs, resolved.nodes)
  }
}
