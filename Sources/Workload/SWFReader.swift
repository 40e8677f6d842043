/// A streaming reader of Standard Workload Format traces, plain or gzip.
///
/// Opening a reader parses the header comments (every leading `;` line) into
/// `header`; `next()` then yields one data record per call, in file order.
/// Comment lines anywhere, blank lines and `\r\n` endings are tolerated. The
/// file is never held in memory whole: bytes stream through a fixed 1 MiB
/// buffer and each line is parsed in place, byte by byte, with no `String`
/// (HPC2N's 202,871 records take a few tens of milliseconds in release builds).
///
///     var reader = try SWFReader(path: "HPC2N-2002-2.2-cln.swf.gz")
///     while let record = try reader.next() { … }
///
/// Gzip is detected from the magic bytes, not the name; files made of several
/// gzip members are read as one.
public struct SWFReader: ~Copyable {
  /// The path as given.
  public let path: String
  /// The header comments read when the reader was opened.
  public let header: SWFHeader
  /// What happens to a malformed data line.
  public let onBadRecord: BadRecordPolicy
  /// The 1-based line number of the last record returned; 0 before the first.
  public private(set) var lineNumber = 0
  /// Data lines skipped as malformed (only under `.skip`).
  public private(set) var malformedSkipped = 0
  /// The error of the first skipped line (only under `.skip`), for a warning.
  public private(set) var firstSkippedError: SWFError?
  var lines: LineBuffer

  /// Opens `path` and reads its header.
  ///
  /// - Parameters:
  ///   - path: a plain or gzip-compressed SWF file.
  ///   - onBadRecord: `.fail` (default) throws at the first malformed data
  ///     line; `.skip` skips and counts it in `malformedSkipped`.
  /// - Throws: `SWFError.cannotOpen`, `.readFailed`, `.emptyFile` (no bytes
  ///   at all), `.corruptCompressedData`, `.truncatedCompressedData`.
  public init(path: String, onBadRecord: BadRecordPolicy = .fail) throws(SWFError) {
    var lines = LineBuffer(source: try ByteSource(path: path))
    var builder = SWFHeaderBuilder()
    while let line = try lines.nextLine() {
      var p = line.start
      while p < line.end && SWFFieldParser.isSpace(p.pointee) { p += 1 }
      if p == line.end { continue }
      guard p.pointee == 0x3B else {  // ";"
        lines.unread()
        break
      }
      let text = UnsafeBufferPointer(start: p + 1, count: line.end - p - 1)
      builder.add(comment: Substring(String(decoding: text, as: UTF8.self)))
    }
    if lines.bytesRead == 0 { throw .emptyFile(path: path) }
    self.path = path
    self.header = builder.finish()
    self.onBadRecord = onBadRecord
    self.lines = lines
  }

  /// The next data record, or `nil` at the end of the file.
  ///
  /// - Throws: `SWFError.fieldCount` / `.malformedField` / `.fractionalField`
  ///   / `.fieldOutOfRange` for a bad line under `.fail`; stream errors
  ///   (`.readFailed`, `.corruptCompressedData`, `.truncatedCompressedData`)
  ///   under either policy.
  /// - Complexity: O(length of the lines consumed).
  ///
  /// A line of plain numbers separated by spaces is read in place by
  /// `SWFFieldParser.fastRecord`, 8 bytes at a time; any other line (or one
  /// that straddles the end of the buffered data) goes to `nextGeneral()`.
  /// Inlined into callers (`TraceJobSource`) so that the 144-byte record is
  /// built in the caller's storage.
  @inline(__always)
  public mutating func next() throws(SWFError) -> SWFRecord? {
    var newline = lines.dataEnd
    if let record = SWFFieldParser.fastRecord(lines.cursor, newline: &newline),
      newline < lines.dataEnd
    {
      lines.consumeLine(through: newline)
      lineNumber = lines.lineNumber
      return record
    }
    return try nextGeneral()
  }

  /// `next()` for any line: comments, blank lines, numbers the fast path
  /// does not take, malformed lines (thrown or skipped), more data.
  ///
  /// Returning from inside the `do` builds the record without copies (the
  /// record declared before the `do` was copied with `memcpy` per record).
  @inline(never)
  mutating func nextGeneral() throws(SWFError) -> SWFRecord? {
    while let line = try lines.nextLine() {
      var p = line.start
      while p < line.end && SWFFieldParser.isSpace(p.pointee) { p += 1 }
      if p == line.end || p.pointee == 0x3B { continue }  // blank or ";" comment
      do {
        let record = try SWFFieldParser.record(p, line.end)
        lineNumber = lines.lineNumber
        return record
      } catch {
        try skipMalformed(error, lineStart: p, lineEnd: line.end)
      }
    }
    return nil
  }

  /// Turns a parse failure into an `SWFError`: thrown under `.fail`,
  /// counted (and the first one kept) under `.skip`.
  @inline(never)
  mutating func skipMalformed(
    _ failure: SWFFieldParser.Failure, lineStart: UnsafePointer<UInt8>, lineEnd: UnsafePointer<UInt8>
  ) throws(SWFError) {
    let problem = failure.swfError(path: path, line: lines.lineNumber, lineEnd: lineEnd, lineStart: lineStart)
    guard onBadRecord == .skip else { throw problem }
    malformedSkipped += 1
    if firstSkippedError == nil { firstSkippedError = problem }
  }

  /// Reads a whole trace into memory.
  ///
  /// Capacity is reserved from the header's `MaxRecords` (else `MaxJobs`).
  /// - Complexity: O(file size).
  public static func readAll(
    path: String, onBadRecord: BadRecordPolicy = .fail
  ) throws(SWFError) -> (header: SWFHeader, records: [SWFRecord]) {
    var reader = try SWFReader(path: path, onBadRecord: onBadRecord)
    var records: [SWFRecord] = []
    if let expected = reader.header.maxRecords ?? reader.header.maxJobs {
      records.reserveCapacity(Int(min(expected, 4_000_000)))
    }
    while let record = try reader.next() { records.append(record) }
    return (reader.header, records)
  }
}
