import Foundation

/// Summaries of several replays side by side (`hpcsim compare`): each metric
/// of each summary JSON (`replay --summary-out` or `--json`), with its
/// absolute and relative difference from the first summary.
///
/// JSON is parsed with Foundation's `JSONSerialization`: a few small files,
/// far from any hot path.
public struct SummaryComparison: Sendable {
  /// One summary file.
  public struct Run: Sendable {
    public var path: String
    /// `A`, `B`, … in file order.
    public var label: String
    public var policy: String?
    public var trace: String?
    public var traceSHA256: String?
    public var machine: String?
    /// Metric values by `Metric.key`.
    public var values: [String: Double]
  }

  /// A compared metric.
  public struct Metric: Sendable, Hashable {
    /// Dotted path in the summary JSON, e.g. `wait_seconds.mean`.
    public var key: String
    public var label: String
    /// Shown value = JSON value × `scale`.
    public var scale: Double = 1
    public var decimals: Int
    /// Whether a smaller value is better (`nil`: neither).
    public var lowerIsBetter: Bool?
  }

  /// The metrics compared, in order.
  public static let metrics: [Metric] = [
    Metric(key: "jobs.replayed", label: "jobs replayed", decimals: 0, lowerIsBetter: nil),
    Metric(key: "jobs.rejected", label: "jobs rejected", decimals: 0, lowerIsBetter: nil),
    Metric(key: "jobs.timed_out", label: "jobs killed at time limit", decimals: 0, lowerIsBetter: nil),
    Metric(key: "wait_seconds.mean", label: "wait mean (s)", decimals: 1, lowerIsBetter: true),
    Metric(key: "wait_seconds.median", label: "wait median (s)", decimals: 1, lowerIsBetter: true),
    Metric(key: "wait_seconds.p95", label: "wait p95 (s)", decimals: 1, lowerIsBetter: true),
    Metric(key: "wait_seconds.max", label: "wait max (s)", decimals: 1, lowerIsBetter: true),
    Metric(key: "bounded_slowdown.mean", label: "bounded slowdown mean", decimals: 3, lowerIsBetter: true),
    Metric(key: "bounded_slowdown.median", label: "bounded slowdown median", decimals: 3, lowerIsBetter: true),
    Metric(key: "bounded_slowdown.p95", label: "bounded slowdown p95", decimals: 3, lowerIsBetter: true),
    Metric(key: "bounded_slowdown.max", label: "bounded slowdown max", decimals: 3, lowerIsBetter: true),
    Metric(key: "mean_response_seconds", label: "response mean (s)", decimals: 1, lowerIsBetter: true),
    Metric(key: "utilisation", label: "utilisation (%)", scale: 100, decimals: 3, lowerIsBetter: false),
    Metric(key: "makespan_seconds", label: "makespan (s)", decimals: 0, lowerIsBetter: true),
    Metric(key: "scheduling_passes", label: "scheduling passes", decimals: 0, lowerIsBetter: nil),
    Metric(key: "events", label: "events", decimals: 0, lowerIsBetter: nil),
  ]

  public var runs: [Run]

  public init(runs: [Run]) { self.runs = runs }

  /// Reads summary JSON files.
  ///
  /// - Throws: `CompareError` naming the file.
  public static func load(paths: [String]) throws(CompareError) -> SummaryComparison {
    var runs: [Run] = []
    for (index, path) in paths.enumerated() {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw .cannotRead(path: path)
      }
      let object: Any
      do {
        object = try JSONSerialization.jsonObject(with: data)
      } catch {
        throw .notJSON(path: path, reason: (error as NSError).localizedDescription)
      }
      guard let summary = object as? [String: Any], summary["wait_seconds"] != nil else {
        throw .notASummary(path: path)
      }
      runs.append(run(summary, path: path, label: label(index)))
    }
    return SummaryComparison(runs: runs)
  }

  /// `A` … `Z`, then `A1`, `B1`, ….
  static func label(_ index: Int) -> String {
    let letter = String(UnicodeScalar(UInt8(65 + index % 26)))
    return index < 26 ? letter : letter + String(index / 26)
  }

  static func run(_ summary: [String: Any], path: String, label: String) -> Run {
    var values: [String: Double] = [:]
    for metric in metrics {
      var node: Any? = summary
      for part in metric.key.split(separator: ".") { node = (node as? [String: Any])?[String(part)] }
      // (No `is Bool` test: on Linux an NSNumber 0 or 1 also casts to Bool.)
      if let number = node as? NSNumber { values[metric.key] = number.doubleValue * metric.scale }
    }
    let provenance = summary["provenance"] as? [String: Any]
    let machine = (summary["machine"] as? [String: Any])?["name"] as? String
    return Run(
      path: path, label: label, policy: summary["policy"] as? String, trace: summary["trace"] as? String,
      traceSHA256: provenance?["trace_sha256"] as? String, machine: machine, values: values)
  }

  /// `run`'s value of `metric` minus the first run's, and that difference
  /// relative to the first run's value (`nil` when undefined: a value is
  /// missing, or the first is 0 and the other not).
  public func difference(_ metric: Metric, run: Run) -> (absolute: Double?, relative: Double?) {
    guard let base = runs.first?.values[metric.key], let value = run.values[metric.key] else { return (nil, nil) }
    let absolute = value - base
    if base == 0 { return (absolute, absolute == 0 ? 0 : nil) }
    return (absolute, absolute / abs(base))
  }

  /// Whether the summaries replay different traces (by digest, else by path).
  public var tracesDiffer: Bool {
    let digests = Set(runs.compactMap(\.traceSHA256))
    if digests.count > 1 { return true }
    if digests.count == 1 && runs.allSatisfy({ $0.traceSHA256 != nil }) { return false }
    return Set(runs.compactMap { $0.trace.map(baseName) }).count > 1
  }
}

/// A summary file that cannot be compared.
public enum CompareError: Error, Hashable, Sendable, CustomStringConvertible {
  case cannotRead(path: String)
  case notJSON(path: String, reason: String)
  case notASummary(path: String)

  public var description: String {
    switch self {
    case .cannotRead(let path): "cannot read '\(path)'"
    case .notJSON(let path, let reason): "\(path): not valid JSON (\(reason))"
    case .notASummary(let path):
      "\(path): not an hpcsim summary (no 'wait_seconds'); write one with 'hpcsim replay --summary-out FILE'"
    }
  }
}
