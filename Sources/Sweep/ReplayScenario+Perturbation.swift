import Reporting
import SimKernel
import Simulation
import Workload

extension ReplayScenario {
  /// Runs the replay with every job perturbed by `perturbation` (noise and
  /// load, see `JobPerturbation`); an identity perturbation is a plain
  /// `run()`. The report's options gain the perturbation's parameters.
  ///
  /// A trace whose submit times go backwards is sorted in memory first
  /// (stable), as `run()` does, and then perturbed. Outputs and provenance
  /// are as for `run()`; synthetic workloads are not perturbed.
  public func run(perturbation: JobPerturbation) throws -> ReplayReport {
    if perturbation.isIdentity || synthetic != nil { return try run() }
    var source = try TraceJobSource(
      path: tracePath, admission: JobAdmission(estimateSource: estimate), onBadRecord: onBadRecord)
    let machine = try resolveMachine(header: source.header)
    let admission = machine.admission(estimate: estimate, killAtWalltime: killAtWalltime)
    source.admission = admission
    let expected = Int(min(source.header.maxRecords ?? 0, 50_000_000))
    var report: ReplayReport
    let header = source.header
    var perturbed = ReadAheadJobSource(PerturbedJobSource(source, perturbation: perturbation), threaded: readsAhead)
    do {
      let outputs = ReplayOutputs(scenario: self, machine: machine, header: header, expectedJobs: expected)
      report = try replay(&perturbed, machine: machine, expectedJobs: expected, outputs: outputs)
      perturbed.withBase { perturbed in
        report.recordsRead = perturbed.base.recordsRead
        report.skipped = perturbed.base.skipCounts.map { ($0.reason.name, $0.count) }
      }
      report.options.append(contentsOf: perturbation.optionList)
      try outputs.finish(&report)
    } catch is ReplayError {
      var sorted = try TraceJobSource(path: tracePath, admission: admission, onBadRecord: onBadRecord)
      var jobs: [Job] = []
      while let job = try sorted.nextJob() { jobs.append(job) }
      var inMemory = ArrayJobSource(try perturbation.apply(to: stableSortedBySubmit(jobs)))
      let outputs = ReplayOutputs(scenario: self, machine: machine, header: sorted.header, expectedJobs: jobs.count)
      report = try replay(&inMemory, machine: machine, expectedJobs: jobs.count, outputs: outputs)
      report.recordsRead = sorted.recordsRead
      report.skipped = sorted.skipCounts.map { ($0.reason.name, $0.count) }
      report.options.append(("sorted_by_submit", "yes (trace not in submit order)"))
      report.options.append(contentsOf: perturbation.optionList)
      try outputs.finish(&report)
    }
    return report
  }
}

extension JobPerturbation {
  /// The perturbation's parameters for a report's options.
  var optionList: [(String, String)] {
    var options = [("load_factor", formatLoad(loadFactor))]
    if let jobLimit { options.append(("job_limit", String(jobLimit))) }
    if hasNoise {
      options += [
        ("arrival_noise", "\(arrivalNoise)"), ("runtime_noise", "\(runTimeNoise)"),
        ("estimate_noise", "\(estimateNoise)"), ("perturbation_seed", "\(seed)"),
      ]
    }
    return options
  }
}
