/// Huffman decode tables for DEFLATE, in the style of libdeflate and zlib's
/// `inflate_table`: one lookup on the next `root` bits of the stream gives
/// the symbol (or a pointer to a subtable for the longer codes).
///
/// An entry is a `UInt32`:
/// - bits 0-7: the bits to consume (code length plus extra bits; for a
///   subtable pointer, `root`);
/// - bits 8-11: the code length alone (the extra bits follow it; for a
///   subtable pointer, the subtable's index bits);
/// - bits 12-15: flags (`literal`, `exceptional`, `subtable`, `endOfBlock`);
/// - bits 16-31: the literal byte, the length or distance base, the code
///   length symbol, or the subtable's first index.
///
/// Codes are accepted exactly as zlib accepts them: an over-subscribed set
/// is refused, an incomplete one only when its longest code has one bit (a
/// single used code), and the missing codes decode as invalid.
enum HuffmanTable {
  static let literal: UInt32 = 0x1000
  static let exceptional: UInt32 = 0x2000
  static let subtable: UInt32 = 0x4000
  static let endOfBlock: UInt32 = 0x8000

  /// Root index bits and capacities (zlib's `ENOUGH` for these roots).
  static let literalLengthBits = 11
  static let literalLengthCapacity = 2342
  static let distanceBits = 8
  static let distanceCapacity = 402
  static let codeLengthBits = 7
  static let codeLengthCapacity = 128

  /// Length symbols 257...285: base and extra bits (RFC 1951, 3.2.5).
  static let lengthBase: [UInt16] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
    131, 163, 195, 227, 258,
  ]
  static let lengthExtra: [UInt8] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
  ]
  /// Distance symbols 0...29.
  static let distanceBase: [UInt16] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
  ]
  static let distanceExtra: [UInt8] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
  ]

  /// What a table is for: how symbols become entries, and whether an
  /// incomplete code is allowed.
  enum Kind { case literalLength, distance, codeLength }

  /// Why a table could not be built.
  enum Outcome { case built, empty, invalid }

  /// The entry for `symbol` with a code of `length` bits (relative to the
  /// subtable for long codes).
  @inline(__always)
  static func entry(_ kind: Kind, symbol: Int, length: Int) -> UInt32 {
    let bits = UInt32(length)
    switch kind {
    case .codeLength:
      return UInt32(symbol) << 16 | bits << 8 | bits
    case .literalLength:
      if symbol < 256 { return UInt32(symbol) << 16 | literal | bits << 8 | bits }
      if symbol == 256 { return exceptional | endOfBlock | bits << 8 | bits }
      if symbol > 285 { return exceptional | bits << 8 | bits }  // 286, 287: invalid
      let extra = UInt32(lengthExtra[symbol - 257])
      return UInt32(lengthBase[symbol - 257]) << 16 | bits << 8 | (bits + extra)
    case .distance:
      if symbol > 29 { return exceptional | bits << 8 | bits }  // 30, 31: invalid
      let extra = UInt32(distanceExtra[symbol])
      return UInt32(distanceBase[symbol]) << 16 | bits << 8 | (bits + extra)
    }
  }

  /// Builds the table for the code lengths `lengths[0..<count]`.
  ///
  /// - Returns: `.built`; `.empty` when no symbol has a code (the table
  ///   then decodes everything as invalid); `.invalid` for a set zlib
  ///   refuses (over-subscribed, or incomplete with a longest code over
  ///   one bit, or any incomplete code-length code).
  /// - Complexity: O(count + table size).
  static func build(
    _ kind: Kind, lengths: UnsafePointer<UInt8>, count: Int, root: Int,
    into table: UnsafeMutablePointer<UInt32>, capacity: Int
  ) -> Outcome {
    var counts = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    return withUnsafeMutableBytes(of: &counts) { raw -> Outcome in
      let lengthCounts = raw.baseAddress!.assumingMemoryBound(to: Int.self)
      for symbol in 0..<count { lengthCounts[Int(lengths[symbol])] += 1 }
      var longest = 15
      while longest > 0 && lengthCounts[longest] == 0 { longest -= 1 }
      let rootSize = 1 << root
      if longest == 0 {
        table.update(repeating: exceptional, count: rootSize)
        return .empty
      }
      var left = 1
      for length in 1...15 {
        left <<= 1
        left -= lengthCounts[length]
        if left < 0 { return .invalid }  // over-subscribed
      }
      if left > 0 {
        if kind == .codeLength || longest != 1 { return .invalid }  // incomplete
        table.update(repeating: exceptional, count: rootSize)
      }
      // Symbols sorted by code length, then by value: canonical code order.
      var offsets = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
      return withUnsafeMutableBytes(of: &offsets) { rawOffsets -> Outcome in
        let offset = rawOffsets.baseAddress!.assumingMemoryBound(to: Int.self)
        for length in 1..<15 { offset[length + 1] = offset[length] + lengthCounts[length] }
        return withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 288) { sorted -> Outcome in
          for symbol in 0..<count where lengths[symbol] != 0 {
            let length = Int(lengths[symbol])
            sorted[offset[length]] = UInt16(symbol)
            offset[length] += 1
          }
          let used = offset[15]
          // Walk the codes in canonical order; `code` is the current code,
          // MSB first; the table is indexed by the bit-reversed code.
          var code = 0
          var length = 0
          var next = rootSize  // first free index for subtables
          var currentPrefix = -1
          var subtableStart = 0
          var subtableBits = 0
          // Codes of each length not yet placed.
          var remainingCounts = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
          return withUnsafeMutableBytes(of: &remainingCounts) { rawRemaining -> Outcome in
            let pending = rawRemaining.baseAddress!.assumingMemoryBound(to: Int.self)
            for length in 0...15 { pending[length] = lengthCounts[length] }
            for index in 0..<used {
              let symbol = Int(sorted[index])
              let symbolLength = Int(lengths[symbol])
              if index > 0 {
                code += 1
                code <<= symbolLength - length
              }
              length = symbolLength
              let reversed = reverse(code, bits: length)
              if length <= root {
                let value = entry(kind, symbol: symbol, length: length)
                var i = reversed
                while i < rootSize {
                  table[i] = value
                  i += 1 << length
                }
              } else {
                let prefix = reversed & (rootSize - 1)
                if prefix != currentPrefix {
                  // A new subtable, large enough for every code with this
                  // prefix (zlib's computation).
                  var bits = length - root
                  var room = 1 << bits
                  while bits + root < longest {
                    room -= pending[bits + root]
                    if room <= 0 { break }
                    bits += 1
                    room <<= 1
                  }
                  subtableStart = next
                  subtableBits = bits
                  next += 1 << bits
                  if next > capacity { return .invalid }
                  if left > 0 {
                    (table + subtableStart).update(repeating: exceptional, count: 1 << bits)
                  }
                  table[prefix] =
                    UInt32(subtableStart) << 16 | exceptional | subtable
                    | UInt32(bits) << 8 | UInt32(root)
                  currentPrefix = prefix
                }
                let value = entry(kind, symbol: symbol, length: length - root)
                var i = reversed >> root
                while i < 1 << subtableBits {
                  table[subtableStart + i] = value
                  i += 1 << (length - root)
                }
              }
              pending[length] -= 1
            }
            return .built
          }
        }
      }
    }
  }

  /// The low `bits` bits of `code` in reverse order.
  @inline(__always)
  static func reverse(_ code: Int, bits: Int) -> Int {
    var result = 0
    var value = code
    for _ in 0..<bits {
      result = result << 1 | value & 1
      value >>= 1
    }
    return result
  }
}
