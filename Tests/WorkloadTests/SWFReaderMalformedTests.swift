import Testing
import TestSupport
import Workload

/// Bad input gives one clear error naming the file (as given), the line and
/// the field, and never a crash.
@Suite("SWFReader malformed input")
struct SWFReaderMalformedTests {
  /// A valid line whose field `field` (1-based) is replaced by `token`.
  static func line(replacing field: Int, with token: String) -> String {
    var tokens = TinyTrace.line1.split(separator: " ").map(String.init)
    tokens[field - 1] = token
    return tokens.joined(separator: " ")
  }

  /// A file of a one-line header, `TinyTrace.line1`, then `bad` on line 3.
  static func fileWithBadLine(_ bad: String) -> String {
    Scratch.file("bad.swf", "; MaxJobs: 2\n" + TinyTrace.line1 + "\n" + bad + "\n")
  }

  @Test("too few fields")
  func tooFewFields() {
    let path = Self.fileWithBadLine("1 0 10 100 4 90 1024 4 3600 2048 1 1 1 -1 1 1 -1")
    #expect(firstError(path)?.description == "\(path):3: expected 18 fields, found 17")
  }

  @Test("too many fields")
  func tooManyFields() {
    let path = Self.fileWithBadLine(TinyTrace.line1 + " 7")
    #expect(firstError(path)?.description == "\(path):3: expected 18 fields, found 19")
  }

  @Test("a wrong field count wins over a bad token on the same line")
  func countBeforeToken() {
    let path = Self.fileWithBadLine("1 abc 3")
    #expect(firstError(path) == .fieldCount(path: path, line: 3, found: 3))
  }

  @Test("a non-numeric token names the field, its name and the token")
  func notANumber() {
    let path = Self.fileWithBadLine(Self.line(replacing: 9, with: "abc"))
    #expect(firstError(path)?.description == "\(path):3: field 9 'Requested Time' = 'abc' is not a number")
    #expect(firstError(path) == .malformedField(path: path, line: 3, field: 9, token: "abc"))
  }

  @Test(
    "garbage in or after a number is not a number",
    arguments: [
      (1, "12x"), (2, "5s"), (4, "1.2.3"), (11, "--1"), (12, "-"), (18, "+"), (3, "1e"),
      (6, "."), (7, "0x10"), (4, "nan"), (9, "inf"), (13, "1,5"),
    ])
  func garbage(field: Int, token: String) {
    let path = Self.fileWithBadLine(Self.line(replacing: field, with: token))
    let name = SWFRecord.fieldNames[field - 1]
    #expect(
      firstError(path)?.description == "\(path):3: field \(field) '\(name)' = '\(token)' is not a number")
  }

  @Test("a fraction in an integer field is not an integer")
  func fractionInIntegerField() {
    let path = Self.fileWithBadLine(Self.line(replacing: 5, with: "3.5"))
    #expect(
      firstError(path)?.description
        == "\(path):3: field 5 'Number of Allocated Processors' = '3.5' is not an integer")
  }

  @Test(
    "every integer field rejects fractions; every time field accepts them",
    arguments: 1...18)
  func fractionsPerField(field: Int) {
    let path = Self.fileWithBadLine(Self.line(replacing: field, with: "2.25"))
    let isTime = [2, 3, 4, 6, 9, 18].contains(field)
    #expect(firstError(path) == (isTime ? nil : .fractionalField(path: path, line: 3, field: field, token: "2.25")))
  }

  @Test(
    "numbers beyond Int64 (or Int64 microseconds for times) are out of range",
    arguments: [(1, "9223372036854775808"), (7, "1e19"), (2, "9223372036855"), (4, "1e300")])
  func outOfRange(field: Int, token: String) {
    let path = Self.fileWithBadLine(Self.line(replacing: field, with: token))
    let name = SWFRecord.fieldNames[field - 1]
    #expect(
      firstError(path)?.description == "\(path):3: field \(field) '\(name)' = '\(token)' is out of range")
  }

  @Test("the first data line is reported with its own line number")
  func errorOnFirstDataLine() {
    let path = Scratch.file("first.swf", "; a\n; b\n\n" + Self.line(replacing: 1, with: "x") + "\n")
    #expect(firstError(path) == .malformedField(path: path, line: 4, field: 1, token: "x"))
  }

  @Test("a missing file")
  func missingFile() {
    let path = Scratch.path("does-not-exist.swf")
    #expect(firstError(path)?.description == "cannot open '\(path)': No such file or directory")
  }

  @Test("a directory instead of a file")
  func directory() {
    #expect(firstError(Scratch.directory)?.description == "cannot read '\(Scratch.directory)': Is a directory")
  }

  @Test("an empty file is an error; a blank or comment-only one is not")
  func emptyFile() throws {
    let empty = Scratch.file("empty.swf", "")
    #expect(firstError(empty)?.description == "\(empty): file is empty")
    let blank = Scratch.file("blank.swf", "\n\n")
    #expect(try SWFReader.readAll(path: blank).records.isEmpty)
  }

  @Test("the path is rendered as given, relative or absolute")
  func pathAsGiven() {
    let error = firstError("no/such/HPC2N.swf")
    #expect(error?.description == "cannot open 'no/such/HPC2N.swf': No such file or directory")
  }

  // MARK: - --on-bad-record skip

  @Test("skip: bad lines are skipped and counted, good ones still read, in order")
  func skipPolicy() throws {
    let path = Scratch.file(
      "skip.swf",
      [
        "; MaxJobs: 5", TinyTrace.line1, "1 2 3", Self.line(replacing: 9, with: "abc"),
        TinyTrace.line2, Self.line(replacing: 5, with: "3.5"), "",
      ].joined(separator: "\n"))
    var reader = try SWFReader(path: path, onBadRecord: .skip)
    #expect(try reader.next() == TinyTrace.records[0])
    #expect(try reader.next() == TinyTrace.records[1])
    #expect(reader.lineNumber == 5)
    #expect(reader.malformedSkipped == 2)
    #expect(try reader.next() == nil)
    #expect(reader.malformedSkipped == 3)
    #expect(reader.firstSkippedError == .fieldCount(path: path, line: 3, found: 3))
  }

  @Test("fail (the default) stops at the first bad line")
  func failPolicy() throws {
    let path = Self.fileWithBadLine("1 2 3")
    var reader = try SWFReader(path: path)
    #expect(try reader.next() == TinyTrace.records[0])
    #expect(throws: SWFError.fieldCount(path: path, line: 3, found: 3)) { try reader.next() }
    #expect(reader.malformedSkipped == 0)
  }

  @Test("skip does not hide stream errors: a corrupt gzip still fails")
  func skipKeepsStreamErrors() {
    let path = TestPaths.fixture("swf/bad-block.swf.gz")
    #expect(firstError(path, onBadRecord: .skip) == .corruptCompressedData(path: path, reason: "invalid block type"))
  }

  @Test("BadRecordPolicy spells its cases as the CLI does")
  func policyNames() {
    #expect(BadRecordPolicy.allCases.map(\.rawValue) == ["fail", "skip"])
  }
}
