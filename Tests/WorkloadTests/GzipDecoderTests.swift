import CZlib
import Foundation
import Testing
import TestSupport

@testable import Workload

/// The fast gzip decoder against zlib: the same bytes for every way of
/// compressing, and for damaged data the same bytes and the same error as
/// zlib alone (the decoder hands such files over to zlib).
@Suite("GzipDecoder")
struct GzipDecoderTests {
  @Test(
    "every zlib level and strategy decodes to the original bytes, as zlib alone does",
    arguments: [
      (0, Z_DEFAULT_STRATEGY), (1, Z_DEFAULT_STRATEGY), (6, Z_DEFAULT_STRATEGY),
      (9, Z_DEFAULT_STRATEGY), (6, Z_FILTERED), (6, Z_HUFFMAN_ONLY), (6, Z_RLE), (6, Z_FIXED),
    ] as [(Int32, Int32)])
  func levelsAndStrategies(level: Int32, strategy: Int32) throws {
    var random = SplitMix(seed: UInt64(level * 10 + strategy))
    let original = Gzip.swfText(lines: 20_000, random: &random) + Gzip.binary(bytes: 50_000, random: &random)
    let path = Scratch.file("level.swf.gz", bytes: Gzip.compress(original, level: level, strategy: strategy))
    let fast = Gzip.decode(path, fast: true, random: &random)
    #expect(fast.error == nil)
    #expect(fast.bytes == original)
  }

  @Test("small and odd read sizes (matches cut at the end of a buffer) give the same bytes")
  func smallReads() throws {
    var random = SplitMix(seed: 7)
    let original = Gzip.swfText(lines: 3_000, random: &random) + [UInt8](repeating: 0x41, count: 5_000)
    let path = Scratch.file("small.swf.gz", bytes: Gzip.compress(original, level: 9))
    for maximum in [1, 2, 7, 300, 4_096] {
      let fast = Gzip.decode(path, fast: true, random: &random, maximumRead: maximum)
      #expect(fast.error == nil)
      #expect(fast.bytes == original, "reads of at most \(maximum) bytes")
    }
  }

  @Test("several members, names, comments, zero padding; header CRC and extra field via zlib")
  func membersAndHeaders() throws {
    var random = SplitMix(seed: 11)
    let parts = (0..<4).map { _ in Gzip.swfText(lines: 500, random: &random) }
    let compressed =
      Gzip.compress(parts[0], level: 6, name: "a.swf", comment: "first")
      + Gzip.compress(parts[1], level: 1)
      + Gzip.compress([], level: 6)
      + Gzip.compress(parts[2], level: 9, name: "c.swf")
      + [UInt8](repeating: 0, count: 10)
      + Gzip.compress(parts[3], level: 6, extra: true, headerCRC: true)
      + [UInt8](repeating: 0, count: 3)
    let path = Scratch.file("members.swf.gz", bytes: compressed)
    let fast = Gzip.decode(path, fast: true, random: &random)
    #expect(fast.error == nil)
    #expect(fast.bytes == parts.flatMap { $0 })
  }

  @Test("damaged and truncated files: the same bytes and the same error as zlib alone")
  func damagedFiles() throws {
    var random = SplitMix(seed: 2024)
    let original = Gzip.swfText(lines: 4_000, random: &random)
    let members = [
      Gzip.compress(original, level: 9),
      Gzip.compress(original, level: 1) + Gzip.compress(original, level: 0),
      Gzip.compress(original, level: 6, strategy: Z_FIXED),
    ]
    var failures = 0
    for trial in 0..<240 {
      var bytes = members[trial % members.count]
      switch trial % 4 {
      case 0:  // one byte changed
        let at = Int(random.next() % UInt64(bytes.count))
        bytes[at] ^= UInt8(1 + random.next() % 255)
      case 1:  // cut short
        bytes.removeLast(1 + Int(random.next() % UInt64(bytes.count - 1)))
      case 2:  // a run of bytes changed
        let at = Int(random.next() % UInt64(bytes.count - 8))
        for i in at..<at + 8 { bytes[i] = UInt8(truncatingIfNeeded: random.next()) }
      default:  // garbage after the end
        bytes += (0..<Int(1 + random.next() % 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      }
      bytes[0] = 0x1F  // keep it gzip
      bytes[1] = 0x8B
      let path = Scratch.file("damaged.swf.gz", bytes: bytes)
      let seed = random.next()
      var fastRandom = SplitMix(seed: seed)
      var zlibRandom = SplitMix(seed: seed)
      let fast = Gzip.decode(path, fast: true, random: &fastRandom)
      let zlib = Gzip.decode(path, fast: false, random: &zlibRandom)
      #expect(fast.error == zlib.error, "trial \(trial)")
      #expect(fast.bytes == zlib.bytes, "trial \(trial)")
      if zlib.error != nil { failures += 1 }
      Scratch.remove(path)
    }
    #expect(failures > 150, "most damaged files fail")
  }

  @Test(
    "the real traces decode to the same bytes as with zlib",
    .enabled(if: TestPaths.sharedTracesDirectory != nil, "../shared/traces is absent"),
    arguments: ["KTH-SP2-1996-2.1-cln.swf.gz", "SDSC-Par-1996-3.1-cln.swf.gz"])
  func realTraces(name: String) throws {
    let path = try #require(TestPaths.sharedTrace(name))
    var random = SplitMix(seed: 3)
    let fast = Gzip.decode(path, fast: true, random: &random, maximumRead: 1 << 20)
    let zlib = Gzip.decode(path, fast: false, random: &random, maximumRead: 1 << 20)
    #expect(fast.error == nil)
    #expect(fast.bytes.count > 1_000_000)
    #expect(fast.bytes == zlib.bytes)
  }

  @Test("hpcsim_crc32 equals zlib's crc32 for every length and alignment")
  func crc() {
    var random = SplitMix(seed: 31)
    let bytes = (0..<70_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    bytes.withUnsafeBufferPointer { buffer in
      for trial in 0..<2_000 {
        let offset = Int(random.next() % 64)
        let length = trial < 300 ? trial : Int(random.next() % UInt64(buffer.count - offset))
        let start = UInt(truncatingIfNeeded: random.next() & 0xFFFF_FFFF)
        let expected = crc32(start, buffer.baseAddress! + offset, UInt32(length))
        #expect(hpcsim_crc32(start, buffer.baseAddress! + offset, length) == expected)
      }
    }
  }

  @Test("a gzip line longer than the 1 MiB buffer is read whole, and the records around it")
  func longGzipLine() throws {
    var random = SplitMix(seed: 8)
    let records = Gzip.swfText(lines: 2_000, random: &random)
    let comment = Array((";" + String(repeating: "0123456789 ", count: 300_000) + "\n").utf8)
    let text = records + comment + records
    let plain = try SWFReader.readAll(path: Scratch.file("long.swf", bytes: text))
    let gzip = try SWFReader.readAll(path: Scratch.file("long.swf.gz", bytes: Gzip.compress(text, level: 6)))
    #expect(plain.records.count == 4_000)
    #expect(gzip.records == plain.records)
  }

  @Test("gzip records straddling the 1 MiB line buffer (3 MiB of records) read as the plain file")
  func straddlingGzip() throws {
    var random = SplitMix(seed: 5)
    let text = Gzip.swfText(lines: 40_000, random: &random)
    let plain = try SWFReader.readAll(path: Scratch.file("straddle.swf", bytes: text))
    let gzip = try SWFReader.readAll(path: Scratch.file("straddle.swf.gz", bytes: Gzip.compress(text, level: 9)))
    #expect(plain.records.count == 40_000)
    #expect(gzip.records == plain.records)
  }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Gzip test data: made with zlib's `deflate`, read back through `ByteSource`.
enum Gzip {
  /// SWF-like data lines: columns of numbers, some fractions and `-1`s.
  static func swfText(lines: Int, random: inout SplitMix) -> [UInt8] {
    guard lines > 0 else { return [] }
    var text = ""
    var submit = 0
    for job in 1...lines {
      submit += Int(random.next() % 500)
      let run = Int(random.next() % 90_000)
      let cpu = random.next() % 3 == 0 ? "\(run / 2).\(random.next() % 100)" : "-1"
      let procs = 1 << (random.next() % 8)
      text += "\(job) \(submit) \(random.next() % 1000) \(run) \(procs) \(cpu) -1 \(procs) 86400 -1 1 "
      text += "\(random.next() % 300) \(random.next() % 20) -1 \(random.next() % 4) 1 -1 -1\n"
    }
    return Array(text.utf8)
  }

  /// Random bytes with some repeats (short distances, long matches, runs).
  static func binary(bytes: Int, random: inout SplitMix) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(bytes)
    while result.count < bytes {
      switch random.next() % 4 {
      case 0:
        result += (0..<Int(1 + random.next() % 50)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      case 1 where result.count > 10:
        let distance = 1 + Int(random.next() % UInt64(min(result.count, 40_000)))
        for _ in 0..<Int(3 + random.next() % 300) { result.append(result[result.count - distance]) }
      default:
        result += [UInt8](repeating: UInt8(truncatingIfNeeded: random.next()), count: Int(random.next() % 40))
      }
    }
    return result
  }

  /// One gzip member of `data`.
  static func compress(
    _ data: [UInt8], level: Int32, strategy: Int32 = Z_DEFAULT_STRATEGY, name: String? = nil,
    comment: String? = nil, extra: Bool = false, headerCRC: Bool = false
  ) -> [UInt8] {
    // zlib keeps pointers to the stream and the header: both at fixed addresses.
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    let header = UnsafeMutablePointer<gz_header>.allocate(capacity: 1)
    header.initialize(to: gz_header())
    let nameBytes = cString(name)
    let commentBytes = cString(comment)
    let extraBytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 8)
    _ = extraBytes.initialize(from: [0x41, 0x42, 4, 0, 1, 2, 3, 4])
    let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(data.count, 1))
    _ = input.initialize(from: data)
    defer {
      deflateEnd(stream)
      stream.deallocate()
      header.deallocate()
      nameBytes?.deallocate()
      commentBytes?.deallocate()
      extraBytes.deallocate()
      input.deallocate()
    }
    let status = deflateInit2_(
      stream, level, Z_DEFLATED, 15 + 16, 8, strategy, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    precondition(status == Z_OK)
    header.pointee.name = nameBytes?.baseAddress
    header.pointee.comment = commentBytes?.baseAddress
    if extra {
      header.pointee.extra = extraBytes.baseAddress
      header.pointee.extra_len = UInt32(extraBytes.count)
    }
    header.pointee.hcrc = headerCRC ? 1 : 0
    precondition(deflateSetHeader(stream, header) == Z_OK)
    let capacity = Int(deflateBound(stream, UInt(data.count))) + 1_024
    let output = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    defer { output.deallocate() }
    stream.pointee.next_in = input.baseAddress
    stream.pointee.avail_in = UInt32(data.count)
    stream.pointee.next_out = output
    stream.pointee.avail_out = UInt32(capacity)
    precondition(deflate(stream, Z_FINISH) == Z_STREAM_END)
    return Array(UnsafeBufferPointer(start: output, count: capacity - Int(stream.pointee.avail_out)))
  }

  /// A zero-terminated copy of `text`, or nil.
  static func cString(_ text: String?) -> UnsafeMutableBufferPointer<UInt8>? {
    guard let text else { return nil }
    let bytes = Array(text.utf8) + [0]
    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
    _ = buffer.initialize(from: bytes)
    return buffer
  }

  /// Every byte `ByteSource` delivers for `path`, read in chunks of random
  /// sizes (at most `maximumRead`) into one buffer (so the decoder's
  /// history is in front of each chunk), and the error that stopped it.
  static func decode(
    _ path: String, fast: Bool, random: inout SplitMix, maximumRead: Int = 70_000
  ) -> (bytes: [UInt8], error: SWFError?) {
    var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
    var capacity = 1 << 16
    var count = 0
    defer { buffer.deallocate() }
    do {
      let source = try ByteSource(path: path, fastDecoding: fast)
      while true {
        let want = 1 + Int(random.next() % UInt64(maximumRead))
        if count + want > capacity {
          let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * (count + want))
          larger.update(from: buffer, count: count)
          buffer.deallocate()
          buffer = larger
          capacity = 2 * (count + want)
        }
        let got = try source.read(into: buffer + count, capacity: want)
        if got == 0 { break }
        count += got
      }
      return (Array(UnsafeBufferPointer(start: buffer, count: count)), nil)
    } catch {
      return (Array(UnsafeBufferPointer(start: buffer, count: count)), error)
    }
  }
}
