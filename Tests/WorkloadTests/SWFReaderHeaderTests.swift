import Testing
import TestSupport
import Workload

/// How the leading `;` comment lines become an `SWFHeader`.
@Suite("SWFReader header")
struct SWFReaderHeaderTests {
  @Test("tiny.swf: every field in order, continuation lines joined to their field")
  func tinyFields() throws {
    let reader = try SWFReader(path: TestPaths.fixture("swf/tiny.swf"))
    let fields = reader.header.fields.map { "\($0.key)=\($0.value)" }
    #expect(
      fields == [
        "Version=2.2", "Computer=hand-made fixture for the SWF reader tests",
        "Installation=hpcsim, Tests/Fixtures/swf", "MaxJobs=7", "MaxRecords=5",
        "UnixStartTime=1027839845", "TimeZoneString=Europe/Stockholm",
        "MaxNodes=184  ( 6,  171,   7)", "MaxProcs=1664 (72, 1368, 224)", "MaxRuntime=UNKNOWN",
        "Note=first note",
        "Note=THIS IS A CLEANED VERSION OF THE LOG!\nThe filter used to produce it was\njob==4 (1 job removed)",
      ])
  }

  @Test("typed values: annotated numbers give their first integer, UNKNOWN gives nil")
  func tinyTypedValues() throws {
    let header = try SWFReader(path: TestPaths.fixture("swf/tiny.swf")).header
    #expect(header.maxJobs == 7)
    #expect(header.maxRecords == 5)
    #expect(header.unixStartTime == 1_027_839_845)
    #expect(header.timeZoneString == "Europe/Stockholm")
    #expect(header.maxNodes == 184)
    #expect(header.maxProcs == 1664)
    #expect(header.maxRuntime == nil)
    #expect(header.value(for: "version") == "2.2", "keys match case-insensitively")
  }

  @Test("repeated Note lines are all kept, in order")
  func repeatedNotes() throws {
    let header = try SWFReader(path: TestPaths.fixture("swf/tiny.swf")).header
    #expect(
      header.notes == [
        "first note",
        "THIS IS A CLEANED VERSION OF THE LOG!\nThe filter used to produce it was\njob==4 (1 job removed)",
      ])
  }

  @Test(
    "values meaning 'not known' give nil",
    arguments: ["UNKNOWN", "None", "N/A", "", "unknown", "-1", "about 12"])
  func unknownValues(value: String) throws {
    let path = Scratch.file(
      "unknown.swf", "; MaxProcs: \(value)\n; MaxJobs:\(value)\n; TimeZoneString: \(value)\n")
    let header = try SWFReader(path: path).header
    #expect(header.maxProcs == nil)
    #expect(header.maxJobs == nil)
    if value != "about 12" { #expect(header.timeZoneString == nil) }
  }

  @Test("';Key:' without a space is a field (as in Sandia-Ross); tabs and trailing blanks are trimmed")
  func noSpaceAfterSemicolon() throws {
    let path = Scratch.file(
      "nospace.swf", ";Version: SWF v2\r\n;MaxNodes:\t1524 \t\n;Preemption: no\n; MaxProcs: 1524\n")
    let header = try SWFReader(path: path).header
    #expect(header.fields.map(\.key) == ["Version", "MaxNodes", "Preemption", "MaxProcs"])
    #expect(header.value(for: "Version") == "SWF v2")
    #expect(header.maxNodes == 1524)
    #expect(header.maxProcs == 1524)
  }

  @Test("indented lines continue the previous field, even when they contain a colon")
  func continuationWithColon() throws {
    let path = Scratch.file(
      "continuation.swf",
      "; Information: http://joblog.npaci.edu/\n;              http://www.cs.huji.ac.il/labs/parallel/workload/\n"
        + "; Note: hybrid nodes are not counted in MaxNodes\n;\tand MaxProcs fields.\n")
    let header = try SWFReader(path: path).header
    #expect(header.fields.count == 2)
    #expect(
      header.value(for: "Information")
        == "http://joblog.npaci.edu/\nhttp://www.cs.huji.ac.il/labs/parallel/workload/")
    #expect(header.notes == ["hybrid nodes are not counted in MaxNodes\nand MaxProcs fields."])
  }

  @Test("free text after a blank ';' or at the top is kept as a field with an empty key")
  func freeText() throws {
    let path = Scratch.file(
      "freetext.swf",
      ";   --- SWF file converted from SACCT ---\n; Version: 2.2\n;\n;    #  sub  runtime  cpus\n")
    let header = try SWFReader(path: path).header
    #expect(header.fields.map(\.key) == ["", "Version", ""])
    #expect(header.fields.map(\.value) == ["--- SWF file converted from SACCT ---", "2.2", "#  sub  runtime  cpus"])
  }

  @Test("the header ends at the first data line; blank lines inside it are ignored")
  func headerEnd() throws {
    let path = Scratch.file(
      "header-end.swf", "; MaxJobs: 2\n\n; MaxProcs: 8\n" + TinyTrace.line1 + "\n; MaxNodes: 4\n")
    var reader = try SWFReader(path: path)
    #expect(reader.header.fields.map(\.key) == ["MaxJobs", "MaxProcs"])
    #expect(reader.header.maxNodes == nil)
    #expect(try reader.next() == TinyTrace.records[0])
    #expect(reader.lineNumber == 4)
  }

  @Test("a number too large for Int64 in the header gives nil rather than a wrong value")
  func headerOverflow() throws {
    let path = Scratch.file("header-overflow.swf", "; MaxJobs: 99999999999999999999\n")
    #expect(try SWFReader(path: path).header.maxJobs == nil)
  }
}
