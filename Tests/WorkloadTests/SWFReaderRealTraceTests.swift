import Foundation
import SimKernel
import Testing
import TestSupport
import Workload

/// The sixteen real traces of the Parallel Workloads Archive in ../shared/traces.
///
/// Expected values were computed independently of this code (Python's
/// `decimal` over `gzip.open`): job counts as in `SOURCES.md`, exact sums of
/// run time and average CPU time in microseconds, the sum of allocated
/// processors, and the line of the last record. Skipped when ../shared is absent.
@Suite(
  "SWFReader on the real traces",
  .enabled(if: TestPaths.sharedTracesDirectory != nil, "../shared/traces is absent"))
struct SWFReaderRealTraceTests {
  struct Expected: CustomTestStringConvertible, Sendable {
    var name: String
    var jobs: Int
    var runTimeMicroseconds: Int64
    var averageCPUMicroseconds: Int64
    var allocatedProcessors: Int64
    var lastLine: Int
    var testDescription: String { name }
  }

  static let traces: [Expected] = [
    ("CEA-Curie-2011-2.1-cln.swf.gz", 312_826, 1_926_262_815_000_000, -312_826_000_000, 215_348_361, 312_900),
    ("CTC-SP2-1996-3.1-cln.swf.gz", 77_222, 870_842_096_000_000, 791_670_646_000_000, 848_303, 77_251),
    ("HPC2N-2002-2.2-cln.swf.gz", 202_871, 3_453_726_379_000_000, 3_249_940_840_520_000, 1_289_682, 202_902),
    ("KTH-SP2-1996-2.1-cln.swf.gz", 28_476, 252_634_875_000_000, -28_476_000_000, 218_052, 28_500),
    ("LANL-CM5-1994-4.1-cln.swf.gz", 122_060, 315_114_794_000_000, 164_300_713_000_000, 12_369_725, 122_105),
    ("LCG-2005-1.swf.gz", 188_041, 1_502_530_759_000_000, -188_041_000_000, 188_041, 188_229),
    ("LLNL-Atlas-2006-2.1-cln.swf.gz", 43_778, 219_985_709_000_000, -43_778_000_000, 16_588_636, 43_810),
    ("LLNL-Thunder-2007-1.1-cln.swf.gz", 121_039, 264_657_937_000_000, -121_039_000_000, 5_051_008, 121_065),
    ("NASA-iPSC-1993-3.1-cln.swf.gz", 18_239, 13_950_781_000_000, -18_239_000_000, 309_953, 18_271),
    ("OSC-Clust-2000-3.1-cln.swf.gz", 36_097, 964_356_363_000_000, 1_225_948_454_290_000, 86_520, 36_123),
    ("RICC-2010-2.swf.gz", 447_794, 5_305_148_426_000_000, -447_794_000_000, 7_172_150, 447_814),
    ("SDSC-BLUE-2000-4.2-cln.swf.gz", 243_306, 985_939_079_000_000, 805_733_512_130_000, 9_298_796, 243_362),
    ("SDSC-DS-2004-2.1-cln.swf.gz", 96_069, 643_423_626_000_000, 477_211_624_280_000, 5_990_888, 96_131),
    ("SDSC-Par-1996-3.1-cln.swf.gz", 32_135, 281_283_693_000_000, 270_209_320_020_000, 588_089, 32_199),
    ("SDSC-SP2-1998-4.2-cln.swf.gz", 59_715, 399_336_303_000_000, 356_249_475_120_000, 658_375, 59_763),
    ("Sandia-Ross-2001-1.1-cln.swf.gz", 57_882, 2_448_027_880_000_000, 228_417_595_000_000, 2_402_816, 57_926),
  ].map { Expected(name: $0, jobs: $1, runTimeMicroseconds: $2, averageCPUMicroseconds: $3,
                   allocatedProcessors: $4, lastLine: $5) }

  @Test("the expectations cover exactly TestPaths.realTraceNames")
  func coversAllTraces() {
    #expect(Set(Self.traces.map(\.name)) == Set(TestPaths.realTraceNames))
  }

  @Test("every trace loads without error, with its job count, exact sums and sorted submits", arguments: traces)
  func loads(expected: Expected) throws {
    let path = try #require(TestPaths.sharedTrace(expected.name))
    var reader = try SWFReader(path: path)
    var jobs = 0
    var runTime: Int64 = 0
    var averageCPU: Int64 = 0
    var processors: Int64 = 0
    var previousSubmit = SimTime(microseconds: .min)
    var unsorted = 0
    var placeholders = 0  // submit = -1 (LLNL-Thunder has 1,190; SOURCES.md)
    while let record = try reader.next() {
      jobs += 1
      runTime += record.runTime.microseconds
      averageCPU += record.averageCPUTime.microseconds
      processors += record.allocatedProcessors
      if record.submitTime == .seconds(Int64(-1)) {
        placeholders += 1
        continue
      }
      if record.submitTime < previousSubmit { unsorted += 1 }
      previousSubmit = record.submitTime
    }
    #expect(jobs == expected.jobs)
    #expect(runTime == expected.runTimeMicroseconds)
    #expect(averageCPU == expected.averageCPUMicroseconds)
    #expect(processors == expected.allocatedProcessors)
    #expect(reader.lineNumber == expected.lastLine)
    #expect(unsorted == 0, "submit times ascend, -1 placeholders aside")
    #expect(placeholders == (expected.name.hasPrefix("LLNL-Thunder") ? 1_190 : 0))
  }

  @Test(
    "header values as listed in SOURCES.md",
    arguments: [
      ("CEA-Curie-2011-2.1-cln.swf.gz", 773_138, 773_138, 93_312, 5_544, 1_296_571_124),
      ("HPC2N-2002-2.2-cln.swf.gz", 527_371, 202_871, 240, 240, 1_027_839_845),
      ("SDSC-DS-2004-2.1-cln.swf.gz", 96_089, 96_069, 1_664, 184, 1_078_605_840),
      ("CTC-SP2-1996-3.1-cln.swf.gz", 79_302, 79_302, 338, 338, 835_823_160),
      ("Sandia-Ross-2001-1.1-cln.swf.gz", 85_355, 85_355, 1_524, 1_524, 1_007_061_086),
      ("LCG-2005-1.swf.gz", 188_041, 188_041, 24_515, nil, 1_132_444_805),
    ] as [(String, Int64, Int64, Int64, Int64?, Int64)])
  func headers(
    name: String, maxJobs: Int64, maxRecords: Int64, maxProcs: Int64, maxNodes: Int64?,
    unixStartTime: Int64
  ) throws {
    let header = try SWFReader(path: try #require(TestPaths.sharedTrace(name))).header
    #expect(header.maxJobs == maxJobs)
    #expect(header.maxRecords == maxRecords)
    #expect(header.maxProcs == maxProcs)
    #expect(header.maxNodes == maxNodes)
    #expect(header.unixStartTime == unixStartTime)
  }

  @Test("Sandia-Ross: ';Version:' without a space, 'N/A' runtime, and its cleaning note")
  func sandiaRossHeader() throws {
    let path = try #require(TestPaths.sharedTrace("Sandia-Ross-2001-1.1-cln.swf.gz"))
    let header = try SWFReader(path: path).header
    #expect(header.value(for: "Version") == "SWF v2")
    #expect(header.value(for: "MaxRuntime") == "N/A")
    #expect(header.maxRuntime == nil)
    #expect(header.timeZoneString == "US/Mountain")
    #expect(header.notes.count == 1)
    #expect(header.notes.first?.hasPrefix("THIS IS A CLEANED VERSION OF THE LOG!\nThe filters used") == true)
  }

  @Test("a real trace gives the same records gzip-compressed and decompressed by gzip -dc")
  func plainMatchesGzip() throws {
    let gzipPath = try #require(TestPaths.sharedTrace("NASA-iPSC-1993-3.1-cln.swf.gz"))
    let plainPath = Scratch.path("NASA-iPSC.swf")
    defer { Scratch.remove(plainPath) }
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
    gzip.arguments = ["-c", "gzip -dc \"$0\" > \"$1\"", gzipPath, plainPath]
    try gzip.run()
    gzip.waitUntilExit()
    try #require(gzip.terminationStatus == 0, "gzip -dc failed")
    let fromGzip = try SWFReader.readAll(path: gzipPath)
    let fromPlain = try SWFReader.readAll(path: plainPath)
    #expect(fromPlain.records.count == 18_239)
    #expect(fromPlain.records == fromGzip.records)
    #expect(fromPlain.header == fromGzip.header)
  }
}
