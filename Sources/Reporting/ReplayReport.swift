import SimKernel
import Simulation
import Workload

/// Everything a replay reports: its inputs, counts and metrics. Rendered as
/// text for people and as JSON for scripts; both are deterministic (no wall
/// time), so the same inputs give the same bytes.
public struct ReplayReport: Sendable {
  /// The hpcsim version that produced the report.
  public var version = hpcsimVersion
  public var tracePath: String
  public var machineName: String
  public var nodes: Int32
  public var coresPerNode: Int32
  public var policy: String
  public var estimateSource: String
  /// Every option that shaped the run, in a fixed order.
  public var options: [(String, String)] = []
  /// Data records read from the trace.
  public var recordsRead = 0
  /// Records skipped before replay, by reason name.
  public var skipped: [(reason: String, count: Int)] = []
  public var counters: Replay.Counters
  public var metrics: MetricsSummary
  /// The trace's digest and machine config, for `provenance` (see `Provenance`).
  public var provenance: Provenance?
  /// Per-size-class and per-user metrics (see `BreakdownCollector`).
  public var breakdown: Breakdown?
  /// What the storage tier did, when modelled (see `ReplayReport+Storage.swift`).
  public var storage: StorageSummary?
  /// What predictions did, with `--estimate predicted` (see `ReplayReport+Predictions.swift`).
  public var predictions: PredictionStatistics?
  /// One job's pass-by-pass trace, when asked for (`hpcsim explain`).
  public var explanation: JobTrace?

  public init(
    tracePath: String, machineName: String, nodes: Int32, coresPerNode: Int32, policy: String,
    estimateSource: String, counters: Replay.Counters, metrics: MetricsSummary
  ) {
    self.tracePath = tracePath
    self.machineName = machineName
    self.nodes = nodes
    self.coresPerNode = coresPerNode
    self.policy = policy
    self.estimateSource = estimateSource
    self.counters = counters
    self.metrics = metrics
  }

  public var skippedTotal: Int { skipped.reduce(0) { $0 + $1.count } }
  var rejectedTotal: Int { metrics.rejected.reduce(0) { $0 + $1.count } }
}

/// The version printed in every output.
public let hpcsimVersion = "0.1.0"

// MARK: - Text

extension ReplayReport {
  /// A human-readable summary, one fact per line.
  public func renderText() -> String {
    var lines: [String] = []
    func row(_ label: String, _ value: String) {
      lines.append("  " + label.padding(to: 18) + value)
    }
    lines.append("hpcsim \(version) replay of \(tracePath)")
    row("machine", "\(machineName): \(grouped(Int(nodes))) nodes, \(coresPerNode) trace processor(s) per node")
    row("policy", "\(policy) (estimates: \(estimateSource))")
    lines.append(contentsOf: predictionTextLines())
    row(
      "jobs",
      "\(grouped(recordsRead)) records, \(grouped(metrics.jobsReplayed)) replayed, "
        + "\(grouped(skippedTotal)) skipped, \(grouped(rejectedTotal)) rejected")
    for (reason, count) in skipped { row("  skipped", "\(reason): \(grouped(count))") }
    for (reason, count) in metrics.rejected { row("  rejected", "\(reason): \(grouped(count))") }
    if metrics.jobsTimedOut > 0 { row("  timed out", grouped(metrics.jobsTimedOut)) }
    let w = metrics.wait
    row(
      "wait (s)",
      "mean \(formatDecimal(w.mean, decimals: 1))  median \(formatDecimal(w.median, decimals: 1))  "
        + "p95 \(formatDecimal(w.p95, decimals: 1))  max \(formatDecimal(w.max, decimals: 1))")
    if let pending = pendingText() { row("pending (job-s)", pending) }
    let b = metrics.boundedSlowdown
    row(
      "bounded slowdown",
      "mean \(formatDecimal(b.mean, decimals: 2))  median \(formatDecimal(b.median, decimals: 2))  "
        + "p95 \(formatDecimal(b.p95, decimals: 2))  max \(formatDecimal(b.max, decimals: 2))  (tau = 10 s)")
    row("response (s)", "mean \(formatDecimal(metrics.meanResponse, decimals: 1))")
    row(
      "utilisation",
      "\(formatDecimal(metrics.utilisation * 100, decimals: 2)) % of nodes over [first submit, last end]")
    row(
      "makespan",
      "\(formatDecimal(metrics.makespan.secondsValue, decimals: 0)) s "
        + "(\(formatDecimal(metrics.makespan.secondsValue / 86_400, decimals: 1)) days, last end - first submit)")
    lines.append(contentsOf: storageTextLines())
    row("events", "\(grouped(counters.events)) events, \(grouped(counters.passes)) scheduling passes")
    return lines.joined(separator: "\n") + "\n"
  }
}

/// `1234567` as `1,234,567`.
public func grouped(_ value: Int) -> String {
  let digits = String(value.magnitude)
  var out = ""
  for (index, digit) in digits.enumerated() {
    if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
    out.append(digit)
  }
  return (value < 0 ? "-" : "") + out
}

extension String {
  fileprivate func padding(to width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}

// MARK: - JSON

extension ReplayReport {
  /// The report as a JSON object with a fixed key order.
  public func jsonValue() -> JSONValue {
    func distribution(_ d: Distribution, decimals: Int) -> JSONValue {
      .object([
        ("mean", .number(d.mean, decimals: decimals)), ("median", .number(d.median, decimals: decimals)),
        ("p95", .number(d.p95, decimals: decimals)), ("max", .number(d.max, decimals: decimals)),
      ])
    }
    return .object([
      ("hpcsim_version", .string(version)),
      ("trace", .string(tracePath)),
      (
        "machine",
        .object([
          ("name", .string(machineName)), ("nodes", .int(Int64(nodes))),
          ("cores_per_node", .int(Int64(coresPerNode))),
        ])
      ),
      ("policy", .string(policy)),
      ("estimate", .string(estimateSource)),
      ("options", .object(options.map { ($0.0, .string($0.1)) })),
      (
        "jobs",
        .object([
          ("records", .int(Int64(recordsRead))),
          ("replayed", .int(Int64(metrics.jobsReplayed))),
          ("skipped", .int(Int64(skippedTotal))),
          ("skipped_by_reason", .object(skipped.map { ($0.reason, .int(Int64($0.count))) })),
          ("rejected", .int(Int64(rejectedTotal))),
          ("rejected_by_reason", .object(metrics.rejected.map { ($0.reason, .int(Int64($0.count))) })),
          ("timed_out", .int(Int64(metrics.jobsTimedOut))),
        ])
      ),
      ("wait_seconds", distribution(metrics.wait, decimals: 3)),
      ("pending_seconds_by_reason", pendingJSON()),
      ("bounded_slowdown", distribution(metrics.boundedSlowdown, decimals: 6)),
      ("bounded_slowdown_tau_seconds", .int(10)),
      ("mean_response_seconds", .number(metrics.meanResponse, decimals: 3)),
      ("utilisation", .number(metrics.utilisation, decimals: 6)),
      ("utilisation_window", .string("first submit to last end")),
      ("first_submit_seconds", .number(metrics.firstSubmit.secondsValue, decimals: 6)),
      ("last_end_seconds", .number(metrics.lastEnd.secondsValue, decimals: 6)),
      ("makespan_seconds", .number(metrics.makespan.secondsValue, decimals: 6)),
      ("events", .int(Int64(counters.events))),
      ("scheduling_passes", .int(Int64(counters.passes))),
    ] + predictionMembers() + storageMembers() + breakdownAndProvenanceMembers())
  }
}
