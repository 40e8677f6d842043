import SimKernel
import Simulation
import Workload

/// Writes the simulated schedule as an SWF file: the trace again, record for
/// record and header included, with field 3 (Wait Time) holding the
/// simulated wait, and `Note` lines saying so and recording hpcsim, the trace
/// digest, the machine and every option.
///
/// During the replay it only records each job's wait (a hash map keyed by job
/// number and submit time: O(jobs) memory, 16 bytes of payload each); `write`
/// then streams the trace a second time. Records that were not replayed
/// (skipped before replay, or rejected as larger than the machine) keep their
/// fields with a wait of -1; malformed lines skipped with
/// `--on-bad-record skip` are left out. Reading the output with `SWFReader`
/// and `JobAdmission` gives the same jobs as the trace.
public final class ScheduleSWFWriter: ReplayObserver {
  struct Key: Hashable {
    var id: Int64
    var submit: Int64
  }
  var waits: [Key: Int64] = [:]
  /// Waits of further jobs with an already-seen key, in end order (rare).
  var repeated: [Key: [Int64]] = [:]

  public init(expectedJobs: Int = 0) {
    waits.reserveCapacity(min(expectedJobs, 50_000_000))
  }

  public func jobEnded(_ outcome: JobOutcome) {
    let key = Key(id: outcome.job.id, submit: outcome.job.submitTime.microseconds)
    let wait = outcome.waitTime.microseconds
    if let first = waits.updateValue(wait, forKey: key) {
      // Keep the first; queue the later one.
      waits[key] = first
      repeated[key, default: []].append(wait)
    }
  }

  /// The simulated wait of the record with `key`, consumed so that repeated
  /// keys get their waits in turn.
  func takeWait(_ key: Key) -> Int64? {
    if var more = repeated[key], !more.isEmpty {
      let first = waits[key]
      waits[key] = more.removeFirst()
      repeated[key] = more
      return first
    }
    return waits.removeValue(forKey: key)
  }

  /// Streams `tracePath` again and writes it to `path` with simulated waits.
  ///
  /// - Parameters:
  ///   - notes: `Note` lines to add to the header (one line each).
  /// - Throws: `SWFError` reading the trace, `OutputError` writing.
  /// - Returns: the number of records written.
  @discardableResult
  public func write(
    tracePath: String, onBadRecord: BadRecordPolicy, notes: [String], to path: String
  ) throws -> Int {
    var reader = try SWFReader(path: tracePath, onBadRecord: onBadRecord)
    var header = reader.header
    header.notes.append(contentsOf: notes)
    let writer = try SWFWriter(path: path)
    try writer.write(header: header)
    var written = 0
    while var record = try reader.next() {
      let key = Key(id: record.jobNumber, submit: record.submitTime.microseconds)
      record.waitTime = SimTime(microseconds: takeWait(key) ?? -1_000_000)
      try writer.write(record)
      written += 1
    }
    try writer.commit()
    return written
  }
}

extension ReplayReport {
  /// The `Note` lines of an SWF schedule written for this report.
  public func swfNotes() -> [String] {
    var notes = [
      "Schedule simulated by hpcsim \(version): field 3 (Wait Time) is the simulated wait in seconds,"
        + " -1 for records not replayed (skipped or rejected); other fields are the trace's",
      "hpcsim trace: \(baseName(tracePath))"
        + (provenance.map { " (\($0.traceBytes) bytes, sha256 \($0.traceSHA256))" } ?? ""),
      "hpcsim machine: \(machineName), \(nodes) nodes, \(coresPerNode) trace processor(s) per node"
        + (provenance?.machineConfigSHA256.map { " (config sha256 \($0))" } ?? ""),
      "hpcsim policy: \(policy)",
    ]
    notes.append("hpcsim options: " + options.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
    return notes.map { $0.replacingNewlines() }
  }
}

extension String {
  /// The text with line breaks replaced by spaces (header values are one line).
  func replacingNewlines() -> String {
    String(map { $0 == "\n" || $0 == "\r" ? " " : $0 })
  }
}
