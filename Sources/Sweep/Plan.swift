import Scheduling
import Workload

/// A sweep: a grid of replays (traces × policies × machines × options ×
/// replicas) read from a YAML plan (see docs/formats/sweep-plan.md).
///
/// The grid expands in a fixed order (see `scenarios`), so scenario ids and
/// results mean the same thing on every run, with any number of processes.
/// Relative paths in the plan (traces, machine configs, output) are resolved
/// against the plan file's directory; reports show them as written.
public struct SweepPlan: Sendable, Hashable {
  /// The plan's name (default: the file name without extension).
  public var name: String
  /// Trace paths, as written in the plan.
  public var traces: [String]
  public var policies: [PlanPolicy]
  public var machines: [PlanMachine]
  public var estimates: [EstimateSource]
  public var killAtWalltime: [Bool]
  /// Slurm's `OverTimeLimit` in minutes (with walltime kills).
  public var overTimeLimitMinutes: Int
  /// Arrival-rate multipliers (1 = as recorded).
  public var loads: [Double]
  /// Trace processors per node, for every machine; `nil` for the default.
  public var coresPerNode: Int?
  public var onBadRecord: BadRecordPolicy
  /// Runs per scenario; above 1 each run is perturbed (see `noise`).
  public var replicas: Int
  /// The seed every perturbation seed derives from.
  public var seed: UInt64
  /// The noise σs (all zero: no noise).
  public var noise: NoiseLevels
  /// Whether replica r of every scenario of one trace and load sees the same
  /// perturbed workload (common random numbers), instead of noise seeded by
  /// the scenario id.
  public var commonRandomNumbers: Bool
  /// Where results go (without extension), as written; `nil` if not given.
  public var output: String?
  /// The directory relative paths are resolved against; `""` for the
  /// current directory.
  public var baseDirectory: String

  /// A plan over `traces` with every other dimension at its default.
  public init(name: String, traces: [String], baseDirectory: String = "") {
    self.name = name
    self.traces = traces
    policies = [PlanPolicy(kind: .easy)]
    machines = [.trace(processors: nil)]
    estimates = [.requested]
    killAtWalltime = [false]
    overTimeLimitMinutes = 0
    loads = [1]
    coresPerNode = nil
    onBadRecord = .fail
    replicas = 1
    seed = 1
    noise = NoiseLevels()
    commonRandomNumbers = false
    output = nil
    self.baseDirectory = baseDirectory
  }

  /// `path` resolved against `baseDirectory` unless absolute.
  public func resolve(_ path: String) -> String {
    path.hasPrefix("/") || baseDirectory.isEmpty ? path : baseDirectory + "/" + path
  }
}

/// The σs of the log-normal noise that replicas apply (see `JobPerturbation`).
public struct NoiseLevels: Sendable, Hashable {
  public var arrival: Double = 0
  public var runTime: Double = 0
  public var estimate: Double = 0

  public init(arrival: Double = 0, runTime: Double = 0, estimate: Double = 0) {
    self.arrival = arrival
    self.runTime = runTime
    self.estimate = estimate
  }

  /// The noise replicas get when the plan has `replicas` above 1 and no
  /// `perturbation` mapping: 10 % on every time.
  public static let replicaDefault = NoiseLevels(arrival: 0.1, runTime: 0.1, estimate: 0.1)

  public var isZero: Bool { arrival == 0 && runTime == 0 && estimate == 0 }
}

/// A queue policy of a plan, by the name written there: a policy with an
/// optional queue order (`easy`, `easy/sjf`, `conservative/multifactor`),
/// or a Slurm policy configuration file (`*.yaml`/`*.yml` as for
/// `replay --policy-file`, `*.conf` as for `replay --slurm-conf`), whose
/// path is resolved like the plan's other paths and read when a run starts.
public struct PlanPolicy: Sendable, Hashable {
  /// The entry as written (`easy/sjf`, `policies/mf.yaml`).
  public var name: String
  public var kind: PolicyKind
  public var order: QueueOrderKind
  /// A policy configuration file, when the entry names one.
  public var file: PolicyFile?

  /// A policy configuration file of a plan.
  public enum PolicyFile: Sendable, Hashable {
    /// A YAML policy file (`PolicyConfig.load(policyFile:)`).
    case yaml(String)
    /// A `slurm.conf` (`PolicyConfig.importSlurmConf(path:)`).
    case slurmConf(String)
  }

  public init(kind: PolicyKind, order: QueueOrderKind = .submit) {
    self.name = order == .submit ? kind.rawValue : "\(kind.rawValue)/\(order.rawValue)"
    self.kind = kind
    self.order = order
  }

  /// The policy `name` denotes, or `nil` when it is neither `policy`,
  /// `policy/order` nor a policy file name.
  public init?(name: String) {
    if name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".conf") {
      self.name = name
      kind = .easy
      order = .submit
      file = name.hasSuffix(".conf") ? .slurmConf(name) : .yaml(name)
      return
    }
    let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard (1...2).contains(parts.count), let kind = PolicyKind(rawValue: parts[0]) else { return nil }
    let order = parts.count == 2 ? QueueOrderKind(rawValue: parts[1]) : .submit
    guard let order else { return nil }
    self.name = name
    self.kind = kind
    self.order = order
  }

  /// Every policy name a plan accepts.
  public static var knownNames: [String] { PolicyKind.allCases.map(\.rawValue) }

  /// Every queue order name a plan accepts after `policy/`.
  public static var knownOrders: [String] { QueueOrderKind.allCases.map(\.rawValue) }

  /// Relative cost of a replay under this policy, for dispatching the
  /// largest runs first: 1 for FCFS, 2 for EASY, 6 for conservative (and
  /// policy files, which usually select it), times 1.5 for an order other
  /// than arrival.
  public var costFactor: Double {
    if file != nil { return 6 }
    let base: Double =
      switch kind.rawValue {
      case "fcfs": 1
      case "easy": 2
      default: 6
      }
    return order == .submit ? base : base * 1.5
  }
}

/// A machine of a plan: the trace's own, or a config file.
public enum PlanMachine: Sendable, Hashable {
  /// The trace's own machine; `processors` overrides the header's MaxProcs.
  case trace(processors: Int?)
  /// A machine config file, as written in the plan.
  case config(path: String)

  /// As written in a plan: `trace`, `trace:512` or the path.
  public var label: String {
    switch self {
    case .trace(nil): "trace"
    case .trace(let processors?): "trace:\(processors)"
    case .config(let path): path
    }
  }
}
