import Testing

@testable import Workload

/// The fast path for plain lines (`SWFFieldParser.fastRecord`) against the
/// general parser: whenever the fast path takes a line, it gives exactly
/// the general parser's record; lines it does not take fall back.
@Suite("SWFReader fast line path")
struct SWFReaderFastLineTests {
  /// The fast path's record and newline, or nil, for `line` (which must end
  /// with "\n"), with `after` written past the newline.
  static func fast(_ line: String, after: [UInt8] = Array("123 -4.5\n".utf8)) -> (SWFRecord, Int)? {
    let bytes = Array(line.utf8) + after
    return bytes.withUnsafeBufferPointer { buffer -> (SWFRecord, Int)? in
      var newline = buffer.baseAddress!
      guard let record = SWFFieldParser.fastRecord(buffer.baseAddress!, newline: &newline) else { return nil }
      return (record, newline - buffer.baseAddress!)
    }
  }

  /// The general parser's record for `line`, as `SWFReader` calls it.
  static func general(_ line: String) -> SWFRecord? {
    let bytes = Array(line.utf8)
    return bytes.withUnsafeBufferPointer { buffer -> SWFRecord? in
      let start = buffer.baseAddress!
      let end = start + (bytes.count - 1)  // the "\n"
      var p = start
      while p < end && SWFFieldParser.isSpace(p.pointee) { p += 1 }
      return try? SWFFieldParser.record(p, end)
    }
  }

  @Test(
    "typical lines take the fast path with the general parser's values",
    arguments: [
      "   11   342072     32  43306   32  43307    -1   32  43200    -1  1   4   1  -1 -1  1 -1 -1\n",
      "   12   342343      5    553   40 552.21    -1   40  43200    -1  1   4   1  -1 -1  1 -1 -1\n",
      "1 0 0 1 1 0.000001 -1 1 123456789012 -1 1 1 1 -1 1 1 -1 -0.5\r\n",
      "123456789012345 1.5 2.25 3.125 1 4.0625 -1 1 5. -1 1 1 1 -1 1 1 -1 6.000001  \n",
    ])
  func typical(line: String) throws {
    let (record, newline) = try #require(Self.fast(line))
    #expect(record == Self.general(line))
    #expect(newline == line.utf8.count - 1)
  }

  @Test(
    "other lines are left to the general parser",
    arguments: [
      "\t1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n",  // a tab
      "1 +2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n",  // a sign
      "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",  // 17 fields
      "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19\n",  // 19 fields
      "1 1e3 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n",  // an exponent
      "1.0 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n",  // a fraction in an integer field
      "1 0.1234567 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n",  // 7 fraction digits (rounded)
      "1 1234567890123 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n",  // a 13-digit time
      "1234567890123456 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n",  // 16 digits
      "; a comment\n", "\n", "   \n",
      "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 \r \n",  // "\r" not just before "\n"
      "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 x\n",
    ])
  func declined(line: String) {
    #expect(Self.fast(line) == nil)
  }

  @Test("the bytes after the line's newline never matter")
  func bytesAfterTheLine() throws {
    let line = "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n"
    for after in ["9999", " -1 2.5", "\n\n", ".5 5", "\r\n1 2"] {
      let (record, _) = try #require(Self.fast(line, after: Array(after.utf8)))
      #expect(record == Self.general(line))
    }
    // A line cut by the end of the buffered data is not taken as complete
    // by the reader: the "\n" found is the sentinel (see SWFReader.next()).
  }

  @Test("random lines: the fast path never disagrees with the general parser")
  func randomLines() {
    var random = SplitMix(seed: 99)
    let tokens = [
      "0", "-1", "7", "12345678", "123456789012", "1234567890123", "99999999999999999", "-", "--1",
      "+5", "1.5", "1.", "552.21", "1.123456", "1.1234567", "12345678.5", ".5", "3.0", "1e3", "x",
      "-0", "000042", "-123456789012.5",
    ]
    let separators = [" ", " ", " ", "  ", "         ", "\t", "\r", "\u{0B}"]
    var taken = 0
    for _ in 0..<10_000 {
      var line = random.next() % 2 == 0 ? "" : "  "
      let fields = random.next() % 10 == 0 ? 17 + Int(random.next() % 3) : 18
      for i in 0..<fields {
        if i > 0 {
          line += random.next() % 50 == 0 ? separators[Int(random.next() % 8)] : String(repeating: " ", count: 1 + Int(random.next() % 3))
        }
        line += random.next() % 8 == 0 ? tokens[Int(random.next() % UInt64(tokens.count))] : String(Int(random.next() % 100_000) - 1)
      }
      line += ["", "", " ", "\r", " \r", "\r\r"][Int(random.next() % 6)] + "\n"
      if let (record, newline) = Self.fast(line) {
        taken += 1
        #expect(record == Self.general(line), "\(line.debugDescription)")
        #expect(newline == line.utf8.count - 1)
      }
    }
    #expect(taken > 1_500)
  }
}
