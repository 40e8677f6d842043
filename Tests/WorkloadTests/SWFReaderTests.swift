import Foundation
import SimKernel
import Testing
import TestSupport
import Workload

/// The reader on a small hand-made trace: what it yields, in which order, and
/// at which line.
@Suite("SWFReader basics")
struct SWFReaderTests {
  @Test("yields every data record of tiny.swf in file order with all 18 fields")
  func readsTinyTrace() throws {
    let (_, records) = try SWFReader.readAll(path: TestPaths.fixture("swf/tiny.swf"))
    #expect(records == TinyTrace.records)
  }

  @Test("lineNumber is the 1-based line of the record just returned, skipping comments and blanks")
  func lineNumbers() throws {
    var reader = try SWFReader(path: TestPaths.fixture("swf/tiny.swf"))
    #expect(reader.lineNumber == 0)
    var lines: [Int] = []
    while try reader.next() != nil { lines.append(reader.lineNumber) }
    #expect(lines == [16, 17, 19, 21, 22])
    #expect(try reader.next() == nil, "a finished reader keeps returning nil")
  }

  @Test("CRLF line endings give the same header and records as LF")
  func crlf() throws {
    let lf = try SWFReader.readAll(path: TestPaths.fixture("swf/tiny.swf"))
    let crlf = try SWFReader.readAll(path: TestPaths.fixture("swf/tiny-crlf.swf"))
    #expect(crlf.records == lf.records)
    #expect(crlf.header == lf.header)
  }

  @Test("a last line without a final newline is still a record")
  func noFinalNewline() throws {
    let path = Scratch.file("no-newline.swf", "; MaxJobs: 2\n" + TinyTrace.line1 + "\n" + TinyTrace.line2)
    var reader = try SWFReader(path: path)
    #expect(try reader.next() == TinyTrace.records[0])
    #expect(try reader.next() == TinyTrace.records[1])
    #expect(reader.lineNumber == 3)
    #expect(try reader.next() == nil)
  }

  @Test("comment lines after the first record are skipped and do not join the header")
  func commentsBetweenRecords() throws {
    let path = Scratch.file(
      "comments.swf",
      "; MaxJobs: 2\n" + TinyTrace.line1 + "\n; Note: late comment\n  ;indented comment\n\n"
        + TinyTrace.line2 + "\n")
    let (header, records) = try SWFReader.readAll(path: path)
    #expect(records == Array(TinyTrace.records[0...1]))
    #expect(header.fields.map(\.key) == ["MaxJobs"])
    #expect(header.notes.isEmpty)
  }

  @Test("a header-only file has a header and no records")
  func headerOnly() throws {
    let path = Scratch.file("header-only.swf", "; Version: 2.2\n; MaxJobs: 0\n")
    let (header, records) = try SWFReader.readAll(path: path)
    #expect(records.isEmpty)
    #expect(header.maxJobs == 0)
  }

  @Test("a file without a header yields its records and an empty header")
  func noHeader() throws {
    let path = Scratch.file("no-header.swf", TinyTrace.line1 + "\n")
    let (header, records) = try SWFReader.readAll(path: path)
    #expect(header == SWFHeader())
    #expect(records == [TinyTrace.records[0]])
  }

  @Test("a line longer than the 1 MiB buffer is read whole (here: an over-long comment)")
  func longLine() throws {
    let comment = ";" + String(repeating: "x", count: 3 << 20)
    let path = Scratch.file("long-line.swf", TinyTrace.line1 + "\n" + comment + "\n" + TinyTrace.line2 + "\n")
    defer { Scratch.remove(path) }
    let (_, records) = try SWFReader.readAll(path: path)
    #expect(records == Array(TinyTrace.records[0...1]))
  }

  @Test("records straddling the buffer boundary are parsed intact (3 MiB of records)")
  func bufferBoundaries() throws {
    var text = "; MaxJobs: 40000\n"
    var expected: [SWFRecord] = []
    for id in 1...40_000 {
      let record = SWFRecord(
        jobNumber: Int64(id), submitTime: .seconds(Int64(id * 7)),
        waitTime: SimTime(microseconds: Int64(id) * 1_000_001), runTime: .seconds(Int64(id % 977)),
        allocatedProcessors: Int64(id % 64 + 1), requestedTime: .seconds(3600),
        status: 1, userID: Int64(id % 31))
      expected.append(record)
      text += record.swfLine + "   \n"
    }
    let path = Scratch.file("boundaries.swf", text)
    defer { Scratch.remove(path) }
    let (_, records) = try SWFReader.readAll(path: path)
    #expect(records.count == expected.count)
    #expect(records == expected)
  }
}

// MARK: - Test support

/// The content of `Tests/Fixtures/swf/tiny.swf`, spelled out.
enum TinyTrace {
  static let line1 = "    1      0   10    100   4  90.5  1024   4  3600  2048  1  1  1 -1  1  1 -1 -1"
  static let line2 = "    2      5    0   1.25   1     1    -1   1    60    -1  0  2  1 -1  1  1 -1 -1"

  static let records: [SWFRecord] = [
    SWFRecord(
      jobNumber: 1, submitTime: .seconds(Int64(0)), waitTime: .seconds(Int64(10)),
      runTime: .seconds(Int64(100)), allocatedProcessors: 4,
      averageCPUTime: SimTime(microseconds: 90_500_000), usedMemory: 1024,
      requestedProcessors: 4, requestedTime: .seconds(Int64(3600)), requestedMemory: 2048,
      status: 1, userID: 1, groupID: 1, executableNumber: -1, queueNumber: 1,
      partitionNumber: 1, precedingJobNumber: -1, thinkTime: .seconds(Int64(-1))),
    SWFRecord(
      jobNumber: 2, submitTime: .seconds(Int64(5)), waitTime: .seconds(Int64(0)),
      runTime: SimTime(microseconds: 1_250_000), allocatedProcessors: 1,
      averageCPUTime: .seconds(Int64(1)), usedMemory: -1, requestedProcessors: 1,
      requestedTime: .seconds(Int64(60)), requestedMemory: -1, status: 0, userID: 2,
      groupID: 1, executableNumber: -1, queueNumber: 1, partitionNumber: 1,
      precedingJobNumber: -1, thinkTime: .seconds(Int64(-1))),
    SWFRecord(
      jobNumber: 3, submitTime: SimTime(microseconds: 7_500_000), waitTime: .seconds(Int64(3)),
      runTime: .seconds(Int64(200)), allocatedProcessors: 8, averageCPUTime: .seconds(Int64(-1)),
      usedMemory: -1, requestedProcessors: 8, requestedTime: .seconds(Int64(300)),
      requestedMemory: -1, status: 5, userID: 1, groupID: 2, executableNumber: -1,
      queueNumber: 2, partitionNumber: 1, precedingJobNumber: -1,
      thinkTime: .seconds(Int64(-1))),
    SWFRecord(
      jobNumber: 5, submitTime: .seconds(Int64(1000)), waitTime: .seconds(Int64(0)),
      runTime: .seconds(Int64(0)), allocatedProcessors: 2, averageCPUTime: .seconds(Int64(-1)),
      usedMemory: -1, requestedProcessors: 2, requestedTime: .seconds(Int64(-1)),
      requestedMemory: -1, status: 1, userID: 3, groupID: 1, executableNumber: -1,
      queueNumber: 1, partitionNumber: 1, precedingJobNumber: 3,
      thinkTime: .seconds(Int64(20))),
    SWFRecord(
      jobNumber: 7, submitTime: .seconds(Int64(1001)), waitTime: .seconds(Int64(12)),
      runTime: SimTime(microseconds: 1), allocatedProcessors: 2,
      averageCPUTime: .seconds(Int64(-1)), usedMemory: -1, requestedProcessors: 2,
      requestedTime: .seconds(Int64(-1)), requestedMemory: -1, status: 1, userID: 3,
      groupID: 1, executableNumber: -1, queueNumber: 1, partitionNumber: 1,
      precedingJobNumber: -1, thinkTime: .seconds(Int64(-1))),
  ]
}

/// Files written for one test run, in a fresh temporary directory.
enum Scratch {
  static let directory: String = {
    var template = Array((NSTemporaryDirectory() + "/hpcsim-swf-tests-XXXXXX").utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(made != nil, "cannot create a temporary directory")
    return String(cString: made!)
  }()

  /// Writes `text` to a new file named after `name` and returns its path.
  static func file(_ name: String, _ text: String) -> String {
    file(name, bytes: Array(text.utf8))
  }

  /// Writes `bytes` to a new file named after `name` (made unique) and returns its path.
  static func file(_ name: String, bytes: [UInt8]) -> String {
    let path = directory + "/" + UUID().uuidString.prefix(8) + "-" + name
    let created = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    precondition(created, "cannot write \(path)")
    return path
  }

  /// A unique path in the scratch directory, not created.
  static func path(_ name: String) -> String {
    directory + "/" + UUID().uuidString.prefix(8) + "-" + name
  }

  /// Deletes a large scratch file once a test is done with it.
  static func remove(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
  }
}

/// The first error reading `path` to the end raises, or `nil` if there is none.
func firstError(_ path: String, onBadRecord: BadRecordPolicy = .fail) -> SWFError? {
  do {
    var reader = try SWFReader(path: path, onBadRecord: onBadRecord)
    while try reader.next() != nil {}
    return nil
  } catch {
    return error
  }
}
