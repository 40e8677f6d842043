/// What `ScheduleValidator.validate` found.
public struct ValidationReport: Sendable {
  /// Jobs the trace admits (including those expected to be rejected).
  public var jobsChecked: Int
  /// Rows in the schedule.
  public var rowsRead: Int
  /// Jobs larger than the machine, expected as rejected rows.
  public var rejectedJobs: Int
  /// Whether some of `rejectedJobs` are rejected by partition or QOS limits.
  public var configurationRejections = false
  /// The policy's guarantees left unchecked because estimates were
  /// predicted (see `ScheduleGuarantee.holdsUnderPredictedEstimates`).
  public var uncheckedGuarantees: [String] = []
  public var totalNodes: Int32
  /// The checks made, e.g. `capacity 128 nodes`, `fcfs order`.
  public var checks: [String]
  /// All violations found.
  public var violationCount: Int
  /// The first violations, in the order found (at most the validator's limit).
  public var violations: [Violation]

  public init(
    jobsChecked: Int, rowsRead: Int, rejectedJobs: Int, totalNodes: Int32, checks: [String],
    violationCount: Int, violations: [Violation]
  ) {
    self.jobsChecked = jobsChecked
    self.rowsRead = rowsRead
    self.rejectedJobs = rejectedJobs
    self.totalNodes = totalNodes
    self.checks = checks
    self.violationCount = violationCount
    self.violations = violations
  }

  public var isValid: Bool { violationCount == 0 }

  /// `valid: 59,715 jobs checked (submit, run time, ...)`, or up to
  /// `maxLines` violations then `N violations`. `file` prefixes row lines.
  public func renderText(file: String, maxLines: Int = 20) -> String {
    guard !isValid else {
      let rejected = rejectedJobs > 0 ? ", \(grouped(rejectedJobs)) rejected as larger than the machine" + (configurationRejections ? " or by partition and QOS limits" : "") : ""
      return "valid: \(grouped(jobsChecked)) jobs checked (\(checks.joined(separator: ", ")))\(rejected)\n"
        + uncheckedLine
    }
    var out = ""
    for violation in violations.prefix(maxLines) { out += violation.rendered(file: file) + "\n" }
    if violationCount > maxLines { out += "... (\(grouped(violationCount - maxLines)) more)\n" }
    out += "\(grouped(violationCount)) violation\(violationCount == 1 ? "" : "s")\n"
    return out + uncheckedLine
  }

  /// The report as JSON, with the kept violations.
  public func jsonValue(file: String) -> JSONValue {
    .object([
      ("file", .string(file)),
      ("valid", .bool(isValid)),
      ("jobs_checked", .int(Int64(jobsChecked))),
      ("rows", .int(Int64(rowsRead))),
      ("rejected_jobs", .int(Int64(rejectedJobs))),
      ("nodes", .int(Int64(totalNodes))),
      ("checks", .array(checks.map { .string($0) })),
    ] + (uncheckedGuarantees.isEmpty ? [] : [("unchecked", .array(uncheckedGuarantees.map { .string($0) }))]) + [
      ("violation_count", .int(Int64(violationCount))),
      (
        "violations",
        .array(
          violations.map {
            .object([
              ("job_id", .int($0.jobID)),
              ("line", $0.line.map { .int(Int64($0)) } ?? .null),
              ("kind", .string($0.kind.name)),
              ("message", .string($0.rendered(file: file))),
            ])
          })
      ),
    ])
  }
}
