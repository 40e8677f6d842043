import SimKernel
import Testing
import TestSupport
import Workload

/// `SWFWriter` output is read back by `SWFReader` to the same header and records.
@Suite("SWFReader round trip")
struct SWFReaderRoundTripTests {
  @Test("swfLine prints 18 fields with single spaces, times in their shortest exact form")
  func swfLine() {
    #expect(TinyTrace.records[0].swfLine == "1 0 10 100 4 90.5 1024 4 3600 2048 1 1 1 -1 1 1 -1 -1")
    #expect(TinyTrace.records[1].swfLine == "2 5 0 1.25 1 1 -1 1 60 -1 0 2 1 -1 1 1 -1 -1")
    #expect(TinyTrace.records[4].swfLine == "7 1001 12 0.000001 2 -1 -1 2 -1 -1 1 3 1 -1 1 1 -1 -1")
  }

  @Test(
    "time formatting agrees with SimTime.formatCompact()",
    arguments: [0, 1, -1, 999_999, 1_000_000, -1_500_000, 86_400_000_001, 120_000, Int64.max, Int64.min + 1]
      as [Int64])
  func timesMatchFormatCompact(microseconds: Int64) {
    let time = SimTime(microseconds: microseconds)
    let record = SWFRecord(jobNumber: 1, submitTime: time, runTime: time, allocatedProcessors: 1)
    let fields = record.swfLine.split(separator: " ").map(String.init)
    #expect(fields.count == 18)
    #expect(fields[1] == time.formatCompact())
  }

  @Test("tiny.swf written and read back gives the same header fields and records")
  func tinyRoundTrip() throws {
    let original = try SWFReader.readAll(path: TestPaths.fixture("swf/tiny.swf"))
    let path = Scratch.path("roundtrip.swf")
    let writer = try SWFWriter(path: path)
    try writer.write(header: original.header)
    for record in original.records { try writer.write(record) }
    try writer.commit()
    let copy = try SWFReader.readAll(path: path)
    #expect(copy.header == original.header)
    #expect(copy.header.notes == original.header.notes)
    #expect(copy.header.maxProcs == 1664)
    #expect(copy.records == original.records)
  }

  @Test("headerLines renders '; Key: value' lines, continuations and free text")
  func headerLines() throws {
    var header = SWFHeader()
    header.fields = [
      (key: "", value: "converted by hand"), (key: "Version", value: "2.2"),
      (key: "Note", value: "line one\nline two"), (key: "MaxRuntime", value: ""),
      (key: "", value: "free text"),
    ]
    #expect(
      SWFRecord.headerLines(header) == """
        ;   converted by hand
        ; Version: 2.2
        ; Note: line one
        ;       line two
        ; MaxRuntime:
        ;
        ;   free text

        """)
    let path = Scratch.file("header.swf", SWFRecord.headerLines(header))
    #expect(try SWFReader(path: path).header == header)
  }

  @Test("typed header properties changed after reading are what gets written")
  func typedPropertiesWin() throws {
    var header = try SWFReader(path: TestPaths.fixture("swf/tiny.swf")).header
    header.maxJobs = 3  // e.g. after cutting a window out of the trace
    header.maxRecords = nil  // nil cannot remove a field: it stays as read
    header.maxProcs = 1664  // unchanged: the annotated value is kept verbatim
    header.notes.append("window [0, 100) s")
    var built = SWFHeader()
    built.maxJobs = 10
    built.timeZoneString = "UTC"
    let lines = SWFRecord.headerLines(header)
    #expect(lines.contains("; MaxJobs: 3\n"))
    #expect(lines.contains("; MaxRecords: 5\n"))
    #expect(lines.contains("; MaxProcs: 1664 (72, 1368, 224)\n"))
    #expect(lines.hasSuffix("; Note: window [0, 100) s\n"))
    #expect(SWFRecord.headerLines(built) == "; MaxJobs: 10\n; TimeZoneString: UTC\n")
  }

  @Test("a writer dropped without commit leaves no file behind")
  func noCommitNoFile() throws {
    let path = Scratch.path("uncommitted.swf")
    do {
      let writer = try SWFWriter(path: path)
      try writer.write(TinyTrace.records[0])
    }
    #expect(firstError(path) == .cannotOpen(path: path, reason: "No such file or directory"))
  }

  @Test("10,000 varied records survive the round trip exactly")
  func manyRecords() throws {
    var records: [SWFRecord] = []
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Int64 {  // xorshift: repeatable
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return Int64(bitPattern: state >> 1) % 10_000_000_000_000 - 5_000_000_000_000
    }
    for id in 1...10_000 {
      records.append(
        SWFRecord(
          jobNumber: Int64(id), submitTime: SimTime(microseconds: next()),
          waitTime: SimTime(microseconds: next()), runTime: SimTime(microseconds: next() / 1000 * 1000),
          allocatedProcessors: next(), averageCPUTime: .seconds(next() / 1_000_000),
          usedMemory: next(), requestedProcessors: -1, requestedTime: SimTime(microseconds: next()),
          requestedMemory: next(), status: Int64(id % 6 - 1), userID: next(), groupID: next(),
          executableNumber: next(), queueNumber: next(), partitionNumber: next(),
          precedingJobNumber: next(), thinkTime: SimTime(microseconds: next())))
    }
    let path = Scratch.path("many.swf")
    defer { Scratch.remove(path) }
    let writer = try SWFWriter(path: path)
    for record in records { try writer.write(record) }
    try writer.commit()
    #expect(try SWFReader.readAll(path: path).records == records)
  }
}
