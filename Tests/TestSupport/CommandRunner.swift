import Foundation

/// The result of running a command: exit status and captured output.
public struct CommandResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// Runs the built binaries of this package from tests.
public enum CommandRunner {
  /// The folder holding the test bundle, which also holds the built `hpcsim`.
  public static let buildDirectory: String = {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    var url = URL(fileURLWithPath: executable).deletingLastPathComponent()
    // Linux: .build/<triple>/debug/hpcsimPackageTests.xctest is a file in debug/.
    if url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
    return url.path
  }()

  /// The built `hpcsim` executable.
  public static var hpcsimPath: String { buildDirectory + "/hpcsim" }

  /// Runs `executable` with `arguments` in `directory` and waits for it.
  public static func run(
    _ executable: String, _ arguments: [String], in directory: String? = nil,
    environment: [String: String]? = nil
  ) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes concurrently so a full pipe never blocks the child.
    let errData = LockedData()
    let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errData.isSet { usleep(1000) }
    return CommandResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData.get(), as: UTF8.self))
  }

  /// Runs the built `hpcsim` with `arguments`, from the repository root.
  public static func hpcsim(_ arguments: String...) throws -> CommandResult {
    try run(hpcsimPath, arguments, in: TestPaths.repoRoot)
  }

  /// Runs the built `hpcsim` with `arguments`, from the repository root.
  public static func hpcsim(arguments: [String]) throws -> CommandResult {
    try run(hpcsimPath, arguments, in: TestPaths.repoRoot)
  }
}

final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data: Data?
  func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
  func get() -> Data { lock.lock(); defer { lock.unlock() }; return data ?? Data() }
  var isSet: Bool { lock.lock(); defer { lock.unlock() }; return data != nil }
}

/// A fresh temporary directory for one test.
public func makeTemporaryDirectory() throws -> String {
  let path = NSTemporaryDirectory() + "hpcsim-test-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// The contents of a file as text.
public func readText(_ path: String) throws -> String {
  try String(contentsOfFile: path, encoding: .utf8)
}
