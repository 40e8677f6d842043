import Platform
import SimKernel
import Workload

/// Checks a per-job schedule (a `jobs.csv` read by `JobsCSVReader`) against
/// the trace it claims to replay, independently of the simulator: it uses no
/// replay, node pool, queue or policy code, only the trace's admitted jobs,
/// the machine's node count and the rows.
///
/// The rules, in the order they are checked:
/// 1. Identity: every job of the trace has exactly one row; no row names a
///    job outside the trace. Jobs needing more nodes than the machine appear
///    rejected (`success` 0, empty times and nodes); nothing else does.
/// 2. Each row: `submission_time`, `requested_number_of_resources` and
///    `requested_time` match the job; start >= submit; finish - start equals
///    the run time exactly (integer microseconds; the time to the kill under
///    walltime enforcement, with `success` 0 then); the derived columns
///    (`execution_time`, `waiting_time`, `turnaround_time`, `stretch`) agree;
///    the allocation holds exactly the job's node count, all in
///    `0 ..< nodes`.
/// 3. Capacity and exclusivity: a sweep over start and end instants (ends
///    before starts at equal times, the simulator's documented same-time
///    order) with a per-node occupancy bitmap: never more nodes in use than
///    exist, never one node held by two jobs.
/// 4. Each `ScheduleGuarantee` of the policy (e.g. FCFS arrival order).
///
/// A job with a zero run time holds its nodes for no time: it is checked
/// against the jobs running across its instant (started before, ending
/// after), since the order of rounds within one instant is not in the file.
public struct ScheduleValidator: Sendable {
  /// Nodes of the machine: allocations must lie in `0 ..< nodes`.
  public var nodes: Int32
  /// Policy-specific promises checked after the generic rules.
  public var guarantees: [any ScheduleGuarantee]
  /// Walltime enforcement, as the replay was run: when set, a job with a
  /// known requested time is killed at requested time + this (Slurm's
  /// `OverTimeLimit`) and its row has `success` 0; `nil` when jobs always run
  /// their full run time.
  public var walltimeKill: SimTime?
  /// How many violations the report keeps in full (all are counted).
  public var violationLimit: Int
  /// Jobs (by id) the configuration rejects at submission besides those
  /// larger than the machine: partition and QOS submit limits (see
  /// `ReplayConstraints.admit`). They are expected as rejected rows.
  public var rejectedByConfiguration: Set<Int64> = []
  /// The replay predicted estimates (`--estimate predicted`): each row's
  /// `requested_time` is checked against the prediction recomputed from the
  /// schedule's own completions, and guarantees that do not hold under
  /// predictions are reported as not checked (see `ScheduleValidator+Predictions.swift`).
  public var estimatesArePredicted = false

  /// A validator for a machine of `nodes` nodes (at least one).
  public init(
    nodes: Int32, guarantees: [any ScheduleGuarantee] = [], walltimeKill: SimTime? = nil,
    violationLimit: Int = 100
  ) {
    precondition(nodes > 0, "a machine has at least one node")
    self.nodes = nodes
    self.guarantees = guarantees
    self.walltimeKill = walltimeKill
    self.violationLimit = violationLimit
  }

  /// How long `job` runs once started: its run time, or the time to its
  /// kill when walltime enforcement applies and it would run longer.
  @inline(__always)
  func expectedRunTime(_ job: Job) -> SimTime {
    guard let overTime = walltimeKill, job.requestedTime.microseconds >= 0 else { return job.runTime }
    let limit = job.requestedTime + overTime
    return job.runTime > limit ? limit : job.runTime
  }

  /// Validates `rows` against `jobs`, the jobs the trace admits in file order
  /// (as `TraceJobSource` yields them, with the same estimate and node
  /// mapping as the replay). Jobs needing more than `nodes` nodes are
  /// expected to be rejected.
  ///
  /// - Complexity: O((n + r) log (n + r)) for n jobs and r rows, plus the
  ///   allocated node runs, in words of 64 nodes.
  public func validate(trace jobs: [Job], schedule rows: [ScheduledRow]) -> ValidationReport {
    var log = ViolationLog(limit: violationLimit)
    let rowOfJob = matchRows(jobs: jobs, rows: rows, log: &log)
    let jobs = estimatesArePredicted ? predictedEstimates(jobs, rows: rows, rowOfJob: rowOfJob) : jobs
    var placed: [Placement] = []
    placed.reserveCapacity(jobs.count)
    for index in jobs.indices {
      let rowIndex = rowOfJob[index]
      guard rowIndex >= 0 else {
        log.record(Violation(jobID: jobs[index].id, kind: .missingRow))
        continue
      }
      if let placement = checkRow(rows, Int(rowIndex), jobs: jobs, index, log: &log) {
        placed.append(placement)
      }
    }
    sweep(placed, jobs: jobs, log: &log)
    let checked = checkedGuarantees
    if !checked.isEmpty {
      let schedule = CheckedSchedule(totalNodes: nodes, placements: placed, jobs: jobs, rows: rows)
      for guarantee in checked { guarantee.check(schedule, into: &log) }
    }
    var report = ValidationReport(
      jobsChecked: jobs.count, rowsRead: rows.count,
      rejectedJobs: jobs.reduce(0) { $0 + ($1.nodes > nodes || rejectedByConfiguration.contains($1.id) ? 1 : 0) },
      totalNodes: nodes,
      checks: checkNames, violationCount: log.count, violations: log.kept)
    report.configurationRejections = !rejectedByConfiguration.isEmpty
    report.uncheckedGuarantees = uncheckedGuarantees
    return report
  }

  /// The names of the checks made, for the summary line.
  public var checkNames: [String] {
    ["submit", walltimeKill == nil ? "run time" : "run time with walltime kills",
     "capacity \(grouped(Int(nodes))) nodes", "exclusive nodes"]
      + (estimatesArePredicted ? ["predicted estimates"] : []) + checkedGuarantees.map(\.description)
  }
}

/// A job that ran, as the schedule places it: the input to the sweep and to
/// the guarantees.
struct Placement {
  /// Index of the job in the trace's admitted jobs (file order).
  var job: Int32
  /// Index of its row.
  var row: Int32
  /// The job's node count (from the trace).
  var count: Int32
  /// Start and finish in microseconds.
  var start: Int64
  var finish: Int64
  /// The row's allocation.
  var nodes: NodeSet
}
