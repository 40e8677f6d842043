import Platform
import Scheduling
import Workload
import Yams

extension SweepPlan {
  /// The top-level keys a plan may have, in documentation order.
  public static let keys = [
    "name", "traces", "policies", "machines", "estimate", "kill_at_walltime", "over_time_limit",
    "load", "cores_per_node", "on_bad_record", "replicas", "seed", "perturbation",
    "common_random_numbers", "output",
  ]
  /// The keys of the `perturbation` mapping.
  public static let perturbationKeys = ["arrival", "runtime", "estimate"]
  /// The most runs (scenarios × replicas) a plan may expand to.
  public static let runLimit = 1_000_000

  /// Reads and parses the plan at `path`.
  ///
  /// - Throws: `PlanError` naming the file and line.
  public static func load(path: String) throws(PlanError) -> SweepPlan {
    try parse(try readText(path: path), path: path)
  }

  /// The text of the plan at `path`.
  public static func readText(path: String) throws(PlanError) -> String {
    switch readFileBytes(path) {
    case .success(let bytes): return String(decoding: bytes, as: UTF8.self)
    case .failure(let error): throw PlanError(path: path, line: nil, kind: .unreadable(reason: error.reason))
    }
  }

  /// Parses plan text; `path` names the file in errors and sets the base
  /// directory for relative paths and the default name.
  ///
  /// - Throws: `PlanError` for bad YAML, unknown keys (with their line),
  ///   values of the wrong type or range, and empty or oversized grids.
  public static func parse(_ text: String, path: String) throws(PlanError) -> SweepPlan {
    let root = try compose(text, path: path)
    let top = try PlanMapping(root, key: "(top level)", context: "the plan", path: path)
    try top.checkKeys(allowed: keys)
    var plan = SweepPlan(name: defaultName(path), traces: [], baseDirectory: directory(of: path))
    if let name = try top.optionalString("name") { plan.name = name }
    plan.traces = try top.stringList("traces", required: true)
    if let names = try top.optionalStringListEntries("policies") {
      plan.policies = try names.map { (name, line) throws(PlanError) in
        guard let policy = PlanPolicy(name: name) else {
          throw PlanError(path: path, line: line, kind: .unknownPolicy(name: name, known: PlanPolicy.knownNames, orders: PlanPolicy.knownOrders))
        }
        return policy
      }
    }
    if let entries = try top.optionalStringListEntries("machines") {
      plan.machines = try entries.map { (text, line) throws(PlanError) in try machine(text, line: line, path: path) }
    }
    if let entries = try top.optionalStringListEntries("estimate") {
      plan.estimates = try entries.map { (text, line) throws(PlanError) in
        guard let source = EstimateSource(rawValue: text) else {
          throw PlanError(path: path, line: line, kind: .badValue(
            key: "estimate", expected: "requested, runtime or predicted", found: "'\(text)'"))
        }
        return source
      }
    }
    if let entries = try top.optionalStringListEntries("kill_at_walltime") {
      plan.killAtWalltime = try entries.map { (text, line) throws(PlanError) in
        try PlanMapping.bool(text, key: "kill_at_walltime", line: line, path: path)
      }
    }
    if let minutes = try top.optionalInt("over_time_limit", minimum: 0) { plan.overTimeLimitMinutes = minutes }
    if let entries = try top.optionalStringListEntries("load") {
      plan.loads = try entries.map { (text, line) throws(PlanError) in
        guard let value = PlanMapping.number(text), value > 0 else {
          throw PlanError(path: path, line: line, kind: .badValue(
            key: "load", expected: "a positive number", found: "'\(text)'"))
        }
        return value
      }
    }
    plan.coresPerNode = try top.optionalInt("cores_per_node", minimum: 1)
    if let entry = top.entry("on_bad_record") {
      let text = try top.scalar(entry, expected: "fail or skip")
      guard let policy = BadRecordPolicy(rawValue: text) else {
        throw top.error(entry.value, .badValue(key: "on_bad_record", expected: "fail or skip", found: "'\(text)'"))
      }
      plan.onBadRecord = policy
    }
    if let replicas = try top.optionalInt("replicas", minimum: 1) { plan.replicas = replicas }
    if let entry = top.entry("seed") {
      let text = try top.scalar(entry, expected: "an integer from 0 to 2^64-1")
      guard let seed = UInt64(text.filter { $0 != "_" }) else {
        throw top.error(entry.value, .badValue(
          key: "seed", expected: "an integer from 0 to 2^64-1", found: "'\(text)'"))
      }
      plan.seed = seed
    }
    if let noise = try top.optionalMapping("perturbation", context: "'perturbation'") {
      try noise.checkKeys(allowed: perturbationKeys)
      plan.noise = NoiseLevels(
        arrival: try noise.optionalNonNegative("arrival") ?? 0,
        runTime: try noise.optionalNonNegative("runtime") ?? 0,
        estimate: try noise.optionalNonNegative("estimate") ?? 0)
    } else if plan.replicas > 1 {
      plan.noise = .replicaDefault
    }
    if let crn = try top.optionalBool("common_random_numbers") { plan.commonRandomNumbers = crn }
    plan.output = try top.optionalString("output")
    let runs = plan.scenarioCount * plan.replicas
    guard runs > 0, runs <= runLimit else {
      throw PlanError(path: path, line: nil, kind: .gridSize(count: runs, limit: runLimit))
    }
    return plan
  }

  /// A `machines` entry: `trace`, `trace:N` or a config path.
  static func machine(_ text: String, line: Int, path: String) throws(PlanError) -> PlanMachine {
    if text == "trace" { return .trace(processors: nil) }
    if text.hasPrefix("trace:") {
      guard let count = Int(text.dropFirst(6).filter { $0 != "_" }), count > 0 else {
        throw PlanError(path: path, line: line, kind: .badValue(
          key: "machines", expected: "trace, trace:N (N processors, N > 0) or a config path",
          found: "'\(text)'"))
      }
      return .trace(processors: count)
    }
    return .config(path: text)
  }

  /// The file name of `path` without its extension.
  static func defaultName(_ path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
    return name
  }

  /// The directory part of `path` (`""` when it has none).
  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// The document's root node, with YAML errors as `PlanError`s.
  static func compose(_ text: String, path: String) throws(PlanError) -> Node {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw planError(error, path: path)
    } catch {
      throw PlanError(path: path, line: nil, kind: .syntax(problem: "\(error)"))
    }
    guard let root, !root.isPlanNull else { throw PlanError(path: path, line: nil, kind: .notAMapping(found: "an empty file")) }
    return root
  }

  static func planError(_ error: YamlError, path: String) -> PlanError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return PlanError(path: path, line: mark.line, kind: .syntax(problem: problem))
    case .duplicatedKeysInMapping(let duplicates, let context):
      return PlanError(path: path, line: context.mark.line, kind: .duplicateKey(key: duplicates.first ?? "?"))
    default:
      return PlanError(path: path, line: nil, kind: .syntax(problem: "\(error)"))
    }
  }
}
