import Reporting
import Scheduling
import Workload

/// What `hpcsim tune` minimises, per trace (then averaged over traces).
public enum TuneObjective: Sendable, Hashable, CustomStringConvertible {
  /// Mean bounded slowdown (τ = 10 s).
  case boundedSlowdown
  /// 95th percentile of the wait, in seconds.
  case waitP95
  /// `a × mean bounded slowdown + b × p95 wait in hours`.
  case mix(boundedSlowdownWeight: Double, waitHoursWeight: Double)

  /// Parses `bsld`, `wait-p95` or `mix:A,B` (A, B ≥ 0, not both 0).
  public init?(parsing text: String) {
    switch text {
    case "bsld": self = .boundedSlowdown
    case "wait-p95": self = .waitP95
    default:
      guard text.hasPrefix("mix:") else { return nil }
      let parts = text.dropFirst(4).split(separator: ",", omittingEmptySubsequences: false)
      guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), a >= 0, b >= 0,
        a.isFinite, b.isFinite, a + b > 0
      else { return nil }
      self = .mix(boundedSlowdownWeight: a, waitHoursWeight: b)
    }
  }

  /// The value to minimise for one trace's results.
  public func score(boundedSlowdown: Double, waitP95Seconds: Double) -> Double {
    switch self {
    case .boundedSlowdown: boundedSlowdown
    case .waitP95: waitP95Seconds
    case .mix(let a, let b): a * boundedSlowdown + b * waitP95Seconds / 3600
    }
  }

  public var description: String {
    switch self {
    case .boundedSlowdown: "mean bounded slowdown"
    case .waitP95: "p95 wait (s)"
    case .mix(let a, let b): "\(a) x mean bounded slowdown + \(b) x p95 wait (h)"
    }
  }
}

/// A tuning problem for `hpcsim tune`: random search over multifactor
/// priority weights (and backfill knobs) with successive halving.
///
/// Candidate i is drawn from its own generator seeded by (`seed`, i), so
/// the candidates do not depend on how many there are or on the number of
/// processes. Rung r evaluates the survivors on the first
/// `minJobs × eta^r` jobs of every trace (the last rung on whole traces),
/// ranks them by objective (candidates breaking the fairness bound last,
/// ties by candidate number) and keeps the best `1/eta`. The last rung
/// replays the final survivor and the baseline (candidate 0) on whole
/// traces, and the better of them wins.
public struct TuneSpec: Sendable, Hashable {
  /// Traces, as given.
  public var traces: [String]
  public var machinePath: String?
  public var processors: Int?
  public var coresPerNode: Int?
  public var estimate = EstimateSource.requested
  public var onBadRecord = BadRecordPolicy.fail
  public var objective = TuneObjective.boundedSlowdown
  /// Candidates whose worst user's mean bounded slowdown exceeds this (on
  /// any trace) rank after every candidate that respects it.
  public var maxUserBoundedSlowdown: Double?
  public var candidates = 27
  public var eta = 3
  /// Jobs per trace in the first rung.
  public var minJobs = 2000
  public var seed: UInt64 = 1
  /// Whether EASY vs conservative and the `bf_*` knobs are searched too.
  public var tuneBackfill = true

  public init(traces: [String]) { self.traces = traces }

  /// Survivors per rung: `candidates`, then `ceil(previous / eta)` down to 1.
  public var rungSizes: [Int] {
    var sizes = [max(candidates, 1)]
    while let last = sizes.last, last > 1 { sizes.append((last + eta - 1) / eta) }
    return sizes
  }

  /// Jobs per trace in rung `rung`; `nil` (whole traces) in the last.
  public func budget(rung: Int) -> Int? {
    guard rung < rungSizes.count - 1 else { return nil }
    var jobs = minJobs
    for _ in 0..<rung { jobs = jobs.multipliedReportingOverflow(by: eta).overflow ? Int.max : jobs * eta }
    return jobs
  }

  /// Every candidate: 0 is `TuneCandidate.baseline`, the others random.
  public var candidateList: [TuneCandidate] {
    (0..<max(candidates, 1)).map { index in
      guard index > 0 else { return .baseline }
      var generator = SeededGenerator(seed: SweepPlan.mixSeed(seed, [2, index]))
      return TuneCandidate.random(using: &generator, backfill: tuneBackfill)
    }
  }

  /// The replay of `trace` under `candidate`.
  func scenario(trace: Int, candidate: TuneCandidate) throws -> ReplayScenario {
    var scenario = ReplayScenario(
      tracePath: traces[trace], machinePath: machinePath, processors: processors, coresPerNode: coresPerNode,
      estimate: estimate, onBadRecord: onBadRecord)
    scenario.policyConfig = try PolicyConfig.parse(policyYAML: candidate.policyYAML, path: "tune candidate")
    return scenario
  }

  /// Replays `trace` under `candidate` on `budget` jobs (`nil`: all) and
  /// returns, as `task`'s result, the metrics `[mean bounded slowdown, p95
  /// wait, worst user's mean bounded slowdown, jobs replayed]`.
  public func evaluate(task: Int, candidate: TuneCandidate, trace: Int, budget: Int?) -> RunResult {
    do {
      let report = try scenario(trace: trace, candidate: candidate)
        .run(perturbation: JobPerturbation(jobLimit: budget, estimateSource: estimate))
      let worstUser = report.breakdown?.byUser.map { $0.stats.meanBoundedSlowdown }.max() ?? 0
      let m = report.metrics
      return RunResult(
        run: task,
        outcome: .completed(
          report: .null, metrics: [m.boundedSlowdown.mean, m.wait.p95, worstUser, Double(m.jobsReplayed)]))
    } catch let error as CustomStringConvertible {
      return RunResult(run: task, outcome: .failed(message: error.description))
    } catch {
      return RunResult(run: task, outcome: .failed(message: String(describing: error)))
    }
  }

  /// The batch of rung `rung` over `survivors`: task `k` is candidate
  /// `survivors[k / traces]` on trace `k % traces`; handed out largest
  /// first (trace size × policy cost), ties by task number.
  public func batch(rung: Int, survivors: [Int]) -> TaskBatch {
    let all = candidateList
    let budget = budget(rung: rung)
    let count = survivors.count * traces.count
    var sizes: [Int: Double] = [:]
    let plan = SweepPlan(name: "tune", traces: traces)
    let costs = (0..<count).map { task -> Double in
      let scenario = SweepScenario(
        id: 0, traceIndex: task % traces.count, trace: traces[task % traces.count], policy: PlanPolicy(kind: .easy),
        machine: .trace(processors: nil), estimate: estimate, killAtWalltime: false, loadIndex: 0, load: 1)
      let factor = all[survivors[task / traces.count]].reservations == 1 ? 2.0 : 6.0
      return plan.cost(of: scenario, fileSizes: &sizes) * factor
    }
    let order = (0..<count).sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1 }
    return TaskBatch(count: count, order: order) { [self] task in
      evaluate(
        task: task, candidate: all[survivors[task / traces.count]], trace: task % traces.count, budget: budget)
    }
  }
}
