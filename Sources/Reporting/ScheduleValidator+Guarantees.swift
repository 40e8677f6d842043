import Platform
import Scheduling
import SimKernel
import Workload

/// A promise a policy makes about its schedules, checked by `ScheduleValidator`
/// after the generic rules (identity, times, capacity, exclusivity).
///
/// The extension point for policy-specific checks: FCFS promises arrival
/// order (`ArrivalOrderGuarantee`); an EASY guarantee ("no backfilled job
/// delays the head job's reservation") or a conservative one ("no job is
/// delayed past its reservation") would be further conformances. The
/// `description` names the check in the summary line, e.g. `fcfs order`.
public protocol ScheduleGuarantee: Sendable, CustomStringConvertible {
  /// Records every breach of the promise in `schedule` into `log`.
  func check(_ schedule: CheckedSchedule, into log: inout ViolationLog)

  /// Whether the promise still holds when estimates are predicted
  /// (`--estimate predicted`), where a prediction can be shorter than the
  /// run and grows while the job runs. `false` by default: a promise about
  /// reservations is about estimates the schedule does not show, so the
  /// validator reports it as not checked rather than report false breaches.
  var holdsUnderPredictedEstimates: Bool { get }
}

/// The jobs that ran, as the schedule places them, ready for guarantees.
public struct CheckedSchedule: Sendable {
  /// A job that ran and where: only rows that passed the identity and
  /// rejection checks and have a start and a finish.
  public struct Entry: Sendable {
    public var job: Job
    public var start: SimTime
    public var finish: SimTime
    public var nodes: NodeSet
    /// The row's line in the CSV.
    public var line: Int
  }

  /// Nodes of the machine.
  public var totalNodes: Int32
  /// The entries in arrival order: by submit time, then trace order (the
  /// order in which the simulator's queue receives them).
  public var entries: [Entry]

  init(totalNodes: Int32, placements: [Placement], jobs: [Job], rows: [ScheduledRow]) {
    self.totalNodes = totalNodes
    let arrival = placements.sorted {
      let (a, b) = (jobs[Int($0.job)].submitTime, jobs[Int($1.job)].submitTime)
      return a != b ? a < b : $0.job < $1.job
    }
    entries = arrival.map {
      Entry(
        job: jobs[Int($0.job)], start: SimTime(microseconds: $0.start),
        finish: SimTime(microseconds: $0.finish), nodes: $0.nodes, line: rows[Int($0.row)].line)
    }
  }
}

/// First come, first served: start times never decrease in arrival order, so
/// no job starts before one that arrived ahead of it.
public struct ArrivalOrderGuarantee: ScheduleGuarantee {
  public init() {}

  public var description: String { "fcfs order" }

  /// - Complexity: O(n)
  public func check(_ schedule: CheckedSchedule, into log: inout ViolationLog) {
    var latest: CheckedSchedule.Entry?
    for entry in schedule.entries {
      guard let ahead = latest, entry.start < ahead.start else {
        latest = entry
        continue
      }
      log.record(
        Violation(
          jobID: entry.job.id,
          kind: .arrivalOrderBroken(
            start: entry.start, earlierJob: ahead.job.id, earlierSubmit: ahead.job.submitTime,
            earlierStart: ahead.start)))
    }
  }
}

extension PolicyKind {
  /// What the policy promises beyond a feasible schedule.
  public var scheduleGuarantees: [any ScheduleGuarantee] {
    switch self {
    case .fcfs: [ArrivalOrderGuarantee()]
    case .easy: []  // Extension point: the head job's reservation is never delayed.
    case .conservative: []
    }
  }
}
