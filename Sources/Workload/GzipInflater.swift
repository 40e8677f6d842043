import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Streaming gzip decompression of an open file with the system zlib.
///
/// `inflateInit2_` with window bits 15 + 32 accepts gzip and zlib headers.
/// A file made of several gzip members (`cat a.gz b.gz`) is decompressed as
/// the concatenation of their contents: at each `Z_STREAM_END` the stream is
/// reset if input remains. Zero bytes padding the end of the file are ignored;
/// any other trailing bytes must start a valid member.
final class GzipInflater {
  private let descriptor: Int32
  private let path: String
  /// The `z_stream` lives at a fixed address: zlib keeps a pointer back to it.
  private let stream: UnsafeMutablePointer<z_stream>
  /// Compressed bytes, `ByteSource.inputCapacity` long; owned by the inflater.
  private let input: UnsafeMutableBufferPointer<UInt8>
  private var inputEnded = false
  /// The last member ended; another may follow.
  private var memberEnded = false
  private var finished = false

  /// Takes ownership of `input`, whose first `initialCount` bytes were already read.
  ///
  /// - Throws: `SWFError.corruptCompressedData` if zlib cannot be initialised.
  init(
    descriptor: Int32, path: String, input: UnsafeMutableBufferPointer<UInt8>, initialCount: Int
  ) throws(SWFError) {
    self.descriptor = descriptor
    self.path = path
    self.input = input
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    stream.pointee.next_in = input.baseAddress
    stream.pointee.avail_in = UInt32(initialCount)
    let status = inflateInit2_(
      stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    if status != Z_OK {
      stream.deallocate()
      throw .corruptCompressedData(path: path, reason: "zlib initialisation failed (\(status))")
    }
  }

  deinit {
    inflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
    input.deallocate()
  }

  /// Decompresses into `destination` until it is full or the data ends.
  ///
  /// - Returns: the number of bytes stored; 0 only once every member is done.
  /// - Throws: `SWFError.corruptCompressedData` with zlib's message,
  ///   `.truncatedCompressedData` if the file ends inside a member,
  ///   `.readFailed`.
  /// - Complexity: O(bytes produced + bytes consumed).
  func inflate(into destination: UnsafeMutablePointer<UInt8>, capacity: Int) throws(SWFError) -> Int {
    stream.pointee.next_out = destination
    stream.pointee.avail_out = UInt32(clamping: capacity)
    while stream.pointee.avail_out > 0 && !finished {
      if stream.pointee.avail_in == 0 && !inputEnded { try refill() }
      if memberEnded {
        skipZeroPadding()
        if stream.pointee.avail_in == 0 {
          if inputEnded { finished = true }
          continue
        }
        inflateReset(stream)
        memberEnded = false
      }
      try step()
    }
    return capacity - Int(stream.pointee.avail_out)
  }

  /// One call to zlib's `inflate`, with its status turned into state or an error.
  private func step() throws(SWFError) {
    let status = CZlib.inflate(stream, Z_NO_FLUSH)
    switch status {
    case Z_OK:
      return
    case Z_STREAM_END:
      memberEnded = true
    case Z_BUF_ERROR:
      // No progress: either the output is full (the caller's loop ends) or
      // the input is exhausted at end of file inside a member.
      if stream.pointee.avail_in == 0 && inputEnded { throw .truncatedCompressedData(path: path) }
      if stream.pointee.avail_in > 0 && stream.pointee.avail_out > 0 {
        throw .corruptCompressedData(path: path, reason: "inflate made no progress")
      }
    case Z_MEM_ERROR:
      throw .corruptCompressedData(path: path, reason: "out of memory")
    default:
      let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
      throw .corruptCompressedData(path: path, reason: message)
    }
  }

  /// Reads the next compressed chunk; marks the end of input at end of file.
  private func refill() throws(SWFError) {
    let got = try ByteSource.read(descriptor, input.baseAddress!, input.count, path: path)
    if got == 0 { inputEnded = true }
    stream.pointee.next_in = input.baseAddress
    stream.pointee.avail_in = UInt32(got)
  }

  /// Drops zero bytes after a member (tape padding), as `gzip -d` does.
  private func skipZeroPadding() {
    while stream.pointee.avail_in > 0 && stream.pointee.next_in.pointee == 0 {
      stream.pointee.next_in += 1
      stream.pointee.avail_in -= 1
    }
  }
}
