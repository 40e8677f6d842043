import SimKernel

/// Facts about a trace that matter before replaying it: counts, missing
/// fields, anomalies and what admission would skip.
public struct TraceInspection: Sendable {
  public var header: SWFHeader
  public var records = 0
  /// Per field (index 0 = field 1): how many values are -1.
  public var missingByField = [Int](repeating: 0, count: 18)
  /// Per field: how many values are negative but not -1 (out of spec).
  public var otherNegativeByField = [Int](repeating: 0, count: 18)
  /// Records whose submit time is earlier than the previous record's.
  public var submitInversions = 0
  /// Records with a run time of exactly zero.
  public var zeroRunTime = 0
  /// Records that ran longer than their requested time.
  public var exceededRequestedTime = 0
  /// The most processors of any record (allocated, else requested).
  public var largestJobProcessors: Int64 = 0
  /// Records that need more processors than the header's MaxProcs.
  public var largerThanMaxProcs = 0
  /// What admission would skip, by reason.
  public var skipped: [SkipReason: Int] = [:]
  /// Malformed lines skipped (only with `.skip`).
  public var malformedSkipped = 0
  public var firstSubmit: SimTime?
  public var lastSubmit: SimTime?

  /// Reads the whole trace at `path` once.
  ///
  /// - Complexity: O(records), constant memory.
  public init(path: String, onBadRecord: BadRecordPolicy = .fail) throws(SWFError) {
    var reader = try SWFReader(path: path, onBadRecord: onBadRecord)
    header = reader.header
    let admission = JobAdmission()
    var previousSubmit = Int64.min
    while let record = try reader.next() {
      records += 1
      let values = record.fieldValues
      for (index, value) in values.enumerated() {
        if value == -1 { missingByField[index] += 1 } else if value < 0 { otherNegativeByField[index] += 1 }
      }
      let submit = record.submitTime.microseconds
      if submit >= 0 {
        if submit < previousSubmit { submitInversions += 1 }
        previousSubmit = submit
        if firstSubmit == nil || record.submitTime < firstSubmit! { firstSubmit = record.submitTime }
        if lastSubmit == nil || record.submitTime > lastSubmit! { lastSubmit = record.submitTime }
      }
      if record.runTime == .zero { zeroRunTime += 1 }
      if record.requestedTime.microseconds >= 0 && record.runTime > record.requestedTime {
        exceededRequestedTime += 1
      }
      let processors = record.allocatedProcessors > 0 ? record.allocatedProcessors : record.requestedProcessors
      largestJobProcessors = max(largestJobProcessors, processors)
      if let maxProcs = header.maxProcs, processors > maxProcs { largerThanMaxProcs += 1 }
      if case .skipped(let reason) = admission.admit(record) { skipped[reason, default: 0] += 1 }
    }
    malformedSkipped = reader.malformedSkipped
  }
}

extension SWFRecord {
  /// The 18 fields as integers (times in whole seconds, rounded down), in field order.
  public var fieldValues: [Int64] {
    [
      jobNumber, submitTime.wholeSeconds, waitTime.wholeSeconds, runTime.wholeSeconds,
      allocatedProcessors, averageCPUTime.wholeSeconds, usedMemory, requestedProcessors,
      requestedTime.wholeSeconds, requestedMemory, status, userID, groupID, executableNumber,
      queueNumber, partitionNumber, precedingJobNumber, thinkTime.wholeSeconds,
    ]
  }
}
