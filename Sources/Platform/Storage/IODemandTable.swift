#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import SimKernel

/// I/O demands read from a CSV file keyed by job id (`--io-demands`; format
/// in docs/formats/io-demands.md):
///
///     job_id,input_bytes,output_bytes,scratch_bytes,checkpoint_bytes,checkpoint_interval_s
///     17,1000000000,5e9,0,0,0
///
/// The header names the columns, in any order; `job_id`, `input_bytes` and
/// `output_bytes` are required, the others default to 0. Byte counts are
/// whole numbers, written plainly or with a decimal exponent (`2.5e9`);
/// `checkpoint_interval_s` is seconds with up to six decimals. Blank lines
/// and lines starting with `#` are ignored. Jobs absent from the file have no
/// I/O; rows for jobs that are not replayed are ignored.
public struct IODemandTable: Sendable {
  /// Column names, in the documented order.
  public static let columns = [
    "job_id", "input_bytes", "output_bytes", "scratch_bytes", "checkpoint_bytes", "checkpoint_interval_s",
  ]
  static let requiredColumns: Set<String> = ["job_id", "input_bytes", "output_bytes"]

  /// The file the demands came from.
  public let path: String
  /// Demands by job id.
  public private(set) var demands: [Int64: IODemand] = [:]

  /// The demand of job `id`, or `nil` when the file does not list it.
  @inlinable public func demand(forJob id: Int64) -> IODemand? { demands[id] }

  /// Jobs listed.
  public var count: Int { demands.count }

  /// Reads `path`.
  ///
  /// - Throws: `IODemandError` naming the file, line and field of the first problem.
  /// - Complexity: O(file size).
  public static func load(path: String) throws(IODemandError) -> IODemandTable {
    try parse(bytes: readBytes(path: path), path: path)
  }

  /// Parses demands held in memory; `path` is used in messages only.
  public static func parse(text: String, path: String) throws(IODemandError) -> IODemandTable {
    try parse(bytes: Array(text.utf8), path: path)
  }

  static func parse(bytes: [UInt8], path: String) throws(IODemandError) -> IODemandTable {
    var table = IODemandTable(path: path)
    var header: [Int]?  // column index in `columns`, by field position
    var firstLine: [Int64: Int] = [:]
    try CSVRecords(bytes: bytes).forEach { (lineNumber, fields, _) throws(IODemandError) in
      guard let positions = header else {
        header = try parseHeader(fields.map(\.text), path: path, line: lineNumber)
        return
      }
      guard fields.count == positions.count else {
        throw IODemandError(
          path: path, line: lineNumber, kind: .fieldCount(found: fields.count, expected: positions.count))
      }
      let (id, demand) = try parseRow(fields, positions: positions, path: path, line: lineNumber)
      if let first = firstLine.updateValue(lineNumber, forKey: id) {
        throw IODemandError(path: path, line: lineNumber, kind: .duplicateJob(jobID: id, firstLine: first))
      }
      table.demands[id] = demand
    }
    guard header != nil else { throw IODemandError(path: path, line: nil, kind: .missingHeader) }
    return table
  }

  static func parseHeader(_ fields: [String], path: String, line: Int) throws(IODemandError) -> [Int] {
    var positions: [Int] = []
    for field in fields {
      let name = field
      guard let index = columns.firstIndex(of: name) else {
        throw IODemandError(path: path, line: line, kind: .unknownColumn(name: name))
      }
      if positions.contains(index) {
        throw IODemandError(path: path, line: line, kind: .duplicateColumn(name: name))
      }
      positions.append(index)
    }
    for name in columns where requiredColumns.contains(name) {
      if !positions.contains(columns.firstIndex(of: name)!) {
        throw IODemandError(path: path, line: line, kind: .missingColumn(name: name))
      }
    }
    return positions
  }

  static func parseRow(
    _ fields: [ArraySlice<UInt8>], positions: [Int], path: String, line: Int
  ) throws(IODemandError) -> (Int64, IODemand) {
    var values = [Int64](repeating: 0, count: columns.count)
    for (field, column) in zip(fields, positions) {
      let name = columns[column]
      if column == 0 {
        guard let id = Int64(String(decoding: field, as: UTF8.self)) else {
          throw IODemandError(
            path: path, line: line,
            kind: .badField(field: name, token: String(decoding: field, as: UTF8.self), problem: "not an integer job id"))
        }
        values[0] = id
        continue
      }
      let scale = column == 5 ? 6 : 0
      switch ExactDecimal.parse(field, scale: scale) {
      case .success(let value): values[column] = value
      case .failure(let problem):
        throw IODemandError(
          path: path, line: line,
          kind: .badField(
            field: name, token: String(decoding: field, as: UTF8.self), problem: problem.message(seconds: column == 5)))
      }
    }
    let demand = IODemand(
      inputBytes: values[1], outputBytes: values[2], scratchBytes: values[3], checkpointBytes: values[4],
      checkpointInterval: SimTime(microseconds: values[5]))
    if demand.checkpointBytes > 0 && demand.checkpointInterval.microseconds == 0 {
      throw IODemandError(path: path, line: line, kind: .checkpointWithoutInterval(jobID: values[0]))
    }
    return (values[0], demand)
  }

  static func readBytes(path: String) throws(IODemandError) -> [UInt8] {
    guard let file = fopen(path, "rb") else {
      throw IODemandError(path: path, line: nil, kind: .unreadable(reason: String(cString: strerror(errno))))
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 256 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      bytes.append(contentsOf: chunk[..<count])
      if count < chunk.count { break }
    }
    if ferror(file) != 0 {
      throw IODemandError(path: path, line: nil, kind: .unreadable(reason: String(cString: strerror(errno))))
    }
    return bytes
  }
}

extension ExactDecimal.Problem {
  func message(seconds: Bool) -> String {
    switch self {
    case .notANumber: seconds ? "not a number of seconds" : "not a whole number of bytes"
    case .negative: "must not be negative"
    case .tooPrecise: seconds ? "more precise than a microsecond" : "not a whole number of bytes"
    case .tooLarge: "too large"
    }
  }
}
