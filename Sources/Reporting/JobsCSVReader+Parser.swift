import Platform
import Scheduling
import SimKernel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The byte-level parser behind `JobsCSVReader`: one pass over the text,
/// splitting each line at commas into its fields and parsing each in place
/// (the twelve Batsim ones, and the pending-reason columns when present).
struct JobsCSVParser {
  let path: String
  let text: UnsafeBufferPointer<UInt8>
  /// Field `i` of the current line is `starts[i] ..< ends[i]`.
  var starts = [Int](repeating: 0, count: JobsCSVReader.allColumns.count)
  var ends = [Int](repeating: 0, count: JobsCSVReader.allColumns.count)
  /// Scratch runs for the allocation field, reused row to row.
  var runs: [NodeRun] = []
  var line = 0
  /// Fields per row: 12 (Batsim columns only), 17 (with hpcsim's first
  /// extras) or 23 (with the pending-reason columns).
  var fieldCount = 12

  init(path: String, text: UnsafeBufferPointer<UInt8>) {
    self.path = path
    self.text = text
  }

  static let comma = UInt8(ascii: ",")
  static let newline = UInt8(ascii: "\n")
  static let carriageReturn = UInt8(ascii: "\r")

  /// Parses the header and every row.
  ///
  /// - Complexity: O(text length).
  mutating func parseAll() throws(JobsCSVError) -> [ScheduledRow] {
    guard let base = text.baseAddress else { return [] }
    var position = 0
    var rows: [ScheduledRow] = []
    rows.reserveCapacity(Self.lineCount(text))
    while position < text.count {
      var lineEnd = text.count
      if let found = memchr(base + position, Int32(Self.newline), text.count - position) {
        lineEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      }
      let next = lineEnd + 1
      if lineEnd > position && text[lineEnd - 1] == Self.carriageReturn { lineEnd -= 1 }
      line += 1
      if line == 1 {
        try checkHeader(position, lineEnd)
      } else if lineEnd > position {
        rows.append(try row(position, lineEnd))
      }
      position = next
    }
    return rows
  }

  /// The number of newlines in `text` (an upper bound on the rows), counted
  /// with `memchr`.
  static func lineCount(_ text: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = text.baseAddress else { return 0 }
    var count = 0
    var position = 0
    while position < text.count,
      let found = memchr(base + position, Int32(newline), text.count - position)
    {
      count += 1
      position = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
    }
    return count
  }

  /// Accepts the twelve Batsim columns, alone or followed by hpcsim's extras:
  /// the five of `JobsCSVWriter.legacyExtraColumns` (not parsed), then the
  /// pending-reason columns (parsed).
  mutating func checkHeader(_ start: Int, _ end: Int) throws(JobsCSVError) {
    for columns in JobsCSVReader.acceptedHeaders where matches(columns, start, end) {
      fieldCount = columns.count
      return
    }
    throw .badHeader(path: path, found: token(start, end))
  }

  /// Whether `start..<end` is exactly `columns` joined by commas.
  func matches(_ columns: [String], _ start: Int, _ end: Int) -> Bool {
    let expected = columns.joined(separator: ",").utf8
    guard end - start == expected.count else { return false }
    var index = start
    for byte in expected {
      if text[index] != byte { return false }
      index += 1
    }
    return true
  }

  /// Splits `start..<end` at commas and parses the 12 fields.
  mutating func row(_ start: Int, _ end: Int) throws(JobsCSVError) -> ScheduledRow {
    guard let base = text.baseAddress else { throw .fieldCount(path: path, line: line, found: 0) }
    var field = 0
    var fieldStart = start
    while true {
      var fieldEnd = end
      if let found = memchr(base + fieldStart, Int32(Self.comma), end - fieldStart) {
        fieldEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      }
      if field < starts.count {
        starts[field] = fieldStart
        ends[field] = fieldEnd
      }
      field += 1
      if fieldEnd == end { break }
      fieldStart = fieldEnd + 1
    }
    guard field == fieldCount else { throw .fieldCount(path: path, line: line, found: field) }
    let successField = try integer(4)
    guard successField == 0 || successField == 1 else {
      throw .badSuccess(path: path, line: line, token: token(starts[4], ends[4]))
    }
    return ScheduledRow(
      line: line, jobID: try integer(0), submitTime: try time(1), requestedNodes: try integer(2),
      requestedTime: try time(3), success: successField == 1, startTime: try optionalTime(5),
      executionTime: try optionalTime(6), finishTime: try optionalTime(7),
      waitingTime: try optionalTime(8), turnaroundTime: try optionalTime(9),
      stretchMillionths: try optionalTime(10)?.microseconds, nodes: try nodeSet(11),
      pending: try pendingTimes())
  }

  /// The pending-reason columns, when the file has them and they are not
  /// empty (a rejected job's are).
  func pendingTimes() throws(JobsCSVError) -> PendingTimes? {
    guard fieldCount == JobsCSVReader.allColumns.count else { return nil }
    let first = JobsCSVReader.columns.count + JobsCSVWriter.legacyExtraColumns.count
    var times = PendingTimes()
    var present = false
    for (offset, reason) in PendingReason.allCases.enumerated() {
      guard let value = try optionalTime(first + offset) else { continue }
      times[reason] = value.microseconds
      present = true
    }
    return present ? times : nil
  }

  // MARK: - Fields

  /// Field `field` as a required integer.
  func integer(_ field: Int) throws(JobsCSVError) -> Int64 {
    switch Self.decimal(text, starts[field], ends[field], maxDecimals: 0) {
    case .value(let value): return value
    case .empty: throw .emptyField(path: path, line: line, field: JobsCSVReader.allColumns[field])
    case .malformed, .tooPrecise: throw notANumber(field)
    case .outOfRange: throw outOfRange(field)
    }
  }

  /// Field `field` as a required time in seconds, exact to the microsecond.
  func time(_ field: Int) throws(JobsCSVError) -> SimTime {
    guard let value = try optionalTime(field) else {
      throw .emptyField(path: path, line: line, field: JobsCSVReader.allColumns[field])
    }
    return value
  }

  /// Field `field` as a time, or `nil` when empty.
  func optionalTime(_ field: Int) throws(JobsCSVError) -> SimTime? {
    switch Self.decimal(text, starts[field], ends[field], maxDecimals: 6) {
    case .value(let value): return SimTime(microseconds: value)
    case .empty: return nil
    case .malformed: throw notANumber(field)
    case .tooPrecise:
      throw .tooManyDecimals(
        path: path, line: line, field: JobsCSVReader.allColumns[field], token: token(starts[field], ends[field]))
    case .outOfRange: throw outOfRange(field)
    }
  }

  func notANumber(_ field: Int) -> JobsCSVError {
    .notANumber(
      path: path, line: line, field: JobsCSVReader.allColumns[field], token: token(starts[field], ends[field]))
  }

  func outOfRange(_ field: Int) -> JobsCSVError {
    .outOfRange(
      path: path, line: line, field: JobsCSVReader.allColumns[field], token: token(starts[field], ends[field]))
  }

  /// The text of `start..<end`, for messages.
  func token(_ start: Int, _ end: Int) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self)
  }
}
