import Reporting

/// The results of a sweep, or of one shard of it, collected in run order
/// and rendered as one CSV and one JSON file.
///
/// Rendering depends only on the plan's scenarios and the results' values,
/// never on which process produced a result or when, so one process, any
/// number of MPI ranks, or merged shards give the same bytes.
public struct SweepResults: Sendable, Hashable {
  /// The plan's name.
  public var planName: String
  /// Runs per scenario.
  public var replicas: Int
  /// Each scenario's `parameters`, as a JSON object, by scenario id.
  public var scenarios: [JSONValue]
  /// Results by run index; `nil` for runs not (yet) done here.
  public var results: [RunResult?]

  /// Empty results for every run of `plan`.
  public init(plan: SweepPlan) {
    planName = plan.name
    replicas = plan.replicas
    scenarios = plan.scenarios.map { .object($0.parameters) }
    results = Array(repeating: nil, count: plan.runCount)
  }

  init(planName: String, replicas: Int, scenarios: [JSONValue], results: [RunResult?]) {
    self.planName = planName
    self.replicas = replicas
    self.scenarios = scenarios
    self.results = results
  }

  /// Stores `result` at its run index.
  public mutating func record(_ result: RunResult) {
    results[result.run] = result
  }

  /// Runs with a result.
  public var completedRuns: Int { results.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

  /// Whether every run has a result.
  public var isComplete: Bool { completedRuns == results.count }

  /// Scenarios with at least one failed run.
  public var failedScenarios: Int {
    scenarios.indices.reduce(0) { count, id in
      count + (runs(of: id).contains { if case .failed = $0?.outcome { true } else { false } } ? 1 : 0)
    }
  }

  /// The results of scenario `id`'s replicas, in replica order.
  func runs(of id: Int) -> ArraySlice<RunResult?> {
    results[id * replicas..<(id + 1) * replicas]
  }

  /// The scenario's first failure as `message` (prefixed with the replica
  /// when there are several), or `nil`.
  func failure(of id: Int) -> String? {
    for (replica, result) in runs(of: id).enumerated() {
      if case .failed(let message) = result?.outcome {
        return replicas > 1 ? "replica \(replica): \(message)" : message
      }
    }
    return nil
  }

  /// Statistics of each metric over the scenario's replicas, or `nil`
  /// when a run failed or is missing.
  func statistics(of id: Int) -> [SampleStatistics]? {
    var columns = [[Double]](repeating: [], count: SweepMetric.all.count)
    for result in runs(of: id) {
      guard let metrics = result?.metrics, metrics.count == columns.count else { return nil }
      for (index, value) in metrics.enumerated() { columns[index].append(value) }
    }
    return columns.map { SampleStatistics($0) }
  }
}

// MARK: - CSV

extension SweepResults {
  /// One row per scenario, in scenario order: `scenario`, `status` (`ok`,
  /// `error` or `missing`), the scenario's parameters, the metrics (with
  /// replicas: `replicas` and `<metric>_mean`, `_sd`, `_ci95_low`,
  /// `_ci95_high`), and `error`.
  public func renderCSV() -> String {
    let parameterNames = scenarios.first.map(Self.keys) ?? []
    var header = ["scenario", "status"] + parameterNames
    if replicas > 1 {
      header.append("replicas")
      for metric in SweepMetric.all {
        header += ["_mean", "_sd", "_ci95_low", "_ci95_high"].map { metric.name + $0 }
      }
    } else {
      header += SweepMetric.all.map(\.name)
    }
    header.append("error")
    var out = header.joined(separator: ",") + "\n"
    let metricColumns = SweepMetric.all.count * (replicas > 1 ? 4 : 1) + (replicas > 1 ? 1 : 0)
    for (id, parameters) in scenarios.enumerated() {
      var row = [String(id), status(of: id)] + Self.values(parameters).map(Self.csvField)
      let error = failure(of: id)
      if error == nil, let stats = statistics(of: id) {
        if replicas > 1 {
          row.append(String(replicas))
          for (metric, stat) in zip(SweepMetric.all, stats) {
            row += [stat.mean, stat.standardDeviation, stat.low, stat.high].map {
              formatDecimal($0, decimals: max(metric.decimals, 3))
            }
          }
        } else {
          row += zip(SweepMetric.all, stats).map { $0.format($1.mean) }
        }
      } else {
        row += Array(repeating: "", count: metricColumns)
      }
      row.append(Self.csvField(error ?? ""))
      out += row.joined(separator: ",") + "\n"
    }
    return out
  }

  func status(of id: Int) -> String {
    if failure(of: id) != nil { return "error" }
    return runs(of: id).contains(nil) ? "missing" : "ok"
  }

  static func keys(_ object: JSONValue) -> [String] {
    if case .object(let members) = object { return members.map(\.0) }
    return []
  }

  /// The parameters as CSV text: strings as they are, booleans as
  /// true/false.
  static func values(_ object: JSONValue) -> [String] {
    guard case .object(let members) = object else { return [] }
    return members.map { member in
      switch member.1 {
      case .string(let text): text
      case .bool(let flag): flag ? "true" : "false"
      case .int(let value): String(value)
      case .number(let value, let decimals): formatDecimal(value, decimals: decimals)
      case .null: ""
      default: member.1.rendered()
      }
    }
  }

  /// `text` quoted as RFC 4180 requires (when it holds a comma, quote or
  /// line break).
  static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
  }
}

extension String {
  /// `self` with every `target` character replaced by `replacement`.
  fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
    var out = ""
    for character in self { if character == target { out += replacement } else { out.append(character) } }
    return out
  }
}

// MARK: - JSON

extension SweepResults {
  /// A JSON array with one object per scenario, in scenario order:
  /// `scenario`, `status`, `parameters`, then either `error`, or the replay
  /// report's members (one replica), or `replicas`, `statistics` (per
  /// metric: mean, sd, ci95_low, ci95_high) and `reports` (each with its
  /// `replica`).
  public func renderJSON() -> String {
    var items: [JSONValue] = []
    for (id, parameters) in scenarios.enumerated() {
      var members: [(String, JSONValue)] = [
        ("scenario", .int(Int64(id))), ("status", .string(status(of: id))), ("parameters", parameters),
      ]
      if let error = failure(of: id) {
        members.append(("error", .string(error)))
      } else if replicas == 1, case .completed(let report, _)? = results[id]?.outcome {
        members += Self.members(report)
      } else if replicas > 1, let stats = statistics(of: id) {
        members.append(("replicas", .int(Int64(replicas))))
        members.append(("statistics", .object(zip(SweepMetric.all, stats).map { metric, stat in
          let decimals = max(metric.decimals, 3)
          return (metric.name, .object([
            ("mean", .number(stat.mean, decimals: decimals)),
            ("sd", .number(stat.standardDeviation, decimals: decimals)),
            ("ci95_low", .number(stat.low, decimals: decimals)),
            ("ci95_high", .number(stat.high, decimals: decimals)),
          ]))
        })))
        let reports: [JSONValue] = runs(of: id).enumerated().map { replica, result in
          guard case .completed(let report, _)? = result?.outcome else { return .null }
          return .object([("replica", .int(Int64(replica)))] + Self.members(report))
        }
        members.append(("reports", .array(reports)))
      }
      items.append(.object(members))
    }
    return JSONValue.array(items).rendered() + "\n"
  }

  static func members(_ object: JSONValue) -> [(String, JSONValue)] {
    if case .object(let members) = object { return members }
    return [("report", object)]
  }
}
