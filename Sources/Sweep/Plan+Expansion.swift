import Reporting
import Scheduling
import SimKernel
import Workload

#if canImport(Glibc)
  import Glibc
#endif

/// One point of a plan's grid: a replay, run `replicas` times.
public struct SweepScenario: Sendable, Hashable {
  /// The position in expansion order, from 0.
  public var id: Int
  /// The position of the trace in the plan's `traces`.
  public var traceIndex: Int
  /// The trace path as written in the plan.
  public var trace: String
  public var policy: PlanPolicy
  public var machine: PlanMachine
  public var estimate: EstimateSource
  public var killAtWalltime: Bool
  /// The position of the load in the plan's `load`.
  public var loadIndex: Int
  public var load: Double

  /// The scenario's coordinates for results, in a fixed order.
  public var parameters: [(String, JSONValue)] {
    [
      ("trace", .string(trace)), ("policy", .string(policy.name)), ("machine", .string(machine.label)),
      ("estimate", .string(estimate.rawValue)), ("kill_at_walltime", .bool(killAtWalltime)),
      ("load", .string(formatLoad(load))),
    ]
  }
}

/// A load factor as written: `1`, `1.25`.
func formatLoad(_ value: Double) -> String {
  value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
}

/// One run: a scenario and a replica. Runs are numbered
/// `scenario × replicas + replica`.
public struct SweepRun: Sendable, Hashable {
  public var index: Int
  public var scenario: SweepScenario
  public var replica: Int
}

extension SweepPlan {
  /// Scenarios in the grid: traces × policies × machines × estimates ×
  /// kill_at_walltime × loads.
  public var scenarioCount: Int {
    [traces.count, policies.count, machines.count, estimates.count, killAtWalltime.count, loads.count]
      .reduce(1, *)
  }

  /// Runs in the plan: scenarios × replicas.
  public var runCount: Int { scenarioCount * replicas }

  /// Every scenario, in expansion order: the trace varies slowest, then the
  /// policy, machine, estimate, kill_at_walltime and load (fastest); each
  /// follows its order in the plan.
  ///
  /// - Complexity: O(scenarios).
  public var scenarios: [SweepScenario] {
    var out: [SweepScenario] = []
    out.reserveCapacity(scenarioCount)
    for (traceIndex, trace) in traces.enumerated() {
      for policy in policies {
        for machine in machines {
          for estimate in estimates {
            for kill in killAtWalltime {
              for (loadIndex, load) in loads.enumerated() {
                out.append(SweepScenario(
                  id: out.count, traceIndex: traceIndex, trace: trace, policy: policy, machine: machine,
                  estimate: estimate, killAtWalltime: kill, loadIndex: loadIndex, load: load))
              }
            }
          }
        }
      }
    }
    return out
  }

  /// Every run, in order: scenario by scenario, replicas innermost.
  public var runs: [SweepRun] {
    scenarios.flatMap { scenario in
      (0..<replicas).map { SweepRun(index: scenario.id * replicas + $0, scenario: scenario, replica: $0) }
    }
  }

  /// The replay a scenario describes, with paths resolved. A policy file
  /// is read here; its `OverTimeLimit` applies when the plan sets no
  /// `over_time_limit`, as with `replay --policy-file`.
  ///
  /// - Throws: `PolicyConfigError` for a policy file that cannot be used.
  public func replayScenario(for scenario: SweepScenario) throws -> ReplayScenario {
    var replay = ReplayScenario(
      tracePath: resolve(scenario.trace), policy: scenario.policy.kind, estimate: scenario.estimate,
      onBadRecord: onBadRecord)
    switch scenario.machine {
    case .trace(let processors): replay.processors = processors
    case .config(let path): replay.machinePath = resolve(path)
    }
    replay.coresPerNode = coresPerNode
    replay.order = scenario.policy.order
    replay.killAtWalltime = scenario.killAtWalltime
    replay.overTimeLimit = .seconds(Int64(scenario.killAtWalltime ? overTimeLimitMinutes : 0) * 60)
    if let file = scenario.policy.file {
      let config: PolicyConfig
      switch file {
      case .yaml(let path): config = try PolicyConfig.load(policyFile: resolve(path))
      case .slurmConf(let path): config = try PolicyConfig.importSlurmConf(path: resolve(path))
      }
      switch config.overTimeLimit {
      case .minutes(let minutes) where overTimeLimitMinutes == 0 && scenario.killAtWalltime:
        replay.overTimeLimit = .seconds(Int64(minutes) * 60)
      case .unlimited:
        replay.killAtWalltime = false
      default:
        break
      }
      replay.policyConfig = config
    }
    return replay
  }

  /// The perturbation of `run`: its load factor, and noise when the plan
  /// has any. The seed mixes (plan seed, scenario id, replica), or (plan
  /// seed, trace, load, replica) with common random numbers.
  public func perturbation(for run: SweepRun) -> JobPerturbation {
    let scenario = run.scenario
    let key: [Int] =
      commonRandomNumbers
      ? [1, scenario.traceIndex, scenario.loadIndex, run.replica] : [0, scenario.id, run.replica]
    return JobPerturbation(
      arrivalNoise: noise.arrival, runTimeNoise: noise.runTime, estimateNoise: noise.estimate,
      loadFactor: scenario.load, seed: Self.mixSeed(seed, key), estimateSource: scenario.estimate,
      killAtWalltime: scenario.killAtWalltime)
  }

  /// A 64-bit seed from `seed` and `values`: each value is added to the
  /// SplitMix64 state and mixed in, so nearby keys give unrelated seeds.
  public static func mixSeed(_ seed: UInt64, _ values: [Int]) -> UInt64 {
    var mixer = SplitMix64(state: seed)
    var out = mixer.next()
    for value in values {
      mixer.state ^= UInt64(bitPattern: Int64(value)) &* 0xd1b5_4a32_d192_ed03
      out = mixer.next()
    }
    return out
  }

  /// An estimate of a scenario's relative cost, for dispatching large runs
  /// first: the trace's size on disk (times 6 for gzip, its usual ratio)
  /// times the policy's cost factor. A missing trace costs 0 (it fails fast).
  public func cost(of scenario: SweepScenario, fileSizes: inout [Int: Double]) -> Double {
    if fileSizes[scenario.traceIndex] == nil {
      let path = resolve(scenario.trace)
      var info = stat()
      let size = stat(path, &info) == 0 ? Double(info.st_size) : 0
      fileSizes[scenario.traceIndex] = path.hasSuffix(".gz") ? size * 6 : size
    }
    return (fileSizes[scenario.traceIndex] ?? 0) * scenario.policy.costFactor
  }

  /// `runs` reordered largest first by `cost(of:)` (ties in run order), the
  /// order a dispatcher hands them out in, so the last run is a small one.
  public func dispatchOrder(_ runs: [SweepRun]) -> [SweepRun] {
    var sizes: [Int: Double] = [:]
    let costs = runs.map { cost(of: $0.scenario, fileSizes: &sizes) }
    return runs.indices.sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : runs[$0].index < runs[$1].index }
      .map { runs[$0] }
  }
}
