#if canImport(Glibc)
  import Glibc
#endif

/// The bytes of the file at `path`, or the system's reason it cannot be read.
///
/// - Complexity: O(file size), read in 64 KiB chunks.
func readFileBytes(_ path: String) -> Result<[UInt8], FileReadError> {
  guard let file = fopen(path, "rb") else { return .failure(FileReadError(reason: String(cString: strerror(errno)))) }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = fread(&chunk, 1, chunk.count, file)
    if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
    if count < chunk.count {
      if ferror(file) != 0 { return .failure(FileReadError(reason: String(cString: strerror(errno)))) }
      break
    }
  }
  return .success(bytes)
}

/// Why a file could not be read (the system's message).
struct FileReadError: Error {
  var reason: String
}
