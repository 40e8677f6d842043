#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An output file that appears at its path only when complete.
///
/// Bytes go to a temporary file beside the destination (`.name.tmp-PID`);
/// `commit()` flushes and renames it over the destination, which is atomic on
/// POSIX file systems, so a reader never sees a half-written file. A writer
/// dropped without `commit()` removes its temporary file.
public final class AtomicFile {
  /// The destination path.
  public let path: String
  let temporaryPath: String
  var descriptor: Int32
  var buffer: [UInt8] = []
  var committed = false
  /// Buffered bytes are written out beyond this size.
  static let flushThreshold = 1 << 20

  /// Opens a temporary file beside `path`.
  ///
  /// - Throws: `OutputError.cannotCreate` naming the path and the reason.
  public init(path: String) throws(OutputError) {
    self.path = path
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    temporaryPath = directory + "." + name + ".tmp-" + String(getpid())
    descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if descriptor < 0 {
      throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
    }
    buffer.reserveCapacity(Self.flushThreshold + 4096)
  }

  deinit {
    if !committed {
      if descriptor >= 0 { close(descriptor) }
      unlink(temporaryPath)
    }
  }

  /// Appends the UTF-8 bytes of `text`.
  public func write(_ text: String) throws(OutputError) {
    var text = text
    text.withUTF8 { buffer.append(contentsOf: $0) }
    if buffer.count >= Self.flushThreshold { try flush() }
  }

  /// Appends raw bytes.
  public func write(bytes: some Sequence<UInt8>) throws(OutputError) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= Self.flushThreshold { try flush() }
  }

  func flush() throws(OutputError) {
    var offset = 0
    while offset < buffer.count {
      let written = buffer.withUnsafeBytes { raw in
        Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes what is buffered, syncs, and renames the file into place.
  public func commit() throws(OutputError) {
    try flush()
    if fsync(descriptor) != 0 && errno != EINVAL {
      throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
    }
    close(descriptor)
    descriptor = -1
    if rename(temporaryPath, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporaryPath)
      throw .writeFailed(path: path, reason: reason)
    }
    committed = true
  }

  /// Writes `text` to `path` atomically in one call.
  public static func write(_ text: String, to path: String) throws(OutputError) {
    let file = try AtomicFile(path: path)
    try file.write(text)
    try file.commit()
  }
}

/// A failure to write an output file.
public enum OutputError: Error, Hashable, Sendable, CustomStringConvertible {
  case cannotCreate(path: String, reason: String)
  case writeFailed(path: String, reason: String)

  public var description: String {
    switch self {
    case .cannotCreate(let path, let reason): "cannot create '\(path)': \(reason)"
    case .writeFailed(let path, let reason): "cannot write '\(path)': \(reason)"
    }
  }
}
