import SimKernel

/// Byte-level parsing of one SWF data line into an `SWFRecord`.
///
/// Works on raw pointers, with no `String` and no allocation: plain integers
/// (the overwhelming majority of tokens) take a short fast path; anything
/// else (`123.75`, `1e3`, 19+ digits, garbage) goes to `decimal`, which is
/// exact: a time is rounded to the nearest microsecond (half away from zero),
/// an integer field accepts `3.0` or `1e3` but rejects `3.5`.
enum SWFFieldParser {
  /// Why a line failed; the reader turns it into an `SWFError` at once.
  ///
  /// `@unchecked Sendable`: the pointer is only read on the thread that
  /// parsed the line, before the line buffer moves.
  struct Failure: Error, @unchecked Sendable {
    enum Kind { case notANumber, fractional, outOfRange, extraFields }
    var kind: Kind
    /// 1-based field number.
    var field: Int
    /// Where the offending token begins.
    var token: UnsafePointer<UInt8>
  }

  typealias Cursor = UnsafePointer<UInt8>

  /// Space, tab, `\n`, `\v`, `\f`, `\r`.
  @inline(__always)
  static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte &- 0x09) < 5 }

  /// Parses the 18 fields of the line `[start, end)`; `end.pointee` must be
  /// `\n` (a sentinel: `LineBuffer` guarantees it).
  ///
  /// - Throws: `Failure` naming the first bad field, or `.extraFields`.
  /// - Complexity: O(line length).
  @inline(__always)
  static func record(_ start: Cursor, _ end: Cursor) throws(Failure) -> SWFRecord {
    var p = start
    let jobNumber = try integer(&p, end, field: 1)
    let submitTime = try time(&p, end, field: 2)
    let waitTime = try time(&p, end, field: 3)
    let runTime = try time(&p, end, field: 4)
    let allocated = try integer(&p, end, field: 5)
    let averageCPU = try time(&p, end, field: 6)
    let usedMemory = try integer(&p, end, field: 7)
    let requested = try integer(&p, end, field: 8)
    let requestedTime = try time(&p, end, field: 9)
    let requestedMemory = try integer(&p, end, field: 10)
    let status = try integer(&p, end, field: 11)
    let user = try integer(&p, end, field: 12)
    let group = try integer(&p, end, field: 13)
    let executable = try integer(&p, end, field: 14)
    let queue = try integer(&p, end, field: 15)
    let partition = try integer(&p, end, field: 16)
    let preceding = try integer(&p, end, field: 17)
    let thinkTime = try time(&p, end, field: 18)
    while p < end && isSpace(p.pointee) { p += 1 }
    if p < end { throw Failure(kind: .extraFields, field: 19, token: p) }
    return SWFRecord(
      jobNumber: jobNumber, submitTime: submitTime, waitTime: waitTime, runTime: runTime,
      allocatedProcessors: allocated, averageCPUTime: averageCPU, usedMemory: usedMemory,
      requestedProcessors: requested, requestedTime: requestedTime,
      requestedMemory: requestedMemory, status: status, userID: user, groupID: group,
      executableNumber: executable, queueNumber: queue, partitionNumber: partition,
      precedingJobNumber: preceding, thinkTime: thinkTime)
  }

  /// An integer field; advances `p` past the token.
  @inline(__always)
  static func integer(_ p: inout Cursor, _ end: Cursor, field: Int) throws(Failure) -> Int64 {
    if let value = plainInteger(&p, maxDigits: 18) { return value }
    return try decimal(&p, end, scale: 0, field: field)
  }

  /// A time field in seconds, exact to the microsecond; advances `p`.
  @inline(__always)
  static func time(_ p: inout Cursor, _ end: Cursor, field: Int) throws(Failure) -> SimTime {
    if let seconds = plainInteger(&p, maxDigits: 12) { return .seconds(seconds) }
    return SimTime(microseconds: try decimal(&p, end, scale: 6, field: field))
  }

  /// The fast path: blanks (space, tab), then `-?digits` ending at a space, a
  /// tab or the line's `\n` sentinel, with at most `maxDigits` digits (so no
  /// overflow check is needed). Returns `nil` without moving `p` otherwise.
  ///
  /// Reads no further than the `\n` that `LineBuffer` guarantees at every
  /// line's end, so no bounds check is needed per byte.
  @inline(__always)
  static func plainInteger(_ p: inout Cursor, maxDigits: Int) -> Int64? {
    var q = p
    var byte = q.pointee
    while byte == 0x20 || byte == 0x09 {
      q += 1
      byte = q.pointee
    }
    let negative = byte == 0x2D
    if negative {
      q += 1
      byte = q.pointee
    }
    let first = q
    var digit = byte &- 0x30
    var value: Int64 = 0
    while digit <= 9 {
      value = value &* 10 &+ Int64(digit)
      q += 1
      digit = q.pointee &- 0x30
    }
    let terminator = q.pointee
    guard q > first, q - first <= maxDigits,
      terminator == 0x20 || terminator == 0x09 || terminator == 0x0A
    else { return nil }
    p = q
    return negative ? 0 &- value : value
  }
}
