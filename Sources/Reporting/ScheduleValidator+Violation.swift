import SimKernel

/// One way a schedule breaks a rule. Payloads carry the numbers the message
/// quotes; the text is rendered only in `message`.
public enum ViolationKind: Hashable, Sendable {
  /// The trace admits the job but the schedule has no row for it.
  case missingRow
  /// A row names a job id the trace does not admit.
  case unknownJob
  /// A second row for the same job.
  case duplicateRow(firstLine: Int)
  /// The trace itself holds the id more than once; only the first is matched.
  case duplicateTraceID
  /// `submission_time` differs from the trace.
  case submitTimeMismatch(row: SimTime, trace: SimTime)
  /// `requested_number_of_resources` differs from the job's nodes.
  case nodeCountMismatch(row: Int64, trace: Int32)
  /// `requested_time` differs from the job's estimate.
  case estimateMismatch(row: SimTime, trace: SimTime)
  /// The job needs more nodes than the machine has but is not rejected.
  case notRejected(needs: Int32, machine: Int32)
  /// The job fits the machine but is marked rejected (`success` 0).
  case wronglyRejected(needs: Int32, machine: Int32)
  /// A job that fits the machine (so it runs) has an empty time field.
  case missingTime(field: String)
  case startBeforeSubmit(start: SimTime, submit: SimTime)
  /// `finish - start` is not the job's run time (or, when the job is killed
  /// at its time limit, not the time to the kill).
  case wrongRunTime(start: SimTime, finish: SimTime, runTime: SimTime, killed: Bool)
  /// `success` says the job completed (1) or was killed (0), and the
  /// opposite holds.
  case successMismatch(row: Bool)
  /// A derived column disagrees with the others, e.g. `waiting_time` is not
  /// `starting_time - submission_time`.
  case inconsistentField(field: String, value: SimTime, expected: SimTime, formula: String)
  /// `stretch` is not turnaround / execution (to six decimals), or is
  /// present/absent when it should not be.
  case stretchMismatch(millionths: Int64?, expected: Double?)
  /// The allocation has the wrong number of nodes.
  case allocationSize(allocated: Int, needs: Int32)
  /// The allocation names a node the machine does not have.
  case nodeOutOfRange(node: Int32, machine: Int32)
  /// Starting the job puts more nodes in use than the machine has.
  case overCapacity(at: SimTime, inUse: Int64, needs: Int32, machine: Int32)
  /// The job starts on a node another job still holds (`holder` when known).
  case sharedNode(at: SimTime, node: Int32, holder: Int64?, sharedCount: Int)
  /// FCFS: the job starts before a job that arrived ahead of it.
  case arrivalOrderBroken(start: SimTime, earlierJob: Int64, earlierSubmit: SimTime, earlierStart: SimTime)
  /// A breach of some other `ScheduleGuarantee`, described by it.
  case guarantee(name: String, detail: String)

  /// A stable snake_case identifier, for JSON.
  public var name: String {
    switch self {
    case .missingRow: "missing_row"
    case .unknownJob: "unknown_job"
    case .duplicateRow: "duplicate_row"
    case .duplicateTraceID: "duplicate_trace_id"
    case .submitTimeMismatch: "submit_time_mismatch"
    case .nodeCountMismatch: "node_count_mismatch"
    case .estimateMismatch: "estimate_mismatch"
    case .notRejected: "not_rejected"
    case .wronglyRejected: "wrongly_rejected"
    case .missingTime: "missing_time"
    case .startBeforeSubmit: "start_before_submit"
    case .wrongRunTime: "wrong_run_time"
    case .successMismatch: "success_mismatch"
    case .inconsistentField: "inconsistent_field"
    case .stretchMismatch: "stretch_mismatch"
    case .allocationSize: "allocation_size"
    case .nodeOutOfRange: "node_out_of_range"
    case .overCapacity: "over_capacity"
    case .sharedNode: "shared_node"
    case .arrivalOrderBroken: "arrival_order_broken"
    case .guarantee(let name, _): name
    }
  }

  /// What is wrong, after `job N: `.
  public var message: String {
    switch self {
    case .missingRow:
      "is in the trace but has no row in the schedule"
    case .unknownJob:
      "is not among the jobs the trace admits"
    case .duplicateRow(let firstLine):
      "has a second row (the first is at line \(firstLine))"
    case .duplicateTraceID:
      "appears more than once in the trace; rows are matched to its first record"
    case .submitTimeMismatch(let row, let trace):
      "submission_time \(row) differs from the trace's submit time \(trace)"
    case .nodeCountMismatch(let row, let trace):
      "requested_number_of_resources \(row) differs from the job's \(trace) nodes"
    case .estimateMismatch(let row, let trace):
      "requested_time \(row) differs from the job's estimate \(trace)"
    case .notRejected(let needs, let machine):
      "needs \(needs) nodes of \(machine) but is not rejected (success 0, empty times and nodes)"
    case .wronglyRejected(let needs, let machine):
      "is marked rejected (success 0) but needs only \(needs) of the \(machine) nodes"
    case .missingTime(let field):
      "'\(field)' is empty, but a job that fits the machine runs and has every time"
    case .startBeforeSubmit(let start, let submit):
      "starts at \(start) before its submit time \(submit)"
    case .wrongRunTime(let start, let finish, let runTime, let killed):
      "runs \(finish - start) s (\(start) to \(finish)) but "
        + (killed ? "is killed at its time limit after \(runTime) s" : "its run time is \(runTime) s")
    case .successMismatch(let row):
      row ? "has success 1 but is killed at its time limit" : "has success 0 but runs to completion"
    case .inconsistentField(let field, let value, let expected, let formula):
      "\(field) \(value) is not \(formula) = \(expected)"
    case .stretchMismatch(let millionths, let expected):
      Self.stretchMessage(millionths: millionths, expected: expected)
    case .allocationSize(let allocated, let needs):
      "is allocated \(allocated) nodes but needs \(needs)"
    case .nodeOutOfRange(let node, let machine):
      "is allocated node \(node), outside the machine's nodes 0-\(machine - 1)"
    case .overCapacity(let time, let inUse, let needs, let machine):
      "starts at \(time) needing \(needs) nodes while \(inUse) of \(machine) are in use"
    case .sharedNode(let time, let node, let holder, let count):
      "starts at \(time) on node \(node), which "
        + (holder.map { "job \($0)" } ?? "another job") + " still holds"
        + (count > 1 ? " (\(count) nodes shared)" : "")
    case .arrivalOrderBroken(let start, let earlier, let earlierSubmit, let earlierStart):
      "starts at \(start), before job \(earlier) (submitted ahead of it, at \(earlierSubmit)) starts at \(earlierStart)"
    case .guarantee(_, let detail):
      detail
    }
  }

  static func stretchMessage(millionths: Int64?, expected: Double?) -> String {
    guard let millionths else {
      return "stretch is empty but should be \(formatDecimal(expected ?? 0, decimals: 6))"
    }
    let value = formatDecimal(Double(millionths) / 1e6, decimals: 6)
    guard let expected else { return "stretch \(value) should be empty (execution time is zero)" }
    return "stretch \(value) is not turnaround / execution = \(formatDecimal(expected, decimals: 6))"
  }
}

/// A rule the schedule breaks, for one job.
public struct Violation: Hashable, Sendable {
  /// The job concerned (the row's id for rows not in the trace).
  public var jobID: Int64
  /// The CSV line, for problems with a row's own text (ids, derived columns);
  /// `nil` for breaches of the schedule's rules.
  public var line: Int?
  public var kind: ViolationKind

  public init(jobID: Int64, line: Int? = nil, kind: ViolationKind) {
    self.jobID = jobID
    self.line = line
    self.kind = kind
  }

  /// `jobs.csv:12: job 7: ...` when the line is known, else `job 7: ...`.
  public func rendered(file: String) -> String {
    (line.map { "\(file):\($0): " } ?? "") + "job \(jobID): " + kind.message
  }
}

/// Collects violations: counts them all, keeps the first `limit`.
public struct ViolationLog: Sendable {
  public private(set) var count = 0
  public private(set) var kept: [Violation] = []
  public let limit: Int

  public init(limit: Int = 100) { self.limit = limit }

  /// True once `limit` violations are kept: later ones are only counted, so a
  /// checker may skip work that only serves the message.
  public var isFull: Bool { kept.count >= limit }

  public mutating func record(_ violation: Violation) {
    count += 1
    if kept.count < limit { kept.append(violation) }
  }
}
