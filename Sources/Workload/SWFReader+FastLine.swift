import SimKernel

/// The fast path for the common data line: 18 plain numbers separated by
/// spaces, read in place with no bounds checks and no line search.
///
/// A line is taken here when its tokens are 18, separated by spaces (and
/// preceded and followed by optional spaces, then an optional `\r`, then the
/// `\n`), each an optional `-` and 1 to 15 digits (12 for a time), a time
/// optionally followed by `.` and 0 to 6 fraction digits. Every such line
/// gives exactly the record the general parser (`record(_:_:)`) gives: the
/// values accepted here are a subset of what it accepts, read without any
/// rounding. Anything else (tabs, `+`, exponents, long tokens, comments,
/// blank or bad lines) makes `fastRecord` return `nil`, and the reader parses
/// the line again with the general parser, which also reports errors.
///
/// The scan stops at the first byte that is not a space, a digit, `-`, `.`
/// or `\r`, so it never passes the line's `\n`. Its loops branch on every
/// byte: the columns of a trace have nearly the same widths from line to
/// line, so the branches predict well. Reading 8 bytes at a time (SWAR) was
/// tried and measured slower: the position of each token then depends on
/// the loads and arithmetic of the previous one, where predicted branches
/// let the processor run ahead (HPC2N, 202,871 lines: 30.4 ms against 45 ms
/// for SWAR and 33.6 ms for the general parser with `memchr`).
extension SWFFieldParser {
  /// One field: spaces, `-`?, 1 to `maxDigits` digits; with `time`,
  /// optionally `.` and 0 to 6 fraction digits; then a space, `\r` or `\n`.
  /// Returns the value (a time in microseconds) and moves `p` to the byte
  /// after the digits, or returns `nil` (`p` is then unchanged).
  @inline(__always)
  static func fastField(_ p: inout Cursor, maxDigits: Int, time: Bool) -> Int64? {
    var q = p
    var c = q.pointee
    while c == 0x20 { q += 1; c = q.pointee }
    let negative = c == 0x2D
    if negative { q += 1; c = q.pointee }
    let first = q
    var d = c &- 0x30
    guard d < 10 else { return nil }
    var value = Int64(d)
    q += 1
    d = q.pointee &- 0x30
    while d < 10 {
      value = value &* 10 &+ Int64(d)
      q += 1
      d = q.pointee &- 0x30
    }
    guard q - first <= maxDigits else { return nil }
    if time {
      value &*= 1_000_000
      if d == 0x2E &- 0x30 {
        q += 1
        let fractionStart = q
        var scale: Int64 = 100_000
        var fraction: Int64 = 0
        d = q.pointee &- 0x30
        while d < 10 {
          fraction = fraction &+ Int64(d) &* scale
          scale /= 10
          q += 1
          d = q.pointee &- 0x30
        }
        guard q - fractionStart <= 6 else { return nil }
        value &+= fraction
      }
    }
    let t = q.pointee
    guard t == 0x20 || t == 0x0A || t == 0x0D else { return nil }
    p = q
    return negative ? 0 &- value : value
  }

  /// The record of the data line starting at `start`, and the line's `\n`,
  /// when every field takes the fast path; `nil` otherwise.
  ///
  /// - Complexity: O(line length).
  @inline(__always)
  static func fastRecord(_ start: Cursor, newline: inout Cursor) -> SWFRecord? {
    var p = start
    guard let jobNumber = fastField(&p, maxDigits: 15, time: false),
      let submitTime = fastField(&p, maxDigits: 12, time: true),
      let waitTime = fastField(&p, maxDigits: 12, time: true),
      let runTime = fastField(&p, maxDigits: 12, time: true),
      let allocated = fastField(&p, maxDigits: 15, time: false),
      let averageCPU = fastField(&p, maxDigits: 12, time: true),
      let usedMemory = fastField(&p, maxDigits: 15, time: false),
      let requested = fastField(&p, maxDigits: 15, time: false),
      let requestedTime = fastField(&p, maxDigits: 12, time: true),
      let requestedMemory = fastField(&p, maxDigits: 15, time: false),
      let status = fastField(&p, maxDigits: 15, time: false),
      let user = fastField(&p, maxDigits: 15, time: false),
      let group = fastField(&p, maxDigits: 15, time: false),
      let executable = fastField(&p, maxDigits: 15, time: false),
      let queue = fastField(&p, maxDigits: 15, time: false),
      let partition = fastField(&p, maxDigits: 15, time: false),
      let preceding = fastField(&p, maxDigits: 15, time: false),
      let thinkTime = fastField(&p, maxDigits: 12, time: true)
    else { return nil }
    var c = p.pointee
    while c == 0x20 { p += 1; c = p.pointee }
    if c == 0x0D { p += 1; c = p.pointee }
    guard c == 0x0A else { return nil }
    newline = p
    return SWFRecord(
      jobNumber: jobNumber, submitTime: SimTime(microseconds: submitTime),
      waitTime: SimTime(microseconds: waitTime), runTime: SimTime(microseconds: runTime),
      allocatedProcessors: allocated, averageCPUTime: SimTime(microseconds: averageCPU),
      usedMemory: usedMemory, requestedProcessors: requested,
      requestedTime: SimTime(microseconds: requestedTime), requestedMemory: requestedMemory,
      status: status, userID: user, groupID: group, executableNumber: executable,
      queueNumber: queue, partitionNumber: partition, precedingJobNumber: preceding,
      thinkTime: SimTime(microseconds: thinkTime))
  }
}
