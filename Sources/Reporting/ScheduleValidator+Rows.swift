import Platform
import SimKernel
import Workload

extension ScheduleValidator {
  /// Matches each trace job with its row by id, recording rows for unknown
  /// jobs, second rows for a job, and ids the trace repeats.
  ///
  /// - Returns: for each job (trace order), the index of its row or -1.
  /// - Complexity: O(n + r) expected (a table indexed by id when ids are
  ///   dense, as trace job numbers are; hashing otherwise).
  func matchRows(jobs: [Job], rows: [ScheduledRow], log: inout ViolationLog) -> [Int32] {
    let index = JobIndex(jobs)
    for id in index.repeatedIDs { log.record(Violation(jobID: id, kind: .duplicateTraceID)) }
    var rowOfJob = [Int32](repeating: -1, count: jobs.count)
    for rowIndex in rows.indices {
      let id = rows[rowIndex].jobID
      let jobIndex = index[id]
      guard jobIndex >= 0 else {
        log.record(Violation(jobID: id, line: rows[rowIndex].line, kind: .unknownJob))
        continue
      }
      let previous = rowOfJob[Int(jobIndex)]
      if previous >= 0 {
        log.record(
          Violation(
            jobID: id, line: rows[rowIndex].line, kind: .duplicateRow(firstLine: rows[Int(previous)].line)))
      } else {
        rowOfJob[Int(jobIndex)] = Int32(rowIndex)
      }
    }
    return rowOfJob
  }

  /// Checks row `rowIndex` against job `jobIndex`: rejection, the copied
  /// fields, the times and the allocation.
  ///
  /// - Returns: the job's placement when it ran with a usable start and
  ///   finish (for the sweep), else `nil`.
  /// - Complexity: O(runs in the allocation).
  func checkRow(
    _ rows: [ScheduledRow], _ rowIndex: Int, jobs: [Job], _ jobIndex: Int, log: inout ViolationLog
  ) -> Placement? {
    let row = rows[rowIndex]
    let job = jobs[jobIndex]
    checkCopiedFields(row, of: job, log: &log)
    if job.nodes > nodes || (!rejectedByConfiguration.isEmpty && rejectedByConfiguration.contains(job.id)) {
      if row.success || !row.hasNoPlacement {
        log.record(Violation(jobID: job.id, kind: .notRejected(needs: job.nodes, machine: nodes)))
      }
      return nil
    }
    guard !(row.hasNoPlacement && !row.success) else {
      log.record(Violation(jobID: job.id, kind: .wronglyRejected(needs: job.nodes, machine: nodes)))
      return nil
    }
    guard let start = row.startTime, let execution = row.executionTime, let finish = row.finishTime,
      let waiting = row.waitingTime, let turnaround = row.turnaroundTime
    else {
      log.record(Violation(jobID: job.id, line: row.line, kind: .missingTime(field: firstEmptyTime(row))))
      return nil
    }
    if start < job.submitTime {
      log.record(Violation(jobID: job.id, kind: .startBeforeSubmit(start: start, submit: job.submitTime)))
    }
    let runTime = expectedRunTime(job)
    let killed = runTime < job.runTime
    if finish - start != runTime {
      log.record(
        Violation(
          jobID: job.id, kind: .wrongRunTime(start: start, finish: finish, runTime: runTime, killed: killed)))
    } else if row.success == killed {
      log.record(Violation(jobID: job.id, kind: .successMismatch(row: row.success)))
    }
    checkDerived(row, "execution_time", execution, finish - start, "finish_time - starting_time", log: &log)
    checkDerived(row, "waiting_time", waiting, start - row.submitTime, "starting_time - submission_time", log: &log)
    checkDerived(
      row, "turnaround_time", turnaround, finish - row.submitTime, "finish_time - submission_time", log: &log)
    checkStretch(row, execution: finish - start, turnaround: finish - row.submitTime, log: &log)
    checkAllocation(row.nodes, of: job, log: &log)
    guard finish >= start else { return nil }
    return Placement(
      job: Int32(jobIndex), row: Int32(rowIndex), count: job.nodes, start: start.microseconds,
      finish: finish.microseconds, nodes: row.nodes)
  }

  /// `submission_time`, `requested_number_of_resources` and `requested_time`
  /// against the trace.
  func checkCopiedFields(_ row: ScheduledRow, of job: Job, log: inout ViolationLog) {
    if row.submitTime != job.submitTime {
      log.record(
        Violation(
          jobID: job.id, line: row.line,
          kind: .submitTimeMismatch(row: row.submitTime, trace: job.submitTime)))
    }
    if row.requestedNodes != Int64(job.nodes) {
      log.record(
        Violation(
          jobID: job.id, line: row.line, kind: .nodeCountMismatch(row: row.requestedNodes, trace: job.nodes)))
    }
    if row.requestedTime != job.estimate {
      log.record(
        Violation(
          jobID: job.id, line: row.line, kind: .estimateMismatch(row: row.requestedTime, trace: job.estimate)))
    }
  }

  /// A derived column equals what the row's other columns give.
  @inline(__always)
  func checkDerived(
    _ row: ScheduledRow, _ field: StaticString, _ value: SimTime, _ expected: SimTime,
    _ formula: StaticString, log: inout ViolationLog
  ) {
    guard value != expected else { return }
    log.record(
      Violation(
        jobID: row.jobID, line: row.line,
        kind: .inconsistentField(
          field: field.description, value: value, expected: expected, formula: formula.description)))
  }

  /// The first empty time column of a row that ran.
  func firstEmptyTime(_ row: ScheduledRow) -> String {
    if row.startTime == nil { return "starting_time" }
    if row.executionTime == nil { return "execution_time" }
    if row.finishTime == nil { return "finish_time" }
    if row.waitingTime == nil { return "waiting_time" }
    return "turnaround_time"
  }

  /// `stretch` is turnaround / execution to six decimals (one millionth of
  /// slack for the writer's floating-point rounding), and empty exactly when
  /// the execution time is zero.
  func checkStretch(_ row: ScheduledRow, execution: SimTime, turnaround: SimTime, log: inout ViolationLog) {
    let expected: Double? =
      execution.microseconds > 0
      ? Double(turnaround.microseconds) / Double(execution.microseconds) : nil
    let consistent: Bool
    switch (row.stretchMillionths, expected) {
    case (nil, nil): consistent = true
    case (let value?, let expected?):
      let difference = abs(Double(value) - expected * 1e6)
      consistent = difference <= 1.000_001 + abs(expected) * 1e-9
    default: consistent = false
    }
    if !consistent {
      log.record(
        Violation(
          jobID: row.jobID, line: row.line,
          kind: .stretchMismatch(millionths: row.stretchMillionths, expected: expected)))
    }
  }

  /// The allocation holds exactly the job's node count, all on the machine.
  func checkAllocation(_ allocation: NodeSet, of job: Job, log: inout ViolationLog) {
    let count = allocation.count
    if count != Int(job.nodes) {
      log.record(Violation(jobID: job.id, kind: .allocationSize(allocated: count, needs: job.nodes)))
    }
    if let last = allocation.runs.last, last.upper >= nodes {
      let outside = allocation.runs.first { $0.upper >= nodes }.map { max($0.lower, nodes) } ?? last.upper
      log.record(Violation(jobID: job.id, kind: .nodeOutOfRange(node: outside, machine: nodes)))
    }
  }
}

/// Job ids to their first index in the trace.
struct JobIndex {
  /// When ids span a small range: `table[id - lowest]`, -1 for none.
  var table: [Int32] = []
  var lowest: Int64 = 0
  /// Otherwise: a hash map.
  var map: [Int64: Int32] = [:]
  /// Ids the trace holds more than once, in trace order.
  var repeatedIDs: [Int64] = []

  /// - Complexity: O(n) expected.
  init(_ jobs: [Job]) {
    guard let lowest = jobs.lazy.map(\.id).min(), let highest = jobs.lazy.map(\.id).max() else { return }
    let span = highest.subtractingReportingOverflow(lowest)
    if !span.overflow && span.partialValue < Int64(4 * jobs.count + 1024) {
      self.lowest = lowest
      table = [Int32](repeating: -1, count: Int(span.partialValue) + 1)
      for (index, job) in jobs.enumerated() {
        let slot = Int(job.id - lowest)
        if table[slot] >= 0 { repeatedIDs.append(job.id) } else { table[slot] = Int32(index) }
      }
    } else {
      map.reserveCapacity(jobs.count)
      for (index, job) in jobs.enumerated() where map.updateValue(Int32(index), forKey: job.id) != nil {
        repeatedIDs.append(job.id)
      }
      if !repeatedIDs.isEmpty {  // keep the first record of each id
        for (index, job) in jobs.enumerated().reversed() { map[job.id] = Int32(index) }
      }
    }
  }

  /// The index of the first job with `id`, or -1.
  subscript(id: Int64) -> Int32 {
    if !table.isEmpty {
      let offset = id.subtractingReportingOverflow(lowest)
      guard !offset.overflow, offset.partialValue >= 0, offset.partialValue < Int64(table.count) else { return -1 }
      return table[Int(offset.partialValue)]
    }
    return map[id] ?? -1
  }
}
