import ArgumentParser
import Platform
import Reporting
import Simulation
import Workload

#if canImport(Glibc)
  import Glibc
#endif

/// A failure the CLI reports in one line and exits with status 1.
struct CLIError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Runs `body`, rendering every known error as one `hpcsim: error: ...` line
/// on stderr and exiting with status 1. Usage errors from ArgumentParser pass
/// through (exit 64).
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as ExitCode {
    throw error
  } catch let error as ValidationError {
    throw error
  } catch {
    printError("hpcsim: error: \(message(for: error))")
    throw ExitCode.failure
  }
}

/// The one place that turns errors into messages.
func message(for error: any Error) -> String {
  switch error {
  case let error as SWFError: error.description
  case let error as ConfigError: error.description
  case let error as OutputError: error.description
  case let error as ReplayError: error.description
  case let error as CLIError: error.description
  case let error as CustomStringConvertible: error.description
  default: String(describing: error)
  }
}

/// Writes `text` and a newline to standard error.
func printError(_ text: String) {
  var line = text + "\n"
  writeAll(line, to: 2)
}

/// Writes `text` to standard output as is.
func printOut(_ text: String) {
  writeAll(text, to: 1)
}

/// Writes all of `text` to a file descriptor, retrying short writes.
func writeAll(_ text: String, to descriptor: Int32) {
  var text = text
  text.withUTF8 { bytes in
    var offset = 0
    while offset < bytes.count {
      let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return
      }
      offset += written
    }
  }
}
