/// The inner loop: literal/length and distance codes of a Huffman block.
extension GzipDecoder {
  /// Output space the fast loop keeps free: a longest match (258 bytes) and
  /// the overshoot of its 16-byte copies, with room to spare.
  static let outputMargin = 288
  /// Input the fast loop keeps readable: three 8-byte refills per symbol
  /// at most (each takes at most 7 bytes).
  static let inputMargin = 24

  /// Decodes symbols into `out` until the block ends (`phase` becomes
  /// `.blockHeader`) or `out` reaches `end`.
  ///
  /// While at least `inputMargin` input bytes and `outputMargin` output
  /// bytes are left, the loop refills the bit buffer with one unaligned
  /// 8-byte load and no branch (libdeflate's trick: the buffer then holds
  /// 56 to 63 bits, enough for a whole length/distance pair) and copies
  /// matches 8 bytes at a time. Near either end it goes one symbol at a
  /// time with checked reads.
  /// - Parameter memberStart: the address where the member's output began;
  ///   a match reaching before it is invalid ("distance too far back").
  /// - Throws: `.handOver` on an invalid code or distance, or truncated data.
  func decodeCodes(
    _ out: inout UnsafeMutablePointer<UInt8>, _ end: UnsafeMutablePointer<UInt8>, memberStart: Int
  ) throws(Stop) {
    let literalLengths = literalLengthTable
    let distances = distanceTable
    let rootMask: UInt64 = (1 << UInt64(HuffmanTable.literalLengthBits)) - 1
    let distanceMask: UInt64 = (1 << UInt64(HuffmanTable.distanceBits)) - 1
    let literalFlag = HuffmanTable.literal
    var o = out
    defer { out = o }
    while true {
      // `count`'s low 6 bits are the valid bits; the bits above them are
      // garbage (entries are subtracted whole), as shifts use only 6 bits.
      var buffer = bitBuffer
      var count = UInt64(bitCount)
      var next = input + inPosition
      let inputLimit = input + max(inCount - Self.inputMargin, 0)
      if next < inputLimit && end - o >= Self.outputMargin {
        // The entry of the next symbol is looked up as soon as its bits are
        // there, before the refill and the match copy (libdeflate's
        // "preload"): at the top of the loop `entry` is the next symbol's
        // entry and at least 15 bits are valid.
        buffer |= UInt64(littleEndian: UnsafeRawPointer(next).loadUnaligned(as: UInt64.self)) &<< count
        next += Int(truncatingIfNeeded: 7 &- (count &>> 3) & 7)
        count |= 56
        var entry = literalLengths[Int(truncatingIfNeeded: buffer & rootMask)]
        repeat {
          // Refill the bits above the valid ones; `entry` stays right.
          buffer |= UInt64(littleEndian: UnsafeRawPointer(next).loadUnaligned(as: UInt64.self)) &<< count
          next += Int(truncatingIfNeeded: 7 &- (count &>> 3) & 7)
          count |= 56
          if entry & literalFlag != 0 {
            // Two literals per refill at most (2 x 15 bits, and 15 to look up).
            buffer &>>= UInt64(entry)
            count &-= UInt64(entry)
            o.pointee = UInt8(truncatingIfNeeded: entry &>> 16)
            o += 1
            entry = literalLengths[Int(truncatingIfNeeded: buffer & rootMask)]
            if entry & literalFlag != 0 {
              buffer &>>= UInt64(entry)
              count &-= UInt64(entry)
              o.pointee = UInt8(truncatingIfNeeded: entry &>> 16)
              o += 1
              entry = literalLengths[Int(truncatingIfNeeded: buffer & rootMask)]
            }
            continue
          }
          if entry & HuffmanTable.subtable != 0 {
            buffer &>>= UInt64(entry)
            count &-= UInt64(entry)
            let mask = (UInt64(1) &<< UInt64((entry &>> 8) & 0xF)) &- 1
            entry = literalLengths[Int(entry &>> 16) &+ Int(truncatingIfNeeded: buffer & mask)]
            if entry & literalFlag != 0 {
              buffer &>>= UInt64(entry)
              count &-= UInt64(entry)
              o.pointee = UInt8(truncatingIfNeeded: entry &>> 16)
              o += 1
              entry = literalLengths[Int(truncatingIfNeeded: buffer & rootMask)]
              continue
            }
          }
          if entry & HuffmanTable.exceptional != 0 {
            guard entry & HuffmanTable.endOfBlock != 0 else { throw .handOver }  // invalid code
            buffer &>>= UInt64(entry)
            count &-= UInt64(entry)
            bitBuffer = buffer
            bitCount = Int(count & 63)
            inPosition = next - input
            phase = .blockHeader
            return
          }
          // A length (code, then extra bits), then a distance: at most 48 bits.
          var total = UInt64(entry & 0xFF)
          let length =
            Int(entry &>> 16)
            &+ Int(truncatingIfNeeded: (buffer & ((1 &<< total) &- 1)) &>> UInt64((entry &>> 8) & 0xF))
          buffer &>>= total
          count &-= total
          entry = distances[Int(truncatingIfNeeded: buffer & distanceMask)]
          if entry & HuffmanTable.subtable != 0 {
            buffer &>>= UInt64(entry)
            count &-= UInt64(entry)
            let mask = (UInt64(1) &<< UInt64((entry &>> 8) & 0xF)) &- 1
            entry = distances[Int(entry &>> 16) &+ Int(truncatingIfNeeded: buffer & mask)]
          }
          guard entry & HuffmanTable.exceptional == 0 else { throw .handOver }  // invalid distance code
          total = UInt64(entry & 0xFF)
          let distance =
            Int(entry &>> 16)
            &+ Int(truncatingIfNeeded: (buffer & ((1 &<< total) &- 1)) &>> UInt64((entry &>> 8) & 0xF))
          buffer &>>= total
          count &-= total
          guard Int(bitPattern: o) &- distance >= memberStart else { throw .handOver }  // too far back
          // A second refill (the input margin allows two per iteration),
          // then the next entry, then the copy.
          buffer |= UInt64(littleEndian: UnsafeRawPointer(next).loadUnaligned(as: UInt64.self)) &<< count
          next += Int(truncatingIfNeeded: 7 &- (count &>> 3) & 7)
          count |= 56
          entry = literalLengths[Int(truncatingIfNeeded: buffer & rootMask)]
          Self.copyMatch(o, length: length, distance: distance)
          o += length
        } while next < inputLimit && end - o >= Self.outputMargin
      }
      bitBuffer = buffer
      bitCount = Int(count & 63)
      inPosition = next - input
      if o == end { return }
      if end - o >= Self.outputMargin && !inputEnded {
        try refillInput()  // near the end of the input buffer: read more
        if inCount - inPosition >= Self.inputMargin { continue }
      }
      // Near the end of the output or of the file: one symbol, checked.
      if try decodeOneSymbol(&o, end, memberStart: memberStart) { return }
    }
  }

  /// Copies `length` bytes from `distance` bytes back to `destination`, as
  /// LZ77 defines it (the source may overlap the destination). Writes up to
  /// 64 bytes, or up to 15 bytes past the end.
  ///
  /// Most matches in a trace are short (HPC2N: 1.1 M matches of 16.8 bytes
  /// on average) and far: four 16-byte copies without a test cover up to
  /// 64 bytes, and a loop takes the rest.
  @inline(__always)
  static func copyMatch(_ destination: UnsafeMutablePointer<UInt8>, length: Int, distance: Int) {
    var to = UnsafeMutableRawPointer(destination)
    let stop = to + length
    var from = UnsafeRawPointer(to - distance)
    if distance >= 16 {
      // Each 16-byte read lies wholly before the write, already final.
      typealias Chunk = SIMD16<UInt8>
      to.storeBytes(of: from.loadUnaligned(as: Chunk.self), as: Chunk.self)
      (to + 16).storeBytes(of: (from + 16).loadUnaligned(as: Chunk.self), as: Chunk.self)
      (to + 32).storeBytes(of: (from + 32).loadUnaligned(as: Chunk.self), as: Chunk.self)
      (to + 48).storeBytes(of: (from + 48).loadUnaligned(as: Chunk.self), as: Chunk.self)
      if length > 64 {
        to += 64
        from += 64
        repeat {
          to.storeBytes(of: from.loadUnaligned(as: Chunk.self), as: Chunk.self)
          from += 16
          to += 16
        } while to < stop
      }
    } else if distance >= 8 {
      // Each word read lies wholly before the word written, already final.
      repeat {
        to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
        from += 8
        to += 8
      } while to < stop
    } else if distance == 1 {
      let pattern = UInt64(from.load(as: UInt8.self)) &* 0x0101_0101_0101_0101
      repeat {
        to.storeBytes(of: pattern, as: UInt64.self)
        to += 8
      } while to < stop
    } else {
      repeat {
        to.storeBytes(of: from.load(as: UInt8.self), as: UInt8.self)
        from += 1
        to += 1
      } while to < stop
    }
  }

  /// Decodes one symbol with checked reads; a match that does not fit
  /// before `end` is finished by the next call (`pendingLength`).
  ///
  /// - Returns: true when the block ended or `out` reached `end`.
  private func decodeOneSymbol(
    _ out: inout UnsafeMutablePointer<UInt8>, _ end: UnsafeMutablePointer<UInt8>, memberStart: Int
  ) throws(Stop) -> Bool {
    // A whole length/distance pair: 48 bits. A well-formed member always
    // has them (its 8-byte trailer follows the last code).
    try need(48)
    var entry = literalLengthTable[Int(truncatingIfNeeded: bitBuffer) & ((1 << HuffmanTable.literalLengthBits) - 1)]
    if entry & HuffmanTable.subtable != 0 {
      _ = take(Int(entry & 0xFF))
      let mask = (1 << Int((entry >> 8) & 0xF)) - 1
      entry = literalLengthTable[Int(entry >> 16) + Int(truncatingIfNeeded: bitBuffer) & mask]
    }
    if entry & HuffmanTable.literal != 0 {
      _ = take(Int(entry & 0xFF))
      out.pointee = UInt8(truncatingIfNeeded: entry >> 16)
      out += 1
      return out == end
    }
    if entry & HuffmanTable.exceptional != 0 {
      guard entry & HuffmanTable.endOfBlock != 0 else { throw .handOver }
      _ = take(Int(entry & 0xFF))
      phase = .blockHeader
      return true
    }
    let codeBits = Int((entry >> 8) & 0xF)
    let length = Int(entry >> 16) + (take(Int(entry & 0xFF)) >> codeBits)
    entry = distanceTable[Int(truncatingIfNeeded: bitBuffer) & ((1 << HuffmanTable.distanceBits) - 1)]
    if entry & HuffmanTable.subtable != 0 {
      _ = take(Int(entry & 0xFF))
      let mask = (1 << Int((entry >> 8) & 0xF)) - 1
      entry = distanceTable[Int(entry >> 16) + Int(truncatingIfNeeded: bitBuffer) & mask]
    }
    guard entry & HuffmanTable.exceptional == 0 else { throw .handOver }
    let distanceBits = Int((entry >> 8) & 0xF)
    let distance = Int(entry >> 16) + (take(Int(entry & 0xFF)) >> distanceBits)
    guard Int(bitPattern: out) - distance >= memberStart else { throw .handOver }
    pendingLength = length
    pendingDistance = distance
    copyPending(&out, end)
    return out == end
  }
}
