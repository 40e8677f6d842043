import Foundation
import Testing
import TestSupport
import Workload

/// Gzip input: detected by its magic bytes, decompressed as it streams.
@Suite("SWFReader gzip")
struct SWFReaderGzipTests {
  static let plain = TestPaths.fixture("swf/tiny.swf")

  @Test("gzip and plain files give identical headers and records")
  func gzipMatchesPlain() throws {
    let plain = try SWFReader.readAll(path: Self.plain)
    let gzip = try SWFReader.readAll(path: TestPaths.fixture("swf/tiny.swf.gz"))
    #expect(gzip.records == plain.records)
    #expect(gzip.header == plain.header)
  }

  @Test("a file of two concatenated gzip members reads as their concatenation")
  func concatenatedMembers() throws {
    let plain = try SWFReader.readAll(path: Self.plain)
    let twoMembers = try SWFReader.readAll(path: TestPaths.fixture("swf/tiny-two-members.swf.gz"))
    #expect(twoMembers.records == plain.records)
    #expect(twoMembers.header == plain.header)
  }

  @Test("detection is by content: gzip named .swf and plain named .gz both read")
  func detectionByMagic() throws {
    let expected = try SWFReader.readAll(path: Self.plain).records
    let gzipBytes = try Self.bytes(TestPaths.fixture("swf/tiny.swf.gz"))
    let plainBytes = try Self.bytes(Self.plain)
    #expect(try SWFReader.readAll(path: Scratch.file("gzip-inside.swf", bytes: gzipBytes)).records == expected)
    #expect(try SWFReader.readAll(path: Scratch.file("plain-inside.swf.gz", bytes: plainBytes)).records == expected)
  }

  @Test("zero bytes padding the end of a gzip file are ignored, as gzip -d does")
  func zeroPadding() throws {
    let padded = try Self.bytes(TestPaths.fixture("swf/tiny.swf.gz")) + [UInt8](repeating: 0, count: 100)
    let records = try SWFReader.readAll(path: Scratch.file("padded.swf.gz", bytes: padded)).records
    #expect(records == TinyTrace.records)
  }

  @Test("other bytes after the last member are corrupt data")
  func trailingGarbage() throws {
    let bytes = try Self.bytes(TestPaths.fixture("swf/tiny.swf.gz")) + Array("junk".utf8)
    let path = Scratch.file("garbage.swf.gz", bytes: bytes)
    #expect(firstError(path)?.description == "\(path): corrupt gzip data (incorrect header check)")
  }

  @Test("a truncated gzip file")
  func truncated() {
    let path = TestPaths.fixture("swf/truncated.swf.gz")
    #expect(firstError(path)?.description == "\(path): gzip data ends unexpectedly (truncated file?)")
  }

  @Test("a gzip file cut inside its 10-byte header")
  func truncatedHeader() throws {
    let path = Scratch.file("cut.swf.gz", bytes: [0x1f, 0x8b, 0x08])
    #expect(firstError(path) == .truncatedCompressedData(path: path))
  }

  @Test("corrupt deflate data (an invalid block type)")
  func corruptBlock() {
    let path = TestPaths.fixture("swf/bad-block.swf.gz")
    #expect(firstError(path)?.description == "\(path): corrupt gzip data (invalid block type)")
  }

  @Test("a wrong CRC in the gzip trailer")
  func badCRC() {
    let path = TestPaths.fixture("swf/bad-crc.swf.gz")
    #expect(firstError(path)?.description == "\(path): corrupt gzip data (incorrect data check)")
  }

  @Test("a gzip file whose content is empty is an empty file")
  func emptyContent() throws {
    // `printf '' | gzip -n`
    let bytes: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    let path = Scratch.file("empty.swf.gz", bytes: bytes)
    #expect(firstError(path) == .emptyFile(path: path))
  }

  static func bytes(_ path: String) throws -> [UInt8] {
    try Array(#require(FileManager.default.contents(atPath: path)))
  }
}
