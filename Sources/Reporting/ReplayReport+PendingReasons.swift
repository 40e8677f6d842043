import Scheduling
import SimKernel

extension ReplayReport {
  /// The non-zero reasons' job-seconds (to 0.1 s; the JSON is exact) with
  /// their share of all waiting, e.g. `Priority 1,200 (75.00 %)  Resources
  /// 400 (25.00 %)`; `nil` when no job waited.
  func pendingText() -> String? {
    let pending = metrics.pending
    let total = pending.total.inMicroseconds
    guard total > 0 else { return nil }
    return pending.byReason.filter { !$0.total.isZero }.map { reason, sum in
      let share = formatDecimal(sum.inMicroseconds / total * 100, decimals: 2)
      return "\(reason.slurmName) \(groupedSeconds(sum)) (\(share) %)"
    }.joined(separator: "  ")
  }

  /// Every reason by its Slurm name, in job-seconds exact to the microsecond.
  func pendingJSON() -> JSONValue {
    .object(metrics.pending.byReason.map { ($0.reason.slurmName, .fixedSeconds($0.total)) })
  }
}

/// `sum` in seconds with thousands separators, to a tenth of a second when
/// not whole: `1,234,567`, `12.5`.
func groupedSeconds(_ sum: JobSeconds) -> String {
  let tenths = sum.tenths
  let whole = grouped(Int(tenths / 10))
  return tenths % 10 == 0 ? whole : whole + ".\(tenths % 10)"
}
