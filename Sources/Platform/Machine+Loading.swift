#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Machine {
  /// Reads a machine configuration file (YAML; format in docs/formats/machine.md).
  ///
  /// - Parameter path: The file; messages name it as given.
  /// - Throws: `ConfigError` naming the file and line of the first problem.
  /// - Complexity: O(file size).
  public static func load(path: String) throws(ConfigError) -> Machine {
    try parse(yaml: readText(path: path), path: path)
  }

  /// Parses a machine configuration held in memory.
  ///
  /// - Parameters:
  ///   - yaml: The configuration text.
  ///   - path: Where the text came from, used in error messages only.
  /// - Throws: `ConfigError` naming `path` and the line of the first problem.
  public static func parse(yaml: String, path: String) throws(ConfigError) -> Machine {
    try MachineConfig.parse(yaml: yaml, path: path)
  }

  /// The whole file as UTF-8 text (invalid bytes become U+FFFD).
  static func readText(path: String) throws(ConfigError) -> String {
    guard let file = fopen(path, "rb") else {
      throw ConfigError(
        path: path, line: nil, kind: .unreadable(reason: String(cString: strerror(errno))))
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      bytes.append(contentsOf: chunk[..<count])
      if count < chunk.count { break }
    }
    if ferror(file) != 0 {
      throw ConfigError(
        path: path, line: nil, kind: .unreadable(reason: String(cString: strerror(errno))))
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
