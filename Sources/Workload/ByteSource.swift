#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The bytes of a trace file, decompressed if it is gzip, delivered in chunks.
///
/// The format is detected from the first two bytes (`1f 8b` is gzip), never
/// from the file name. Plain files are read with POSIX `read(2)` straight into
/// the caller's buffer. Gzip files are decoded by `GzipDecoder` (about twice
/// as fast as zlib); when it meets anything but well-formed data, the file is
/// handed over to zlib (`GzipInflater`), which reads it again from the start,
/// skips the bytes already delivered and goes on, so that damaged files fail
/// with zlib's own messages. Files that cannot be read again (pipes) go to
/// zlib from the start. Memory use is fixed: one 256 KiB input buffer,
/// whatever the file's size.
final class ByteSource {
  /// The path as the caller gave it (used in error messages).
  let path: String
  /// True when the file starts with the gzip magic bytes.
  let isCompressed: Bool
  private let descriptor: Int32
  /// Plain files: bytes read during detection, handed out before reading on.
  private var pending: UnsafeMutablePointer<UInt8>?
  private var pendingCount = 0
  private var pendingOffset = 0
  private var decoder: GzipDecoder?
  private var inflater: GzipInflater?
  /// Bytes returned so far (for a hand-over to zlib).
  private var delivered = 0

  /// Bytes read from the file per `read(2)` call for compressed input.
  static let inputCapacity = 256 * 1024

  /// How many of the bytes last returned must stay in front of the next
  /// destination (in order, as many as were returned, up to this count):
  /// `GzipDecoder` finds its 32 KiB history there.
  var historyNeeded: Int { isCompressed ? 32 * 1024 : 0 }

  /// Opens `path` and sniffs its first bytes.
  ///
  /// - Throws: `SWFError.cannotOpen` if the file cannot be opened,
  ///   `.readFailed` if the first read fails, `.corruptCompressedData` if
  ///   zlib cannot be initialised.
  /// - Parameter fastDecoding: false sends gzip files to zlib from the start
  ///   (for tests that compare the two).
  init(path: String, fastDecoding: Bool = true) throws(SWFError) {
    self.path = path
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    if descriptor < 0 {
      throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
    }
    self.descriptor = descriptor
    let prefix = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.inputCapacity)
    var count = 0
    do {
      // Read until the magic bytes can be seen (a pipe may deliver 1 byte).
      while count < 2 {
        let got = try Self.read(descriptor, prefix.baseAddress! + count,
                                Self.inputCapacity - count, path: path)
        if got == 0 { break }
        count += got
      }
    } catch {
      prefix.deallocate()
      close(descriptor)
      throw error
    }
    isCompressed = count >= 2 && prefix[0] == 0x1f && prefix[1] == 0x8b
    var status = stat()
    let isRegularFile = fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    if isCompressed && isRegularFile && fastDecoding {
      decoder = GzipDecoder(
        descriptor: descriptor, path: path, input: prefix.baseAddress!, capacity: prefix.count,
        initialCount: count)
    } else if isCompressed {
      do {
        inflater = try GzipInflater(
          descriptor: descriptor, path: path, input: prefix, initialCount: count)
      } catch {
        prefix.deallocate()
        close(descriptor)
        throw error
      }
    } else {
      if count > 0 {
        pending = prefix.baseAddress
        pendingCount = count
      } else {
        prefix.deallocate()
      }
    }
  }

  deinit {
    pending?.deallocate()
    if descriptor >= 0 { close(descriptor) }
  }

  /// Fills up to `capacity` bytes at `destination` with the next bytes of the
  /// (decompressed) file.
  ///
  /// - Returns: the number of bytes stored; 0 only at the end of the data.
  /// - Throws: `SWFError.readFailed`, `.corruptCompressedData`,
  ///   `.truncatedCompressedData`.
  /// - Complexity: O(bytes produced).
  func read(into destination: UnsafeMutablePointer<UInt8>, capacity: Int) throws(SWFError) -> Int {
    if let decoder {
      if let count = try decoder.read(into: destination, capacity: capacity) {
        delivered += count
        return count
      }
      try handOverToZlib()
    }
    if let inflater { return try inflater.inflate(into: destination, capacity: capacity) }
    if let pending {
      let count = min(capacity, pendingCount - pendingOffset)
      destination.update(from: pending + pendingOffset, count: count)
      pendingOffset += count
      if pendingOffset == pendingCount {
        pending.deallocate()
        self.pending = nil
      }
      return count
    }
    return try Self.read(descriptor, destination, capacity, path: path)
  }

  /// Replaces the fast decoder by zlib: reads the file again from the
  /// start and skips the bytes already delivered, so that zlib goes on from
  /// where the decoder stopped (and reports the problem it stopped at).
  ///
  /// - Complexity: O(bytes delivered so far).
  private func handOverToZlib() throws(SWFError) {
    decoder = nil
    if lseek(descriptor, 0, SEEK_SET) != 0 {
      throw .readFailed(path: path, reason: String(cString: strerror(errno)))
    }
    let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.inputCapacity)
    let zlib: GzipInflater
    do {
      zlib = try GzipInflater(descriptor: descriptor, path: path, input: input, initialCount: 0)
    } catch {
      input.deallocate()
      throw error
    }
    inflater = zlib
    let scratchSize = 64 * 1024
    let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: scratchSize)
    defer { scratch.deallocate() }
    var skipped = 0
    while skipped < delivered {
      let count = try zlib.inflate(into: scratch, capacity: min(scratchSize, delivered - skipped))
      if count == 0 { break }
      skipped += count
    }
  }

  /// One `read(2)`, retried on `EINTR`.
  ///
  /// - Returns: the bytes read, 0 at end of file.
  static func read(
    _ descriptor: Int32, _ destination: UnsafeMutablePointer<UInt8>, _ capacity: Int,
    path: String
  ) throws(SWFError) -> Int {
    while true {
      #if canImport(Glibc)
        let got = Glibc.read(descriptor, destination, capacity)
      #else
        let got = Darwin.read(descriptor, destination, capacity)
      #endif
      if got >= 0 { return got }
      if errno == EINTR { continue }
      throw .readFailed(path: path, reason: String(cString: strerror(errno)))
    }
  }
}
