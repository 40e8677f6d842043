import SimKernel
import Simulation
import Workload

/// Writes the simulated schedule as an SWF file: the trace again, record for
/// record and header included, with field 3 (Wait Time) holding the
/// simulated wait, and `Note` lines saying so and recording hpcsim, the trace
/// digest, the machine and every option.
///
/// During the replay it only records each job's wait (24 bytes a job in an
/// array); `write` sorts them by (job number, submit time) and streams the
/// trace a second time, finding each record's wait with a cursor (trace
/// order is usually job-number order) or a binary search. Records that were
/// not replayed (skipped before replay, or rejected as larger than the
/// machine) keep their fields with a wait of -1; malformed lines skipped with
/// `--on-bad-record skip` are left out. Reading the output with `SWFReader`
/// and `JobAdmission` gives the same jobs as the trace.
public final class ScheduleSWFWriter: ReplayObserver {
  struct Entry {
    var id: Int64
    var submit: Int64
    var wait: Int64
  }
  var entries: [Entry] = []

  public init(expectedJobs: Int = 0) {
    entries.reserveCapacity(min(expectedJobs, 50_000_000))
  }

  public func jobEnded(_ outcome: JobOutcome) {
    entries.append(
      Entry(id: outcome.job.id, submit: outcome.job.submitTime.microseconds, wait: outcome.waitTime.microseconds))
  }

  /// Finds simulated waits by (job number, submit time); a key that repeats
  /// gets its waits in turn (in end order).
  struct Lookup {
    let entries: [Entry]
    var taken: [Bool]
    var cursor = 0

    init(_ recorded: [Entry]) {
      // Stable: equal keys keep their end order.
      entries = recorded.enumerated().sorted {
        ($0.element.id, $0.element.submit, $0.offset) < ($1.element.id, $1.element.submit, $1.offset)
      }.map(\.element)
      taken = [Bool](repeating: false, count: entries.count)
    }

    /// The wait of the next untaken entry with this key, if any.
    ///
    /// - Complexity: O(1) when records come in key order, else O(log n).
    mutating func take(id: Int64, submit: Int64) -> Int64? {
      func matches(_ index: Int) -> Bool {
        index < entries.count && entries[index].id == id && entries[index].submit == submit
      }
      var index = cursor
      if !(matches(index) && !taken[index]) {
        var (low, high) = (0, entries.count)
        while low < high {
          let middle = (low + high) / 2
          if (entries[middle].id, entries[middle].submit) < (id, submit) { low = middle + 1 } else { high = middle }
        }
        index = low
        while matches(index) && taken[index] { index += 1 }
        guard matches(index) else { return nil }
      }
      taken[index] = true
      cursor = index + 1
      return entries[index].wait
    }
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
    var lookup = Lookup(entries)
    while var record = try reader.next() {
      let wait = lookup.take(id: record.jobNumber, submit: record.submitTime.microseconds)
      record.waitTime = SimTime(microseconds: wait ?? -1_000_000)
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

extension ScheduleSWFWriter {
  /// Counts only: reads no node set.
  public var usesNodeSets: Bool { false }
}
