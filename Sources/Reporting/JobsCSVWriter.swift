import Platform
import Scheduling
import SimKernel
import Simulation
import Workload

/// Streams the per-job schedule as a Batsim/evalys `jobs.csv`.
///
/// Columns: `job_id, submission_time, requested_number_of_resources,
/// requested_time, success, starting_time, execution_time, finish_time,
/// waiting_time, turnaround_time, stretch, allocated_resources`. Times are
/// seconds with six decimals; resources are node indices (0-based) as an
/// interval set (`0-3 8`); `requested_time` is the estimate the scheduler
/// planned with; `stretch` is turnaround / execution, empty when execution is
/// zero. Rows come in the order jobs end; rejected jobs follow with
/// `success` 0 and empty times. The file appears only once complete.
///
/// Five columns follow the twelve Batsim ones (which stay first and
/// unchanged, so evalys reads the file): `final_state`
/// (`COMPLETED_SUCCESSFULLY`, `COMPLETED_WALLTIME_REACHED` for a job killed at
/// its time limit, `REJECTED`), `user` and `group` (SWF fields 12 and 13),
/// `partition` (field 16) and `processors` (the trace processors the job
/// asked for; `requested_number_of_resources` is in nodes). Unknown values
/// are `-1`, as in SWF.
///
/// Then one column per pending reason (`pendingColumns`,
/// `pending_<reason>_s`): the job's wait split by reason in seconds with six
/// decimals, exact, summing to `waiting_time` (see `PendingReason`); empty
/// for rejected jobs.
public final class JobsCSVWriter: ReplayObserver {
  public static let header =
    (JobsCSVReader.columns + extraColumns).joined(separator: ",") + "\n"

  /// The columns after the twelve Batsim ones.
  public static let extraColumns = legacyExtraColumns + pendingColumns

  /// The five extra columns of hpcsim before pending reasons.
  public static let legacyExtraColumns = ["final_state", "user", "group", "partition", "processors"]

  /// `pending_<reason>_s` for every reason, in reason order.
  public static let pendingColumns = PendingReason.allCases.map { "pending_\($0.snakeName)_s" }

  let file: AtomicFile
  var buffer = ByteBuffer(capacity: 1 << 20)
  var rejectedRows = ByteBuffer(capacity: 1024)
  /// The first error met while writing; reported by `commit()`.
  var failure: OutputError?

  /// Opens `path` for writing (a temporary file until `commit()`).
  public init(path: String) throws(OutputError) {
    file = try AtomicFile(path: path)
    buffer.append(Self.header)
  }

  public func jobEnded(_ outcome: JobOutcome) {
    let job = outcome.job
    buffer.append(job.id)
    buffer.append(UInt8(ascii: ","))
    buffer.appendSeconds(job.submitTime)
    buffer.append(UInt8(ascii: ","))
    buffer.append(Int64(job.nodes))
    buffer.append(UInt8(ascii: ","))
    buffer.appendSeconds(job.estimate)
    buffer.append(outcome.state == .completed ? ",1," : ",0,")
    buffer.appendSeconds(outcome.startTime)
    buffer.append(UInt8(ascii: ","))
    let execution = outcome.endTime - outcome.startTime
    buffer.appendSeconds(execution)
    buffer.append(UInt8(ascii: ","))
    buffer.appendSeconds(outcome.endTime)
    buffer.append(UInt8(ascii: ","))
    buffer.appendSeconds(outcome.startTime - job.submitTime)
    buffer.append(UInt8(ascii: ","))
    let turnaround = outcome.endTime - job.submitTime
    buffer.appendSeconds(turnaround)
    buffer.append(UInt8(ascii: ","))
    if execution.microseconds > 0 {
      buffer.append(Double(turnaround.microseconds) / Double(execution.microseconds), decimals: 6)
    }
    buffer.append(UInt8(ascii: ","))
    appendNodes(outcome.nodes)
    buffer.append(outcome.state == .completed ? ",COMPLETED_SUCCESSFULLY," : ",COMPLETED_WALLTIME_REACHED,")
    Self.appendExtras(job, to: &buffer)
    appendPending(outcome.pending)
    if buffer.bytes.count >= 1 << 20 { flush() }
  }

  public func jobRejected(_ job: Job, reason: RejectReason) {
    rejectedRows.append(job.id)
    rejectedRows.append(UInt8(ascii: ","))
    rejectedRows.appendSeconds(job.submitTime)
    rejectedRows.append(UInt8(ascii: ","))
    rejectedRows.append(Int64(job.nodes))
    rejectedRows.append(UInt8(ascii: ","))
    rejectedRows.appendSeconds(job.estimate)
    rejectedRows.append(",0,,,,,,,,REJECTED,")
    Self.appendExtras(job, to: &rejectedRows)
    rejectedRows.append(Self.emptyPending)
  }

  static let reasons = PendingReason.allCases

  /// The pending columns of a rejected row, and the newline.
  static let emptyPending = String(repeating: ",", count: pendingColumns.count) + "\n"

  /// The pending-reason columns, each preceded by a comma, and the newline.
  func appendPending(_ pending: PendingTimes) {
    for reason in Self.reasons {
      buffer.append(UInt8(ascii: ","))
      buffer.appendFixed6(pending[reason])
    }
    buffer.append(UInt8(ascii: "\n"))
  }

  /// `user,group,partition,processors` (no newline).
  static func appendExtras(_ job: Job, to buffer: inout ByteBuffer) {
    buffer.append(Int64(job.userID))
    buffer.append(UInt8(ascii: ","))
    buffer.append(Int64(job.groupID))
    buffer.append(UInt8(ascii: ","))
    buffer.append(Int64(job.partitionNumber))
    buffer.append(UInt8(ascii: ","))
    buffer.append(Int64(job.processors))
  }

  func appendNodes(_ nodes: NodeSet) {
    var first = true
    nodes.forEachRun { run in
      if !first { buffer.append(UInt8(ascii: " ")) }
      first = false
      buffer.append(Int64(run.lower))
      if run.upper != run.lower {
        buffer.append(UInt8(ascii: "-"))
        buffer.append(Int64(run.upper))
      }
    }
  }

  func flush() {
    guard failure == nil else { return }
    do {
      try file.write(bytes: buffer.bytes)
    } catch {
      failure = error
    }
    buffer.bytes.removeAll(keepingCapacity: true)
  }

  /// Writes the rejected rows and moves the file into place.
  public func commit() throws(OutputError) {
    buffer.bytes.append(contentsOf: rejectedRows.bytes)
    flush()
    if let failure { throw failure }
    try file.commit()
  }
}
