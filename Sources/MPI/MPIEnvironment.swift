import CMPI

#if canImport(Glibc)
  import Glibc
#endif

/// Facts about how this process was launched, read from its environment.
///
/// Open MPI's `mpirun` gives every rank variables such as
/// `OMPI_COMM_WORLD_SIZE` and `PMIX_RANK`. A command-line tool can use
/// ``isUnderMPIRun`` to decide whether to initialise MPI at all, and must
/// use ``childEnvironment(from:)`` before it launches `mpirun` itself: a
/// child `mpirun` that inherits these variables exits 1 without a word.
public enum MPIEnvironment {
  /// The name prefixes of the variables that Open MPI's launcher and MPI
  /// initialisation set.
  public static let launcherPrefixes = ["OMPI_", "PMIX_", "ORTE_", "OPAL_"]

  /// Whether this process was started by `mpirun` (or another PMIx
  /// launcher), as opposed to being a plain process.
  ///
  /// Reads the live environment. Decide before calling
  /// `MPIRuntime.initialize`: a singleton's initialisation adds `PMIX_*`
  /// variables to its own environment.
  public static var isUnderMPIRun: Bool {
    isUnderMPIRun(processEnvironment)
  }

  /// Whether `environment` is that of a process started by `mpirun`.
  ///
  /// True when `OMPI_COMM_WORLD_SIZE` is set, or `PMIX_RANK` is set without
  /// Open MPI's singleton marker `OMPI_MCA_ess=singleton`.
  public static func isUnderMPIRun(_ environment: [String: String]) -> Bool {
    if environment["OMPI_COMM_WORLD_SIZE"] != nil { return true }
    guard environment["PMIX_RANK"] != nil else { return false }
    return environment["OMPI_MCA_ess"] != "singleton"
  }

  /// The world size `mpirun` announced (`OMPI_COMM_WORLD_SIZE`), or `nil`
  /// for a plain process.
  public static var launchedWorldSize: Int? {
    processEnvironment["OMPI_COMM_WORLD_SIZE"].flatMap { Int($0) }
  }

  /// The rank `mpirun` announced (`OMPI_COMM_WORLD_RANK`), or `nil` for a
  /// plain process.
  public static var launchedRank: Int? {
    processEnvironment["OMPI_COMM_WORLD_RANK"].flatMap { Int($0) }
  }

  /// Whether `name` belongs to Open MPI's launcher or runtime (see
  /// ``launcherPrefixes``).
  public static func isLauncherVariable(_ name: String) -> Bool {
    launcherPrefixes.contains { name.hasPrefix($0) }
  }

  /// `environment` without any `OMPI_*`, `PMIX_*`, `ORTE_*` or `OPAL_*`
  /// variable, for a child process that will run `mpirun`.
  ///
  /// - Complexity: O(n) in the number of variables.
  public static func childEnvironment(from environment: [String: String])
    -> [String: String]
  {
    environment.filter { !isLauncherVariable($0.key) }
  }

  /// The current process environment, read from `environ`.
  ///
  /// - Complexity: O(total size of the environment).
  public static var processEnvironment: [String: String] {
    var result: [String: String] = [:]
    var cursor = environ
    while let entry = cursor.pointee {
      let line = String(cString: entry)
      if let equals = line.firstIndex(of: "=") {
        let key = String(line[..<equals])
        result[key] = String(line[line.index(after: equals)...])
      }
      cursor += 1
    }
    return result
  }

  /// Makes `stdout` line-buffered, so that output under `mpirun` (where
  /// `stdout` is a pipe, fully buffered) appears as it is written and is
  /// not lost on `MPI_Abort`.
  public static func useLineBufferedStandardOutput() {
    cmpi_line_buffer_stdout()
  }
}
