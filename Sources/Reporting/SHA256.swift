#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SHA-256 (FIPS 180-4, section 6.2), for the provenance of outputs: the
/// digest of a trace file's bytes names exactly which trace a result came
/// from. Streaming: feed bytes with `update`, read the digest with
/// `finalize()`.
///
///     var hash = SHA256()
///     hash.update([0x61, 0x62, 0x63])
///     hash.finalize().hexDigest  // "ba7816bf…f20015ad"
///
/// - Complexity: O(n) for n bytes; a few hundred MB/s in release builds.
public struct SHA256: Sendable {
  /// The eight working hash values H0…H7.
  var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
  )
  /// Bytes of an incomplete 64-byte block.
  var pending: [UInt8] = []
  /// Message length so far, in bytes.
  var length: UInt64 = 0

  public init() { pending.reserveCapacity(64) }

  /// Adds `bytes` to the message.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    length &+= UInt64(bytes.count)
    var offset = 0
    if !pending.isEmpty {
      let take = min(64 - pending.count, bytes.count)
      pending.append(contentsOf: bytes[0..<take])
      offset = take
      guard pending.count == 64 else { return }
      pending.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: 1) }
      pending.removeAll(keepingCapacity: true)
    }
    guard let base = bytes.baseAddress else { return }
    let blocks = (bytes.count - offset) / 64
    if blocks > 0 {
      compress(blocks: base + offset, count: blocks)
      offset += blocks * 64
    }
    if offset < bytes.count { pending.append(contentsOf: bytes[offset...]) }
  }

  /// Adds `bytes` to the message.
  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// Pads the message and returns the 32-byte digest.
  public mutating func finalize() -> SHA256Digest {
    let bitLength = length &* 8
    var tail = pending
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) {
      tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
    }
    tail.withUnsafeBytes { raw in compress(blocks: raw.baseAddress!, count: raw.count / 64) }
    pending.removeAll()
    var bytes: [UInt8] = []
    bytes.reserveCapacity(32)
    let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
    for word in words {
      for shift in stride(from: 24, through: 0, by: -8) {
        bytes.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
      }
    }
    return SHA256Digest(bytes: bytes)
  }

  /// The digest of `bytes`.
  public static func hash(_ bytes: [UInt8]) -> SHA256Digest {
    var hasher = SHA256()
    hasher.update(bytes)
    return hasher.finalize()
  }

  /// The digest of the file at `path` and its size in bytes, read with
  /// `read(2)` in 1 MiB chunks.
  ///
  /// - Throws: `SHA256FileError` naming the path and the reason.
  public static func hashFile(path: String) throws(SHA256FileError) -> (digest: SHA256Digest, bytes: Int64) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    if descriptor < 0 { throw SHA256FileError(path: path, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    var hasher = SHA256()
    let chunkSize = 1 << 20
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    defer { chunk.deallocate() }
    while true {
      let got = read(descriptor, chunk.baseAddress, chunkSize)
      if got < 0 {
        if errno == EINTR { continue }
        throw SHA256FileError(path: path, reason: String(cString: strerror(errno)))
      }
      if got == 0 { break }
      hasher.update(UnsafeRawBufferPointer(rebasing: chunk[0..<got]))
    }
    let size = Int64(hasher.length)
    return (hasher.finalize(), size)
  }

  // MARK: - Compression

  /// The 64 round constants K0…K63 (FIPS 180-4, 4.2.2).
  static let roundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
  ]

  @inline(__always)
  static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }

  /// Processes `count` consecutive 64-byte blocks (FIPS 180-4, 6.2.2).
  mutating func compress(blocks: UnsafeRawPointer, count: Int) {
    var (h0, h1, h2, h3, h4, h5, h6, h7) = state
    Self.roundConstants.withUnsafeBufferPointer { k in
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
        for blockIndex in 0..<count {
          let block = blocks + blockIndex * 64
          for t in 0..<16 {
            w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
          }
          for t in 16..<64 {
            let x = w[t - 15]
            let y = w[t - 2]
            let s0 = Self.rotr(x, 7) ^ Self.rotr(x, 18) ^ (x >> 3)
            let s1 = Self.rotr(y, 17) ^ Self.rotr(y, 19) ^ (y >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
          }
          var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
          for t in 0..<64 {
            let s1 = Self.rotr(e, 6) ^ Self.rotr(e, 11) ^ Self.rotr(e, 25)
            let choose = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ choose &+ k[t] &+ w[t]
            let s0 = Self.rotr(a, 2) ^ Self.rotr(a, 13) ^ Self.rotr(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ majority
            h = g
            g = f
            f = e
            e = d &+ t1
            d = c
            c = b
            b = a
            a = t1 &+ t2
          }
          h0 &+= a
          h1 &+= b
          h2 &+= c
          h3 &+= d
          h4 &+= e
          h5 &+= f
          h6 &+= g
          h7 &+= h
        }
      }
    }
    state = (h0, h1, h2, h3, h4, h5, h6, h7)
  }
}

/// A 32-byte SHA-256 digest.
public struct SHA256Digest: Hashable, Sendable {
  public var bytes: [UInt8]

  /// The digest as 64 lower-case hexadecimal digits.
  public var hexDigest: String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in bytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}

/// A file that could not be read for hashing.
public struct SHA256FileError: Error, Hashable, Sendable, CustomStringConvertible {
  public var path: String
  public var reason: String
  public var description: String { "cannot read '\(path)' to compute its SHA-256: \(reason)" }
}
