import SimKernel

extension SWFRecord {
  /// The record as one SWF data line (no newline): the 18 fields separated by
  /// single spaces. Times print as whole seconds when exact, otherwise with
  /// their shortest exact fraction (`SimTime.formatCompact()`: `12`, `12.5`).
  public var swfLine: String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(96)
    appendSWFLine(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends `swfLine`'s bytes (no newline) to `bytes`, without making a `String`.
  ///
  /// - Complexity: O(1) (at most 18 × 21 bytes).
  public func appendSWFLine(to bytes: inout [UInt8]) {
    Self.append(jobNumber, to: &bytes, space: false)
    Self.append(submitTime, to: &bytes)
    Self.append(waitTime, to: &bytes)
    Self.append(runTime, to: &bytes)
    Self.append(allocatedProcessors, to: &bytes)
    Self.append(averageCPUTime, to: &bytes)
    Self.append(usedMemory, to: &bytes)
    Self.append(requestedProcessors, to: &bytes)
    Self.append(requestedTime, to: &bytes)
    Self.append(requestedMemory, to: &bytes)
    Self.append(status, to: &bytes)
    Self.append(userID, to: &bytes)
    Self.append(groupID, to: &bytes)
    Self.append(executableNumber, to: &bytes)
    Self.append(queueNumber, to: &bytes)
    Self.append(partitionNumber, to: &bytes)
    Self.append(precedingJobNumber, to: &bytes)
    Self.append(thinkTime, to: &bytes)
  }

  /// Appends `value` in decimal, preceded by a space unless `space` is false.
  static func append(_ value: Int64, to bytes: inout [UInt8], space: Bool = true) {
    if space { bytes.append(0x20) }
    if value < 0 { bytes.append(0x2D) }
    appendDigits(value.magnitude, to: &bytes, minimumCount: 1)
  }

  /// Appends a time in seconds, as `SimTime.formatCompact()` spells it.
  static func append(_ time: SimTime, to bytes: inout [UInt8]) {
    bytes.append(0x20)
    if time.microseconds < 0 { bytes.append(0x2D) }
    let magnitude = time.microseconds.magnitude
    appendDigits(magnitude / 1_000_000, to: &bytes, minimumCount: 1)
    var fraction = magnitude % 1_000_000
    guard fraction != 0 else { return }
    var width = 6
    while fraction % 10 == 0 {
      fraction /= 10
      width -= 1
    }
    bytes.append(0x2E)
    appendDigits(fraction, to: &bytes, minimumCount: width)
  }

  /// Appends the decimal digits of `value`, zero-padded to `minimumCount`.
  static func appendDigits(_ value: UInt64, to bytes: inout [UInt8], minimumCount: Int) {
    var count = 1
    var scan = value
    while scan >= 10 {
      scan /= 10
      count += 1
    }
    count = max(count, minimumCount)
    bytes.append(contentsOf: repeatElement(0x30, count: count))
    var rest = value
    var index = bytes.count - 1
    while rest > 0 {
      bytes[index] = UInt8(truncatingIfNeeded: rest % 10) + 0x30
      rest /= 10
      index -= 1
    }
  }

  /// The header as `; Key: value` comment lines, each ending in a newline.
  ///
  /// Fields are written in order; a multi-line value continues on indented
  /// `;` lines, and free text (empty key) follows a blank `;` line, so that
  /// `SWFReader` reads back the same `fields`. A typed property (`maxJobs` …
  /// `timeZoneString`) that was changed after reading replaces its field's
  /// value, and one with no field is added at the end, as are extra `notes`.
  public static func headerLines(_ header: SWFHeader) -> String {
    var text = ""
    var pending = header.typedValues()
    var noteFields = 0
    for (index, field) in header.fields.enumerated() {
      let key = field.key.lowercased()
      var value = field.value
      if let typed = pending.removeValue(forKey: key),
        typed != value, SWFHeader.leadingInteger(value).map(String.init) != typed
      {
        value = typed
      }
      if key == "note" { noteFields += 1 }
      if field.key.isEmpty && index > 0 { text += ";\n" }
      text += headerField(key: field.key, value: value)
    }
    for (key, value) in header.typedValueOrder {
      if let value, pending[key.lowercased()] != nil { text += headerField(key: key, value: value) }
    }
    for note in header.notes.dropFirst(noteFields) { text += headerField(key: "Note", value: note) }
    return text
  }

  /// One field as comment lines: `; Key: first` then `;       next` lines, or
  /// `;   line` lines when the key is empty.
  static func headerField(key: String, value: String) -> String {
    let lines = value.split(separator: "\n", omittingEmptySubsequences: true)
    if key.isEmpty { return lines.map { ";   \($0)\n" }.joined() }
    var text = lines.first.map { "; \(key): \($0)\n" } ?? "; \(key):\n"
    for line in lines.dropFirst() { text += ";       \(line)\n" }
    return text
  }
}

extension SWFHeader {
  /// The typed properties, keyed by lower-cased field key, as they would be written.
  func typedValues() -> [String: String] {
    var values: [String: String] = [:]
    for (key, value) in typedValueOrder { if let value { values[key.lowercased()] = value } }
    return values
  }

  /// The typed properties in the order a new header lists them.
  var typedValueOrder: [(String, String?)] {
    [
      ("MaxJobs", maxJobs.map(String.init)), ("MaxRecords", maxRecords.map(String.init)),
      ("UnixStartTime", unixStartTime.map(String.init)), ("TimeZoneString", timeZoneString),
      ("MaxNodes", maxNodes.map(String.init)), ("MaxProcs", maxProcs.map(String.init)),
      ("MaxRuntime", maxRuntime.map(String.init)),
    ]
  }
}

/// Writes an SWF file atomically: header comments, then one line per record.
///
/// The output appears at `path` only on `commit()` (see `AtomicFile`); it is
/// read back by `SWFReader` to the same header fields and records.
public final class SWFWriter {
  private let file: AtomicFile
  private var line: [UInt8] = []

  /// Opens a temporary file beside `path`.
  ///
  /// - Throws: `OutputError.cannotCreate`.
  public init(path: String) throws(OutputError) {
    file = try AtomicFile(path: path)
    line.reserveCapacity(256)
  }

  /// Writes the header as comment lines (see `SWFRecord.headerLines`).
  public func write(header: SWFHeader) throws(OutputError) {
    try file.write(SWFRecord.headerLines(header))
  }

  /// Writes one data line.
  ///
  /// - Complexity: O(1) amortised.
  public func write(_ record: SWFRecord) throws(OutputError) {
    line.removeAll(keepingCapacity: true)
    record.appendSWFLine(to: &line)
    line.append(0x0A)
    try file.write(bytes: line)
  }

  /// Flushes, syncs and renames the file into place.
  public func commit() throws(OutputError) {
    try file.commit()
  }
}
