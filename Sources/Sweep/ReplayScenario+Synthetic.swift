import Platform
import Reporting
import SimKernel
import Workload

/// A synthetic workload generated while it replays, instead of a trace file:
/// the jobs stream from the model into the simulation, so ten million jobs
/// need neither a 1 GB file nor memory beyond the live jobs.
///
/// The jobs are those `hpcsim generate --model lublin` writes for the same
/// model, seed and stop criteria on the same machine.
public struct SyntheticWorkload: Sendable, Hashable {
  /// The workload models.
  public enum Model: String, Sendable, Hashable, CaseIterable {
    /// Lublin & Feitelson 2003 (`LublinGenerator`).
    case lublin
  }

  public var model: Model
  /// Stop after this many jobs, if set.
  public var jobs: Int?
  /// Stop at the first job submitted after this, if set.
  public var duration: SimTime?
  public var seed: UInt64
  /// Arrival-rate multiplier (`LublinModel.loadScale`).
  public var loadScale: Double
  /// How requested times are made (`LublinModel.estimateModel`).
  public var estimates: LublinModel.EstimateModel

  /// A workload of `model`; at least one of `jobs` and `duration` must be set.
  public init(
    model: Model = .lublin, jobs: Int? = nil, duration: SimTime? = nil, seed: UInt64 = 1,
    loadScale: Double = 1, estimates: LublinModel.EstimateModel = .tsafrir
  ) {
    self.model = model
    self.jobs = jobs
    self.duration = duration
    self.seed = seed
    self.loadScale = loadScale
    self.estimates = estimates
  }

  /// What reports print in place of a trace path, e.g.
  /// `lublin(jobs=1000000, seed=1, load_scale=1.0)`.
  public var label: String {
    var parts: [String] = []
    if let jobs { parts.append("jobs=\(jobs)") }
    if let duration { parts.append("duration=\(duration.formatCompact())s") }
    parts += ["seed=\(seed)", "load_scale=\(loadScale)"]
    if estimates != .tsafrir { parts.append("estimates=\(estimates)") }
    return "\(model.rawValue)(\(parts.joined(separator: ", ")))"
  }
}

extension ReplayScenario {
  /// The machine and the job stream of a synthetic workload. The model is
  /// sized for the machine: `--machine` gives its nodes and Slurm CPUs per
  /// node; `--procs N` gives N one-processor nodes (or N / `coresPerNode`).
  func syntheticSource(_ workload: SyntheticWorkload) throws -> (LublinJobSource, ResolvedMachine) {
    guard machinePath != nil || processors != nil else {
      throw ScenarioError("a synthetic workload needs a machine: pass --machine FILE or --procs N")
    }
    var header = SWFHeader()
    header.maxProcs = processors.map(Int64.init)
    let machine = try resolveMachine(header: header)
    var model = LublinModel(nodes: Int(machine.nodes))
    model.coresPerNode = Int(machine.coresPerNode)
    model.loadScale = workload.loadScale
    model.estimateModel = workload.estimates
    let generator = try LublinGenerator(
      model: model, seed: workload.seed, jobs: workload.jobs, duration: workload.duration)
    let admission = JobAdmission(
      estimateSource: estimate, coresPerNode: machine.coresPerNode, killAtWalltime: killAtWalltime)
    return (LublinJobSource(generator: generator, admission: admission), machine)
  }

  /// Replays a synthetic workload as it is generated (see `SyntheticWorkload`).
  func run(synthetic workload: SyntheticWorkload) throws -> ReplayReport {
    let (generated, machine) = try syntheticSource(workload)
    var source = ReadAheadJobSource(generated, threaded: readsAhead)
    // Per-job metrics are kept for exact percentiles: reserve them once.
    let expected = min(workload.jobs ?? 0, 50_000_000)
    // Only the progress display and the jobs CSV's sidecar: file outputs
    // that need a trace were refused by `ReplayOutputs.checkSupported`.
    let outputs = ReplayOutputs(scenario: self, machine: machine, header: SWFHeader(), expectedJobs: expected)
    var report = try replay(&source, machine: machine, expectedJobs: expected, outputs: outputs)
    source.withBase { source in
      report.recordsRead = source.recordsRead
      report.skipped = source.skipCounts.map { ($0.reason.name, $0.count) }
    }
    report.options.append(("workload", workload.label))
    try outputs.finish(&report)
    return report
  }

  /// Generates and admits every job of a synthetic workload without
  /// simulating (the floor of its replay).
  func parseOnly(synthetic workload: SyntheticWorkload) throws -> (records: Int, jobs: Int) {
    var (source, _) = try syntheticSource(workload)
    var jobs = 0
    var checksum: Int64 = 0
    while let job = source.nextJob() {
      jobs += 1
      checksum &+= job.runTime.microseconds
    }
    if checksum == Int64.min { jobs += 1 }
    return (source.recordsRead, jobs)
  }
}
