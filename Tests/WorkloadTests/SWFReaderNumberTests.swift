import SimKernel
import Testing
import Workload

/// How tokens become values: times exact to the microsecond, integers strict.
@Suite("SWFReader numbers")
struct SWFReaderNumberTests {
  /// The record read from a line whose fields are `1 <submit> -1 <run> <procs> -1 … -1`.
  static func record(submit: String = "0", run: String = "1", procs: String = "1") throws -> SWFRecord {
    let line = "1 \(submit) -1 \(run) \(procs)" + String(repeating: " -1", count: 13)
    let (_, records) = try SWFReader.readAll(path: Scratch.file("number.swf", line + "\n"))
    return try #require(records.first)
  }

  @Test(
    "float times are stored exactly, rounded to the nearest microsecond (half away from zero)",
    arguments: [
      ("123.75", 123_750_000), ("0.1", 100_000), ("1e3", 1_000_000_000), ("1E3", 1_000_000_000),
      ("2.5e-1", 250_000), ("12.", 12_000_000), (".5", 500_000), ("+7", 7_000_000),
      ("0.0000005", 1), ("0.00000049999", 0), ("-0.0000005", -1), ("1.0000004", 1_000_000),
      ("-1", -1_000_000), ("-1.5", -1_500_000), ("-0", 0), ("000042", 42_000_000),
      ("0.000001", 1), ("1e-7", 0), ("5e-7", 1), ("86400.123456", 86_400_123_456),
      ("1234567890123", 1_234_567_890_123_000_000), ("0.1234567890123456789", 123_457),
      ("9223372036854.775807", Int64.max), ("0e999999999", 0),
    ] as [(String, Int64)])
  func floatTimes(token: String, microseconds: Int64) throws {
    #expect(try Self.record(submit: token).submitTime == SimTime(microseconds: microseconds))
  }

  @Test("every time field (2, 3, 4, 6, 9, 18) reads fractions exactly")
  func allTimeFields() throws {
    let line = "1 1.5 2.25 3.125 1 4.0625 -1 1 5.5 -1 1 1 1 -1 1 1 -1 6.000001"
    let (_, records) = try SWFReader.readAll(path: Scratch.file("times.swf", line + "\n"))
    let record = try #require(records.first)
    #expect(record.submitTime.microseconds == 1_500_000)
    #expect(record.waitTime.microseconds == 2_250_000)
    #expect(record.runTime.microseconds == 3_125_000)
    #expect(record.averageCPUTime.microseconds == 4_062_500)
    #expect(record.requestedTime.microseconds == 5_500_000)
    #expect(record.thinkTime.microseconds == 6_000_001)
  }

  @Test(
    "integer fields take whole numbers, also written as 3.0 or 1e3",
    arguments: [("64", 64), ("-1", -1), ("-7", -7), ("3.0", 3), ("1e3", 1000), ("+5", 5),
                ("9223372036854775807", Int64.max), ("0012", 12)] as [(String, Int64)])
  func integers(token: String, value: Int64) throws {
    #expect(try Self.record(procs: token).allocatedProcessors == value)
  }

  @Test("negative values other than -1 are kept as read (the admission layer decides)")
  func negativesKept() throws {
    let record = try Self.record(submit: "-20", run: "-3", procs: "-4")
    #expect(record.submitTime == .seconds(Int64(-20)))
    #expect(record.runTime == .seconds(Int64(-3)))
    #expect(record.allocatedProcessors == -4)
  }

  @Test("tabs and runs of spaces separate fields")
  func whitespace() throws {
    let line = "\t1\t\t5 -1   10  2" + String(repeating: "\t-1", count: 13) + " \t "
    let (_, records) = try SWFReader.readAll(path: Scratch.file("tabs.swf", line + "\n"))
    let record = try #require(records.first)
    #expect(record.submitTime == .seconds(Int64(5)))
    #expect(record.runTime == .seconds(Int64(10)))
    #expect(record.allocatedProcessors == 2)
    #expect(record.thinkTime == .seconds(Int64(-1)))
  }
}
