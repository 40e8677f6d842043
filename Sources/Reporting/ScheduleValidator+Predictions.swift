import SimKernel
import Workload

extension ScheduleValidator {
  /// The guarantees checked: all of them, or under predicted estimates only
  /// those that hold there.
  var checkedGuarantees: [any ScheduleGuarantee] {
    estimatesArePredicted ? guarantees.filter { $0.holdsUnderPredictedEstimates } : guarantees
  }

  /// The names of the guarantees left unchecked under predicted estimates.
  var uncheckedGuarantees: [String] {
    estimatesArePredicted ? guarantees.filter { !$0.holdsUnderPredictedEstimates }.map(\.description) : []
  }

  /// `jobs` with the estimates a replay with `--estimate predicted` gives
  /// them at submit, recomputed from the schedule alone: the average run
  /// time (finish - start) of the user's two most recently completed jobs,
  /// capped by the job's requested estimate (its `estimate` here), or that
  /// estimate with fewer than two completed jobs or an unknown user (see
  /// `Replay+Prediction.swift` in Simulation for the rule and its source).
  ///
  /// Rows come in the order jobs ended, which is the order the replay
  /// learnt of completions. A completion counts for a job submitted at `s`
  /// when it finished before `s`, or at `s` after starting before `s`
  /// (completions come before arrivals; a zero-length job started at `s`
  /// ends in a later round). Rejected jobs keep their requested estimate.
  ///
  /// - Complexity: O((n + r) log (n + r)) for n jobs and r rows.
  func predictedEstimates(_ jobs: [Job], rows: [ScheduledRow], rowOfJob: [Int32]) -> [Job] {
    var jobOfRow = [Int32](repeating: -1, count: rows.count)
    for index in jobs.indices where rowOfJob[index] >= 0 { jobOfRow[Int(rowOfJob[index])] = Int32(index) }
    // Completions in the order the schedule gives them (by finish, then row).
    let completions = rows.indices.filter {
      jobOfRow[$0] >= 0 && rows[$0].startTime != nil && rows[$0].finishTime != nil
    }.enumerated().sorted {
      let (a, b) = (rows[$0.element].finishTime!, rows[$1.element].finishTime!)
      return a != b ? a < b : $0.offset < $1.offset
    }.map(\.element)
    let arrivals = jobs.indices.sorted {
      let (a, b) = (jobs[$0].submitTime, jobs[$1].submitTime)
      return a != b ? a < b : $0 < $1
    }
    var history: [Int32: (last: Int64, previous: Int64, count: Int)] = [:]
    var predicted = jobs
    var next = 0
    for index in arrivals {
      let job = jobs[index]
      let submit = job.submitTime
      while next < completions.count {
        let row = rows[completions[next]]
        let (start, finish) = (row.startTime!, row.finishTime!)
        guard finish < submit || (finish == submit && start < submit) else { break }
        let user = jobs[Int(jobOfRow[completions[next]])].userID
        if user >= 0 {
          var entry = history[user] ?? (0, 0, 0)
          entry = (last: (finish - start).microseconds, previous: entry.last, count: min(entry.count + 1, 2))
          history[user] = entry
        }
        next += 1
      }
      let rejected = job.nodes > nodes || (!rejectedByConfiguration.isEmpty && rejectedByConfiguration.contains(job.id))
      guard !rejected, job.userID >= 0, let entry = history[job.userID], entry.count >= 2 else { continue }
      let average = entry.last / 2 + entry.previous / 2 + (entry.last % 2 + entry.previous % 2) / 2
      if average < job.estimate.microseconds { predicted[index].estimate = SimTime(microseconds: average) }
    }
    return predicted
  }
}

// MARK: - Which guarantees hold under predicted estimates

extension ArrivalOrderGuarantee {
  /// Start order follows arrival order whatever the estimates.
  public var holdsUnderPredictedEstimates: Bool { true }
}

extension ConservativeStartBound {
  /// The bound assumes estimates never shorter than run times; a corrected
  /// prediction moves reservations later.
  public var holdsUnderPredictedEstimates: Bool { false }
}

extension PartitionGuarantee {
  /// Placement does not depend on estimates.
  public var holdsUnderPredictedEstimates: Bool { true }
}

extension UserLimitGuarantee {
  /// Limits count running jobs, not estimates.
  public var holdsUnderPredictedEstimates: Bool { true }
}

extension ScheduleGuarantee {
  public var holdsUnderPredictedEstimates: Bool { false }
}

extension ValidationReport {
  /// The line naming the guarantees left unchecked, or nothing.
  var uncheckedLine: String {
    guard !uncheckedGuarantees.isEmpty else { return "" }
    return "not checked (predicted estimates can be shorter than run times): "
      + uncheckedGuarantees.joined(separator: ", ") + "\n"
  }
}
