import SimKernel

/// One data line of a Standard Workload Format file: all 18 fields, as read.
///
/// Fields that are irrelevant for a log hold `-1` (times: `SimTime.seconds(-1)`).
/// Times are exact: float times in the file are rounded to the microsecond.
/// See `docs/formats/swf.md` for the field list.
public struct SWFRecord: Hashable, Sendable {
  /// Field 1. Not a line number: cleaned traces have gaps.
  public var jobNumber: Int64
  /// Field 2: seconds since the log's start.
  public var submitTime: SimTime
  /// Field 3: seconds from submit to start in the original log.
  public var waitTime: SimTime
  /// Field 4: wall-clock run time.
  public var runTime: SimTime
  /// Field 5.
  public var allocatedProcessors: Int64
  /// Field 6: seconds per processor.
  public var averageCPUTime: SimTime
  /// Field 7: KB per processor.
  public var usedMemory: Int64
  /// Field 8.
  public var requestedProcessors: Int64
  /// Field 9: the user's estimate or limit.
  public var requestedTime: SimTime
  /// Field 10: KB per processor.
  public var requestedMemory: Int64
  /// Field 11: 1 completed, 0 failed, 5 cancelled, 2-4 partial, -1 unknown.
  public var status: Int64
  /// Field 12.
  public var userID: Int64
  /// Field 13.
  public var groupID: Int64
  /// Field 14.
  public var executableNumber: Int64
  /// Field 15.
  public var queueNumber: Int64
  /// Field 16.
  public var partitionNumber: Int64
  /// Field 17.
  public var precedingJobNumber: Int64
  /// Field 18.
  public var thinkTime: SimTime

  public init(
    jobNumber: Int64, submitTime: SimTime, waitTime: SimTime = .seconds(-1),
    runTime: SimTime, allocatedProcessors: Int64, averageCPUTime: SimTime = .seconds(-1),
    usedMemory: Int64 = -1, requestedProcessors: Int64 = -1,
    requestedTime: SimTime = .seconds(-1), requestedMemory: Int64 = -1, status: Int64 = -1,
    userID: Int64 = -1, groupID: Int64 = -1, executableNumber: Int64 = -1,
    queueNumber: Int64 = -1, partitionNumber: Int64 = -1, precedingJobNumber: Int64 = -1,
    thinkTime: SimTime = .seconds(-1)
  ) {
    self.jobNumber = jobNumber
    self.submitTime = submitTime
    self.waitTime = waitTime
    self.runTime = runTime
    self.allocatedProcessors = allocatedProcessors
    self.averageCPUTime = averageCPUTime
    self.usedMemory = usedMemory
    self.requestedProcessors = requestedProcessors
    self.requestedTime = requestedTime
    self.requestedMemory = requestedMemory
    self.status = status
    self.userID = userID
    self.groupID = groupID
    self.executableNumber = executableNumber
    self.queueNumber = queueNumber
    self.partitionNumber = partitionNumber
    self.precedingJobNumber = precedingJobNumber
    self.thinkTime = thinkTime
  }

  /// The 18 field names, 1-based as on the PWA page (index 0 is field 1).
  public static let fieldNames: [String] = [
    "Job Number", "Submit Time", "Wait Time", "Run Time",
    "Number of Allocated Processors", "Average CPU Time Used", "Used Memory",
    "Requested Number of Processors", "Requested Time", "Requested Memory",
    "Status", "User ID", "Group ID", "Executable Number", "Queue Number",
    "Partition Number", "Preceding Job Number", "Think Time from Preceding Job",
  ]
}
