import Reporting
import Simulation
import Workload

extension ReplayScenario {
  /// Replays the trace with `tracer` watching every pass and every job
  /// event: for audits of the pending reasons (tests) and tools that need
  /// more than `explainJobID`. Writes the jobs CSV if asked, no other output;
  /// no retargeting and no synthetic workload; the trace must be in submit
  /// order.
  ///
  /// - Throws: as `run()`, and `ReplayError.unsortedSubmitTimes`.
  public func run(tracingWith tracer: any PassTracer & ReplayObserver) throws -> ReplayReport {
    var source = try TraceJobSource(
      path: tracePath, admission: JobAdmission(estimateSource: estimate), onBadRecord: onBadRecord)
    let machine = try resolveMachine(header: source.header)
    source.admission = machine.admission(estimate: estimate, killAtWalltime: killAtWalltime)
    return try replay(&source, machine: machine, expectedJobs: 0, tracer: tracer)
  }
}
