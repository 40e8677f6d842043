import Platform
import SimKernel
import Workload

/// How a trace recorded elsewhere is retargeted onto the replay machine
/// (see `TraceRetargeting` for the order the steps apply in).
public struct RetargetOptions: Sendable, Hashable {
  /// Only jobs submitted in this window of the trace's own times.
  public var window: SubmitWindow?
  /// Peak GFLOPS per core of the machine the trace was recorded on.
  public var sourceGFLOPSPerCore: ExactRatio?
  /// Peak GFLOPS per core of the replay machine; default: from its config
  /// (see `targetGFLOPSPerCore(of:)`).
  public var targetGFLOPSPerCore: ExactRatio?
  /// Inter-arrival times are divided by this.
  public var loadFactor: ExactRatio?
  /// The first kept job is submitted at this time.
  public var rebaseStart: SimTime?

  public init() {}

  /// Whether any step is asked for.
  public var isEmpty: Bool {
    window == nil && sourceGFLOPSPerCore == nil && loadFactor == nil && rebaseStart == nil
  }
}

extension ReplayScenario {
  /// The target's peak GFLOPS per core: the CPU peak of one node of the
  /// default partition's node type divided by its CPU cores (the host cores
  /// Slurm counts, onto which trace processors are mapped); for a node type
  /// without CPUs, its whole peak over all its cores. A Tianhe-2 node
  /// (2 × Xeon E5-2692 v2, 211.2 GFLOPS and 12 cores each) gives
  /// 422.4 / 24 = 17.6; the Xeon Phi accelerators are not counted.
  public static func targetGFLOPSPerCore(of machine: Machine) -> (perCore: ExactRatio, basis: String) {
    let type = machine.nodeTypes[machine.defaultPartition.nodeType]
    let cpu = type.cpuCores > 0
    let megaflops = cpu ? type.cpuMegaflops : type.peakMegaflops
    let cores = cpu ? type.cpuCores : type.cores
    let ratio = ExactRatio(megaflops, Int64(cores) * 1_000)
    let what = cpu ? "CPU peak" : "peak"
    return (
      ratio,
      "\(what) of node type \(type.name): \(formatGFLOPS(megaflops)) GFLOPS / \(cores) cores"
    )
  }

  /// The retargeting this scenario asks for on `machine`.
  ///
  /// - Throws: `ScenarioError` when a speed factor is asked for with no
  ///   target speed (a trace's own machine and no `targetGFLOPSPerCore`).
  public func traceRetargeting(for machine: ResolvedMachine) throws -> TraceRetargeting {
    TraceRetargeting(
      window: retarget.window, runTimeScale: try runTimeScale(for: machine)?.factor,
      loadFactor: retarget.loadFactor, rebaseStart: retarget.rebaseStart)
  }

  /// The run-time factor source / target and how the target was found.
  func runTimeScale(for machine: ResolvedMachine) throws -> (factor: ExactRatio, target: ExactRatio, basis: String)? {
    guard let source = retarget.sourceGFLOPSPerCore else { return nil }
    let target: ExactRatio
    let basis: String
    if let given = retarget.targetGFLOPSPerCore {
      (target, basis) = (given, "given")
    } else if let config = machine.machine {
      (target, basis) = Self.targetGFLOPSPerCore(of: config)
    } else {
      throw ScenarioError(
        "--source-gflops-per-core needs a target speed: pass --machine CONFIG or --target-gflops-per-core G")
    }
    let (numerator, o1) = source.numerator.multipliedReportingOverflow(by: target.denominator)
    let (denominator, o2) = source.denominator.multipliedReportingOverflow(by: target.numerator)
    guard !o1 && !o2 else { throw ScenarioError("the run-time factor \(source) / \(target) is too large to keep exactly") }
    return (ExactRatio(numerator, denominator), target, basis)
  }

  /// The retargeting steps for the report's provenance (empty when none).
  func retargetOptionList(machine: ResolvedMachine) throws -> [(String, String)] {
    var options: [(String, String)] = []
    if let window = retarget.window { options.append(("retarget_window_seconds", window.description)) }
    if let scale = try runTimeScale(for: machine), let source = retarget.sourceGFLOPSPerCore {
      options.append(("retarget_source_gflops_per_core", formatRatio(source)))
      options.append(("retarget_target_gflops_per_core", "\(formatRatio(scale.target)) (\(scale.basis))"))
      let factor = scale.factor
      options.append(
        ("retarget_runtime_factor", factor.denominator == 1 ? "\(factor)" : "\(factor) = \(formatRatio(factor))"))
    }
    if let load = retarget.loadFactor { options.append(("retarget_load_factor", formatRatio(load))) }
    if let start = retarget.rebaseStart { options.append(("retarget_rebase_start_seconds", start.formatCompact())) }
    return options
  }
}

/// A ratio as a decimal with up to six places (`17.6`, `1.227273`).
func formatRatio(_ ratio: ExactRatio) -> String {
  let scaled = ExactRatio(ratio.numerator, ratio.denominator).scale(.seconds(1))  // × 10^6, rounded
  return scaled.formatCompact()
}

/// Megaflops as GFLOPS, exactly (`422400` is `422.4`).
func formatGFLOPS(_ megaflops: Int64) -> String {
  SimTime(microseconds: megaflops * 1_000).formatCompact()
}
