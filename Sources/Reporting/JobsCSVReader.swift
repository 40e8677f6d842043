import Platform
import SimKernel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a per-job schedule written by `JobsCSVWriter` (Batsim/evalys
/// `jobs.csv`) back into rows, exactly.
///
/// The header must be the twelve Batsim columns, alone or followed by
/// hpcsim's five extra columns, or by those and the pending-reason columns
/// (`JobsCSVWriter.header`); every row must hold as many comma-separated
/// fields (of the extras, only the pending reasons are parsed). Times are parsed from their decimal text into
/// integer microseconds (at most six decimals), never through `Double`, so a
/// comparison with the trace is exact. The first problem stops the read with a
/// `JobsCSVError` naming the file, line and column.
///
/// Parsing is byte-level over the whole file in memory: no `String` is made
/// per row (only for error messages).
public struct JobsCSVReader {
  /// The column names, in order.
  public static let columns = [
    "job_id", "submission_time", "requested_number_of_resources", "requested_time", "success",
    "starting_time", "execution_time", "finish_time", "waiting_time", "turnaround_time", "stretch",
    "allocated_resources",
  ]

  /// Every column hpcsim writes: the Batsim ones, then `JobsCSVWriter.extraColumns`.
  public static let allColumns = columns + JobsCSVWriter.extraColumns

  /// The headers a file may have: Batsim's, with hpcsim's first five extras,
  /// or with every extra.
  static let acceptedHeaders = [columns, columns + JobsCSVWriter.legacyExtraColumns, allColumns]

  /// Reads and parses the file at `path`.
  ///
  /// - Throws: `JobsCSVError`, naming `path` as given.
  /// - Complexity: O(file size).
  public static func read(path: String) throws(JobsCSVError) -> [ScheduledRow] {
    let bytes = try readFile(path: path)
    return try parse(bytes: bytes, path: path)
  }

  /// Parses the text of a `jobs.csv` held in memory; `path` is used in errors.
  ///
  /// - Throws: `JobsCSVError` for the first malformed line.
  /// - Complexity: O(`bytes.count`).
  public static func parse(bytes: [UInt8], path: String) throws(JobsCSVError) -> [ScheduledRow] {
    guard !bytes.isEmpty else { throw .emptyFile(path: path) }
    return try bytes.withUnsafeBufferPointer { (buffer) throws(JobsCSVError) -> [ScheduledRow] in
      var parser = JobsCSVParser(path: path, text: buffer)
      return try parser.parseAll()
    }
  }

  /// The whole file as bytes, read with POSIX `read(2)`.
  static func readFile(path: String) throws(JobsCSVError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    if descriptor < 0 { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var info = stat()
    if fstat(descriptor, &info) == 0 && info.st_size > 0 { bytes.reserveCapacity(Int(info.st_size) + 1) }
    let chunk = 1 << 20
    var chunkBuffer = [UInt8](repeating: 0, count: chunk)
    while true {
      let got = chunkBuffer.withUnsafeMutableBytes { posixRead(descriptor, $0.baseAddress, chunk) }
      if got < 0 {
        if errno == EINTR { continue }
        throw .cannotRead(path: path, reason: String(cString: strerror(errno)))
      }
      if got == 0 { break }
      bytes.append(contentsOf: chunkBuffer[0..<got])
    }
    return bytes
  }
}

/// `read(2)`, named apart from `JobsCSVReader.read(path:)`.
@inline(__always)
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}
