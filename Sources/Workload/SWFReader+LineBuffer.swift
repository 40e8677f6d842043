#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits a `ByteSource` into lines through one fixed buffer.
///
/// The buffer (1 MiB) is refilled in place: the partial last line is moved to
/// the front and the source writes after it, so memory stays flat whatever the
/// file's size. A line longer than the buffer doubles it. Lines are found with
/// `memchr`. A last line without a final newline is still returned.
///
/// Every line returned is followed by a `\n` in memory (the real one, or a
/// sentinel written after the data), so parsers may scan up to it without
/// bounds checks. The sentinel is always in place after the data, so that a
/// parser may also scan the unread data at `cursor` for a whole line
/// without searching for its end first (see `SWFFieldParser.fastRecord`).
struct LineBuffer: ~Copyable {
  let source: ByteSource
  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// Offset of the first byte not yet returned.
  private var start = 0
  /// Offset one past the last valid byte.
  private var end = 0
  /// Offset of the last line returned (for `unread()`).
  private var lastLineStart = 0
  private var sourceEnded = false
  /// The 1-based number of the last line returned; 0 before the first.
  private(set) var lineNumber = 0
  /// Bytes delivered by the source so far.
  private(set) var bytesRead = 0

  static let initialCapacity = 1 << 20
  /// Bytes asked of the source by the first read. The header is parsed from
  /// it, on the thread that opens the trace, before reading moves to its own
  /// thread (`ReadAheadJobSource`): a first read filling the whole 1 MiB
  /// decoded HPC2N's first sixth there, 8 M instructions and 256 page faults
  /// before the replay could start.
  static let firstReadSize = 64 << 10

  init(source: ByteSource) {
    self.source = source
    capacity = Self.initialCapacity
    base = .allocate(capacity: capacity + 1)  // + the sentinel
    base[0] = 0x0A
  }

  deinit { base.deallocate() }

  /// The next line, without its `\n` (a `\r` before it is left in place), or
  /// `nil` at the end of the data.
  ///
  /// The pointers stay valid until the next call; `end.pointee` is `\n`.
  /// - Complexity: amortised O(line length).
  @inline(__always)
  mutating func nextLine() throws(SWFError) -> (start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>)? {
    while true {
      if start < end, let newline = memchr(base + start, 0x0A, end - start) {
        let lineStart = UnsafePointer(base + start)
        let lineEnd = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self))
        lastLineStart = start
        start = lineEnd - UnsafePointer(base) + 1
        lineNumber += 1
        return (lineStart, lineEnd)
      }
      if sourceEnded {
        guard start < end else { return nil }
        lastLineStart = start
        let lineStart = UnsafePointer(base + start)
        base[end] = 0x0A  // the sentinel
        start = end
        lineNumber += 1
        return (lineStart, UnsafePointer(base + end))
      }
      try refill()
    }
  }

  /// The first unread byte. The unread data ends at `dataEnd`, where a `\n`
  /// sentinel stands; a line found before `dataEnd` is complete.
  var cursor: UnsafePointer<UInt8> {
    @inline(__always) get { UnsafePointer(base + start) }
  }

  /// One past the last byte read from the source (where the sentinel stands).
  var dataEnd: UnsafePointer<UInt8> {
    @inline(__always) get { UnsafePointer(base + end) }
  }

  /// Consumes the line from `cursor` to `newline` (a `\n` before `dataEnd`),
  /// as `nextLine()` would have returned it.
  @inline(__always)
  mutating func consumeLine(through newline: UnsafePointer<UInt8>) {
    lastLineStart = start
    start = newline - UnsafePointer(base) + 1
    lineNumber += 1
  }

  /// Gives back the line just returned by `nextLine()`, which returns it again.
  mutating func unread() {
    start = lastLineStart
    lineNumber -= 1
  }

  /// Moves the unread tail (with the source's history, see
  /// `ByteSource.historyNeeded`) to the front and appends the source's next
  /// bytes.
  private mutating func refill() throws(SWFError) {
    let keepFrom = max(0, min(start, end - source.historyNeeded))
    if keepFrom > 0 {
      let remaining = end - keepFrom
      if remaining > 0 { memmove(base, base + keepFrom, remaining) }
      start -= keepFrom
      end = remaining
      lastLineStart = start
    }
    if end == capacity { grow() }
    let room = bytesRead == 0 ? min(capacity - end, Self.firstReadSize) : capacity - end
    let got = try source.read(into: base + end, capacity: room)
    if got == 0 { sourceEnded = true }
    end += got
    bytesRead += got
    base[end] = 0x0A  // the sentinel
  }

  /// Doubles the buffer for a line longer than it.
  private mutating func grow() {
    let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + 1)
    larger.update(from: base, count: end)
    base.deallocate()
    base = larger
    capacity *= 2
  }
}
