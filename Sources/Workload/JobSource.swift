import SimKernel

/// A stream of jobs in submit order, pulled lazily by a replay so that memory
/// holds only the jobs that are live.
public protocol JobSource: ~Copyable {
  /// The next job, or `nil` at the end. Submit times must not decrease.
  mutating func nextJob() throws -> Job?

  /// The next jobs, in order (at least one), or none at the end; the same
  /// jobs and error as calling `nextJob()` repeatedly. A replay takes its
  /// arrivals this way: a source that holds jobs in batches hands a whole
  /// batch over (about 50 instructions a job less than `nextJob()` through
  /// a generic call). Default: one job at a time.
  mutating func nextJobs() throws -> [Job]
}

extension JobSource where Self: ~Copyable {
  public mutating func nextJobs() throws -> [Job] {
    guard let job = try nextJob() else { return [] }
    return [job]
  }
}

/// Jobs from an array (for tests and for traces sorted in memory).
public struct ArrayJobSource: JobSource {
  var jobs: [Job]
  var index = 0

  /// A source over `jobs`, which must be sorted by submit time.
  public init(_ jobs: [Job]) { self.jobs = jobs }

  public mutating func nextJob() -> Job? {
    guard index < jobs.count else { return nil }
    defer { index += 1 }
    return jobs[index]
  }

  /// Every job not yet taken, at once.
  public mutating func nextJobs() -> [Job] {
    defer { index = jobs.count }
    return index == 0 ? jobs : Array(jobs[index...])
  }
}

/// Jobs read from an SWF file as it streams, admitted by `JobAdmission`.
/// Skipped records are counted by reason.
public struct TraceJobSource: JobSource, ~Copyable {
  var reader: SWFReader
  /// The trace's header.
  public var header: SWFHeader { reader.header }
  /// How records become jobs; may be changed before the first `nextJob()`.
  public var admission: JobAdmission
  /// Records read from the file (replayable or not).
  public private(set) var recordsRead = 0
  /// Records skipped before replay, by reason.
  public private(set) var skipped: [SkipReason: Int] = [:]

  /// Opens `path`.
  public init(path: String, admission: JobAdmission, onBadRecord: BadRecordPolicy) throws(SWFError) {
    reader = try SWFReader(path: path, onBadRecord: onBadRecord)
    self.admission = admission
  }

  public mutating func nextJob() throws -> Job? {
    while let record = try reader.next() {
      recordsRead += 1
      switch admission.admit(record) {
      case .job(let job): return job
      case .skipped(let reason): skipped[reason, default: 0] += 1
      }
    }
    return nil
  }

  /// Skip counts including malformed lines skipped by the reader, by reason.
  public var skipCounts: [(reason: SkipReason, count: Int)] {
    var counts = skipped
    if reader.malformedSkipped > 0 { counts[.malformedLine] = reader.malformedSkipped }
    return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }
}
