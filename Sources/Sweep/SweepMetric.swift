import Reporting

/// A number a sweep reports for every run, with the decimals it is printed
/// with (those of the replay's JSON summary).
public struct SweepMetric: Sendable, Hashable {
  /// The CSV column and statistics key, e.g. `wait_mean_s`.
  public var name: String
  /// Decimals in the CSV; 0 prints an integer.
  public var decimals: Int

  /// Every metric, in column order.
  public static let all: [SweepMetric] = [
    .init(name: "jobs_replayed", decimals: 0), .init(name: "jobs_rejected", decimals: 0),
    .init(name: "jobs_skipped", decimals: 0), .init(name: "jobs_timed_out", decimals: 0),
    .init(name: "wait_mean_s", decimals: 3), .init(name: "wait_median_s", decimals: 3),
    .init(name: "wait_p95_s", decimals: 3), .init(name: "wait_max_s", decimals: 3),
    .init(name: "bsld_mean", decimals: 6), .init(name: "bsld_median", decimals: 6),
    .init(name: "bsld_p95", decimals: 6), .init(name: "bsld_max", decimals: 6),
    .init(name: "response_mean_s", decimals: 3), .init(name: "utilisation", decimals: 6),
    .init(name: "makespan_s", decimals: 6),
  ]

  /// The values of `all` for `report`, in order.
  public static func values(of report: ReplayReport) -> [Double] {
    let m = report.metrics
    return [
      Double(m.jobsReplayed), Double(m.rejected.reduce(0) { $0 + $1.count }),
      Double(report.skipped.reduce(0) { $0 + $1.count }), Double(m.jobsTimedOut),
      m.wait.mean, m.wait.median, m.wait.p95, m.wait.max,
      m.boundedSlowdown.mean, m.boundedSlowdown.median, m.boundedSlowdown.p95, m.boundedSlowdown.max,
      m.meanResponse, m.utilisation, m.makespan.secondsValue,
    ]
  }

  /// `value` with this metric's decimals.
  func format(_ value: Double) -> String {
    decimals == 0 && value == value.rounded() && abs(value) < 1e15
      ? String(Int64(value)) : formatDecimal(value, decimals: max(decimals, 3))
  }
}
