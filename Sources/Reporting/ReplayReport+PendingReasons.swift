import Scheduling
import SimKernel

extension ReplayReport {
  /// The non-zero reasons' job-seconds (to 0.1 s; the JSON is exact) with
  /// their share of all waiting, e.g. `Priority 1,200 (75.00 %)  Resources
  /// 400 (25.00 %)`; `nil` when no job waited.
  func pendingText() -> String? {
    let pending = metrics.pending
    let total = pending.total
    guard total > 0 else { return nil }
    return pending.byReason.filter { $0.microseconds != 0 }.map { reason, microseconds in
      let share = formatDecimal(Double(microseconds) / Double(total) * 100, decimals: 2)
      return "\(reason.slurmName) \(groupedSeconds(microseconds)) (\(share) %)"
    }.joined(separator: "  ")
  }

  /// Every reason by its Slurm name, in job-seconds exact to the microsecond.
  func pendingJSON() -> JSONValue {
    .object(metrics.pending.byReason.map { ($0.reason.slurmName, .fixed($0.microseconds, decimals: 6)) })
  }
}

/// `microseconds` as seconds with thousands separators, to a tenth of a
/// second when not whole: `1,234,567`, `12.5`.
func groupedSeconds(_ microseconds: Int64) -> String {
  let tenths = (microseconds + 50_000) / 100_000
  let whole = grouped(Int(tenths / 10))
  return tenths % 10 == 0 ? whole : whole + ".\(tenths % 10)"
}
