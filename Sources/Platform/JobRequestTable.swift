/// Per-job resource requests that no SWF field carries, read from a CSV
/// sidecar keyed by job id (`--job-requests`; docs/formats/job-requests.md):
///
///     job_id,accelerators_per_node
///     17,2
///
/// `accelerators_per_node` is what Slurm's `--gres=gpu:N` asks: N
/// accelerators on each of the job's nodes. Blank lines and lines starting
/// with `#` are ignored; jobs absent from the file request none.
public struct JobRequestTable: Sendable, Hashable {
  public static let columns = ["job_id", "accelerators_per_node"]

  /// The file the requests came from.
  public let path: String
  /// Accelerators per node, by job id (only non-zero requests).
  public private(set) var accelerators: [Int64: Int16] = [:]

  /// Reads `path`.
  ///
  /// - Throws: `JobRequestError` naming the file, line and field of the first problem.
  /// - Complexity: O(file size).
  public static func load(path: String) throws(JobRequestError) -> JobRequestTable {
    let bytes: [UInt8]
    do {
      bytes = try IODemandTable.readBytes(path: path)
    } catch {
      throw JobRequestError(path: path, line: nil, message: "cannot read the requests file: \(error.kind)")
    }
    return try parse(bytes: bytes, path: path)
  }

  /// Parses requests held in memory; `path` is used in messages only.
  public static func parse(text: String, path: String) throws(JobRequestError) -> JobRequestTable {
    try parse(bytes: Array(text.utf8), path: path)
  }

  static func parse(bytes: [UInt8], path: String) throws(JobRequestError) -> JobRequestTable {
    var table = JobRequestTable(path: path)
    var sawHeader = false
    var seen: [Int64: Int] = [:]
    try CSVRecords(bytes: bytes).forEach { (line, fields, text) throws(JobRequestError) in
      if !sawHeader {
        guard fields.count == 2 && fields[0].elementsEqual(columns[0].utf8) && fields[1].elementsEqual(columns[1].utf8)
        else {
          throw JobRequestError(
            path: path, line: line, message: "expected the header 'job_id,accelerators_per_node', found '\(text.text)'")
        }
        sawHeader = true
        return
      }
      guard fields.count == 2 else {
        throw JobRequestError(path: path, line: line, message: "expected 2 fields, found \(fields.count)")
      }
      guard let id = Int64(fields[0].text) else {
        throw JobRequestError(path: path, line: line, message: "field 'job_id' = '\(fields[0].text)': not an integer job id")
      }
      guard let count = Int16(fields[1].text), count >= 0 else {
        throw JobRequestError(
          path: path, line: line,
          message: "field 'accelerators_per_node' = '\(fields[1].text)': not a whole number 0 ... \(Int16.max)")
      }
      if let first = seen.updateValue(line, forKey: id) {
        throw JobRequestError(path: path, line: line, message: "job \(id) is listed twice (first on line \(first))")
      }
      if count > 0 { table.accelerators[id] = count }
    }
    guard sawHeader else { throw JobRequestError(path: path, line: nil, message: "the file has no header line") }
    return table
  }
}

/// A problem in a job requests file, rendered as `path:line: message`.
public struct JobRequestError: Error, CustomStringConvertible, Equatable, Sendable {
  public var path: String
  public var line: Int?
  public var message: String

  public var description: String { (line.map { "\(path):\($0)" } ?? path) + ": " + message }
}
