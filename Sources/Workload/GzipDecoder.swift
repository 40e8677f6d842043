import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A fast gzip decoder for well-formed files, written after libdeflate's
/// decompressor: a 64-bit bit buffer refilled without branches, one table
/// lookup per symbol, literals decoded two or three per refill, matches
/// copied 8 bytes at a time. It decodes about twice as fast as zlib 1.2.13's
/// `inflate`, which took most of the time of reading a trace.
///
/// It writes straight into the caller's buffer and finds its history (the
/// last 32 KiB of output, for back-references) in front of the destination:
/// the caller must keep the bytes it was last given there (see
/// `ByteSource.historyNeeded`).
///
/// The decoder takes only what it fully understands: gzip members with the
/// usual header fields (optional name and comment), stored, fixed and
/// dynamic blocks, correct trailers, zero padding after the last member.
/// Anything else (damaged or truncated data, a bad CRC or length, header
/// CRCs and extra fields, a zlib stream after a member) makes `read` return
/// `nil` before any byte of the offending part is delivered, and the caller
/// hands the file over to zlib, which then produces the same bytes up to
/// there and reports the problem in its own words. Every check that zlib
/// makes on the data it decodes is made here too, so the bytes delivered
/// before a hand-over are always the ones zlib delivers.
final class GzipDecoder {
  let descriptor: Int32
  let path: String
  /// Compressed input: `input[inPosition..<inCount]` is unread.
  let input: UnsafeMutablePointer<UInt8>
  let inputCapacity: Int
  var inPosition = 0
  var inCount: Int
  var inputEnded = false
  /// Bits not yet consumed, the next in the low bits; `bitCount` of them
  /// are valid. Bits above `bitCount` may hold the next input bytes.
  var bitBuffer: UInt64 = 0
  var bitCount = 0

  let literalLengthTable: UnsafeMutablePointer<UInt32>
  let distanceTable: UnsafeMutablePointer<UInt32>
  private let codeLengthTable: UnsafeMutablePointer<UInt32>
  /// Code lengths of the current block (288 literal/length + 32 distance).
  private let codeLengths: UnsafeMutablePointer<UInt8>

  enum Phase { case memberHeader, blockHeader, codes, stored, trailer, done }
  var phase = Phase.memberHeader
  private var isFirstMember = true
  private var isFinalBlock = false
  /// Bytes left in the current stored block.
  private var storedRemaining = 0
  /// A match cut short by the end of the caller's buffer.
  var pendingLength = 0
  var pendingDistance = 0
  /// Bytes of the current member output so far (for its length check and
  /// for the distance check: a match may not reach into an earlier member).
  private var memberOutput = 0
  /// CRC-32 of the current member's output so far.
  private var crc: UInt = 0

  /// Why decoding stops before the caller's buffer is full.
  enum Stop: Error {
    /// The data is not the plain well-formed case: zlib takes over.
    case handOver
    /// `read(2)` failed.
    case failed(SWFError)
  }

  /// Takes ownership of `input` (`capacity` bytes), whose first
  /// `initialCount` bytes were read from the start of the file.
  init(
    descriptor: Int32, path: String, input: UnsafeMutablePointer<UInt8>, capacity: Int,
    initialCount: Int
  ) {
    self.descriptor = descriptor
    self.path = path
    self.input = input
    inputCapacity = capacity
    inCount = initialCount
    literalLengthTable = .allocate(capacity: HuffmanTable.literalLengthCapacity)
    distanceTable = .allocate(capacity: HuffmanTable.distanceCapacity)
    codeLengthTable = .allocate(capacity: HuffmanTable.codeLengthCapacity)
    codeLengths = .allocate(capacity: 288 + 32)
  }

  deinit {
    input.deallocate()
    literalLengthTable.deallocate()
    distanceTable.deallocate()
    codeLengthTable.deallocate()
    codeLengths.deallocate()
  }

  /// Decompresses into `destination` until `capacity` bytes are stored or
  /// the data ends.
  ///
  /// The `min(32768, bytes returned so far)` bytes before `destination`
  /// must be the last bytes returned, in order.
  /// - Returns: the number of bytes stored (0 only once the last member is
  ///   done), or `nil` when the file must be handed over to zlib; the
  ///   bytes stored by this call are then not to be used.
  /// - Throws: `SWFError.readFailed`.
  /// - Complexity: O(bytes produced + bytes consumed).
  func read(into destination: UnsafeMutablePointer<UInt8>, capacity: Int) throws(SWFError) -> Int? {
    var out = destination
    let end = destination + capacity
    // Where the current member's output started (possibly before
    // `destination`), as an address: matches may not reach before it.
    var memberStart = Int(bitPattern: destination) - memberOutput
    var crcFrom = destination
    do throws(Stop) {
      while out < end {
        switch phase {
        case .memberHeader:
          guard try readMemberHeader() else {
            phase = .done
            continue
          }
          memberStart = Int(bitPattern: out)
          crcFrom = out
          crc = 0
          phase = .blockHeader
        case .blockHeader:
          try readBlockHeader()
        case .codes:
          if pendingLength > 0 { copyPending(&out, end) }
          if out < end { try decodeCodes(&out, end, memberStart: memberStart) }
        case .stored:
          try copyStored(&out, end)
        case .trailer:
          crc = hpcsim_crc32(crc, crcFrom, out - crcFrom)
          crcFrom = out
          memberOutput = Int(bitPattern: out) - memberStart
          try readTrailer()
          memberOutput = 0
          phase = .memberHeader
        case .done:
          return out - destination
        }
      }
    } catch {
      switch error {
      case .handOver: return nil
      case .failed(let failure): throw failure
      }
    }
    crc = hpcsim_crc32(crc, crcFrom, out - crcFrom)
    memberOutput = Int(bitPattern: out) - memberStart
    return out - destination
  }
}

// MARK: - Bits

extension GzipDecoder {
  /// Makes at least `n` (at most 56) bits available, reading more input as
  /// needed; hands over at the end of the file (truncated data).
  @inline(__always)
  func need(_ n: Int) throws(Stop) {
    while bitCount < n {
      if inPosition == inCount {
        if inputEnded { throw .handOver }
        try refillInput()
        continue
      }
      bitBuffer |= UInt64(input[inPosition]) &<< UInt64(bitCount)
      inPosition += 1
      bitCount += 8
    }
  }

  /// Consumes and returns the next `n` bits (after `need(n)`).
  @inline(__always)
  func take(_ n: Int) -> Int {
    let value = Int(truncatingIfNeeded: bitBuffer & ((1 &<< UInt64(n)) &- 1))
    bitBuffer &>>= UInt64(n)
    bitCount -= n
    return value
  }

  /// The next `n` bits, after making them available.
  private func bits(_ n: Int) throws(Stop) -> Int {
    try need(n)
    return take(n)
  }

  /// Drops the bits up to the next byte boundary.
  private func alignToByte() {
    let drop = bitCount & 7
    bitBuffer &>>= UInt64(drop)
    bitCount -= drop
  }

  /// Moves the unread input (and the 8 bytes before it, which the bit
  /// buffer may give back) to the front and reads more after it.
  func refillInput() throws(Stop) {
    let keep = min(inPosition, 8)
    let from = inPosition - keep
    let remaining = inCount - from
    if from > 0 && remaining > 0 { memmove(input, input + from, remaining) }
    inPosition = keep
    inCount = remaining
    if inCount == inputCapacity { return }
    let got: Int
    do {
      got = try ByteSource.read(descriptor, input + inCount, inputCapacity - inCount, path: path)
    } catch {
      throw .failed(error)
    }
    if got == 0 { inputEnded = true }
    inCount += got
  }
}

// MARK: - Members and blocks

extension GzipDecoder {
  /// Reads a member header; false when only zero padding (or nothing) is
  /// left after a member.
  private func readMemberHeader() throws(Stop) -> Bool {
    if !isFirstMember {
      // Zero bytes after a member are padding, as for `gzip -d`. The bit
      // buffer holds whole bytes here (the trailer ended on a boundary).
      while true {
        if bitCount == 0 {
          if inPosition == inCount {
            if inputEnded { return false }
            try refillInput()
            continue
          }
          try need(8)
        }
        if bitBuffer & 0xFF != 0 { break }
        _ = take(8)
      }
    }
    isFirstMember = false
    guard try bits(16) == 0x8B1F, try bits(8) == 8 else { throw .handOver }
    let flags = try bits(8)
    // FTEXT (1), FNAME (8), FCOMMENT (16) are understood; FHCRC (2),
    // FEXTRA (4) and the reserved bits go to zlib.
    guard flags & 0xE6 == 0 else { throw .handOver }
    for _ in 0..<6 { _ = try bits(8) }  // MTIME, XFL, OS
    if flags & 8 != 0 { while try bits(8) != 0 {} }
    if flags & 16 != 0 { while try bits(8) != 0 {} }
    return true
  }

  /// Reads a block header and prepares its tables.
  private func readBlockHeader() throws(Stop) {
    if isFinalBlock {
      isFinalBlock = false
      phase = .trailer
      return
    }
    isFinalBlock = try bits(1) == 1
    switch try bits(2) {
    case 0:
      alignToByte()
      let length = try bits(16)
      let complement = try bits(16)
      guard length == complement ^ 0xFFFF else { throw .handOver }
      // Give the whole bytes still in the bit buffer back to the input.
      inPosition -= bitCount >> 3
      bitBuffer = 0
      bitCount = 0
      storedRemaining = length
      phase = .stored
    case 1:
      for symbol in 0..<144 { codeLengths[symbol] = 8 }
      for symbol in 144..<256 { codeLengths[symbol] = 9 }
      for symbol in 256..<280 { codeLengths[symbol] = 7 }
      for symbol in 280..<288 { codeLengths[symbol] = 8 }
      for symbol in 288..<320 { codeLengths[symbol] = 5 }
      try buildTables(literalLengths: 288, distances: 32)
      phase = .codes
    case 2:
      try readDynamicHeader()
      phase = .codes
    default:
      throw .handOver  // invalid block type
    }
  }

  static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

  /// Reads the code lengths of a dynamic block and builds its tables.
  private func readDynamicHeader() throws(Stop) {
    let literalLengths = try bits(5) + 257
    let distances = try bits(5) + 1
    let codeLengthCount = try bits(4) + 4
    guard literalLengths <= 286 && distances <= 30 else { throw .handOver }
    // The 19 code-length code lengths, in their transmission order.
    for symbol in 0..<19 { codeLengths[symbol] = 0 }
    for i in 0..<codeLengthCount { codeLengths[Self.codeLengthOrder[i]] = UInt8(try bits(3)) }
    guard
      HuffmanTable.build(
        .codeLength, lengths: codeLengths, count: 19, root: HuffmanTable.codeLengthBits,
        into: codeLengthTable, capacity: HuffmanTable.codeLengthCapacity) == .built
    else { throw .handOver }
    let total = literalLengths + distances
    var index = 0
    while index < total {
      try need(7 + 7)
      let entry = codeLengthTable[Int(truncatingIfNeeded: bitBuffer) & 0x7F]
      _ = take(Int(entry & 0xFF))
      let symbol = Int(entry >> 16)
      if symbol < 16 {
        codeLengths[index] = UInt8(symbol)
        index += 1
        continue
      }
      let value: UInt8
      let repeats: Int
      switch symbol {
      case 16:
        guard index > 0 else { throw .handOver }  // invalid bit length repeat
        value = codeLengths[index - 1]
        repeats = 3 + take(2)
      case 17:
        value = 0
        repeats = 3 + take(3)
      default:
        value = 0
        repeats = 11 + take(7)
      }
      guard index + repeats <= total else { throw .handOver }  // invalid bit length repeat
      for i in index..<index + repeats { codeLengths[i] = value }
      index += repeats
    }
    guard codeLengths[256] != 0 else { throw .handOver }  // missing end-of-block
    // Distance lengths follow the literal/length ones; move them to 288.
    if literalLengths < 288 {
      memmove(codeLengths + 288, codeLengths + literalLengths, distances)
    }
    try buildTables(literalLengths: literalLengths, distances: distances)
  }

  /// Builds both tables from `codeLengths` (literal/length at 0, distance at 288).
  private func buildTables(literalLengths: Int, distances: Int) throws(Stop) {
    guard
      HuffmanTable.build(
        .literalLength, lengths: codeLengths, count: literalLengths,
        root: HuffmanTable.literalLengthBits, into: literalLengthTable,
        capacity: HuffmanTable.literalLengthCapacity) == .built
    else { throw .handOver }
    guard
      HuffmanTable.build(
        .distance, lengths: codeLengths + 288, count: distances, root: HuffmanTable.distanceBits,
        into: distanceTable, capacity: HuffmanTable.distanceCapacity) != .invalid
    else { throw .handOver }
  }

  /// Copies stored bytes from the input.
  private func copyStored(
    _ out: inout UnsafeMutablePointer<UInt8>, _ end: UnsafeMutablePointer<UInt8>
  ) throws(Stop) {
    while storedRemaining > 0 && out < end {
      if inPosition == inCount {
        if inputEnded { throw .handOver }  // truncated
        try refillInput()
        continue
      }
      let count = min(storedRemaining, end - out, inCount - inPosition)
      out.update(from: input + inPosition, count: count)
      out += count
      inPosition += count
      storedRemaining -= count
    }
    if storedRemaining == 0 { phase = .blockHeader }
  }

  /// Checks the member's CRC-32 and length.
  private func readTrailer() throws(Stop) {
    alignToByte()
    let check = UInt(try bits(32))
    let length = try bits(32)
    guard check == crc && length == memberOutput & 0xFFFF_FFFF else { throw .handOver }
  }

  /// Finishes a match cut short by the end of the previous buffer.
  func copyPending(
    _ out: inout UnsafeMutablePointer<UInt8>, _ end: UnsafeMutablePointer<UInt8>
  ) {
    let count = min(pendingLength, end - out)
    for i in 0..<count { out[i] = out[i - pendingDistance] }
    out += count
    pendingLength -= count
  }
}
