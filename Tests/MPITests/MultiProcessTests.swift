import Foundation
import MPI
import Testing
import TestSupport

/// The `hpcsim` executable the multi-process tests launch, if one is built.
enum BuiltHPCSim {
  /// `$HPCSIM`, else `hpcsim` beside this test binary, else
  /// `.build/debug/hpcsim`; `nil` when none is an executable.
  static let path: String? = {
    var candidates: [String] = []
    if let path = ProcessInfo.processInfo.environment["HPCSIM"] {
      candidates.append(path)
    }
    let testBinary = URL(fileURLWithPath: "/proc/self/exe")
      .resolvingSymlinksInPath()
    var directory = testBinary.deletingLastPathComponent()
    // The test binary may sit inside an .xctest bundle.
    if directory.pathExtension == "xctest" {
      directory = directory.deletingLastPathComponent()
    }
    candidates.append(directory.appendingPathComponent("hpcsim").path)
    candidates.append(TestPaths.repoRoot + "/.build/debug/hpcsim")
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()
}

extension MPITests {
  /// `hpcsim mpi-selftest` run by real `mpirun` processes through
  /// `scripts/mpirun-hpcsim`.
  ///
  /// Skipped (visibly) until the `hpcsim` executable has been built: beside
  /// this test binary, or under `.build/debug`, or named by `$HPCSIM`.
  @Suite("mpirun -n 2 and -n 3 of hpcsim mpi-selftest",
    .enabled(if: BuiltHPCSim.path != nil,
      "no built hpcsim beside the tests, in .build/debug or in $HPCSIM"))
  struct MultiProcess {
    /// The self-test report that rank 0 prints for `ranks` ranks.
    static func expectedReport(ranks: Int) -> String {
      let last = ranks - 1
      let lengths = (0..<ranks).map { "\(7 * $0)" }.joined(separator: ", ")
      return """
        MPI self-test: \(ranks) ranks, thread level multiple
        barrier: ok (\(ranks) ranks arrived)
        broadcast: ok (1000 bytes from rank 0, 0 and 100000 bytes from rank \(last))
        gather: ok (lengths [\(lengths)] at rank 0 and their mirror at rank \(last))
        allreduce: ok (int64 sum/max/min, uint64 max, double sum, empty: rank sum \(ranks * last / 2))
        ring: ok (rank r sent 10*(r+1) bytes to r+1 with tag 100+r)
        any-source: ok (rank 0 received one tag-7 message from each of \(ranks) ranks)
        tags: ok (rank 0 received tag 9 before tag 8 from each rank, then any tag)
        large message: ok (1 MiB from rank 0 to rank \(last) and back reversed)
        errors: ok (send to rank \(ranks) raised MPI_ERR_RANK (invalid rank))
        result: 9 checks passed

        """
    }

    @Test func twoRanksFromAnEnvironmentPollutedBySingletonInit() throws {
      // This process's own MPI_Init left OMPI_*/PMIX_* variables behind;
      // the script must strip them or the child mpirun exits 1 silently.
      _ = try SharedMPI.world()
      let polluted = ProcessInfo.processInfo.environment
      #expect(polluted["OMPI_MCA_ess"] == "singleton")
      let run = try Self.launch(ranks: 2, environment: polluted)
      #expect(run.status == 0, "stderr: \(run.standardError)")
      #expect(run.standardOutput.contains(Self.expectedReport(ranks: 2)),
        "stdout: \(run.standardOutput)")
    }

    @Test func threeRanksOversubscribedWithAHostfile() throws {
      let hostfile = FileManager.default.temporaryDirectory
        .appendingPathComponent("mpitests-hosts-\(getpid())").path
      try "localhost slots=1\n".write(
        toFile: hostfile, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(atPath: hostfile) }
      let env = MPIEnvironment.childEnvironment(
        from: ProcessInfo.processInfo.environment)
      let run = try Self.launch(
        ranks: 3, hostfile: hostfile, environment: env)
      #expect(run.status == 0, "stderr: \(run.standardError)")
      #expect(run.standardOutput.contains(Self.expectedReport(ranks: 3)),
        "stdout: \(run.standardOutput)")
    }
  }
}

// MARK: - Launching

extension MPITests.MultiProcess {
  struct Run {
    var status: Int32
    var standardOutput: String
    var standardError: String
  }

  /// Runs `scripts/mpirun-hpcsim -n ranks [--hostfile F] -- hpcsim
  /// mpi-selftest`, terminating it after 120 s.
  static func launch(
    ranks: Int, hostfile: String? = nil, environment: [String: String]
  ) throws -> Run {
    guard let hpcsim = BuiltHPCSim.path else {
      throw CocoaError(.fileNoSuchFile)
    }
    let process = Process()
    process.executableURL = URL(
      fileURLWithPath: TestPaths.repoRoot + "/scripts/mpirun-hpcsim")
    process.arguments = ["-n", "\(ranks)"]
      + (hostfile.map { ["--hostfile", $0] } ?? [])
      + ["--", hpcsim, "mpi-selftest"]
    process.environment = environment
    // Files, not pipes: nothing can fill up and block the ranks.
    let directory = FileManager.default.temporaryDirectory
    let stem = "mpitests-\(getpid())-\(ranks)"
    let outPath = directory.appendingPathComponent(stem + ".out").path
    let errPath = directory.appendingPathComponent(stem + ".err").path
    for path in [outPath, errPath] {
      _ = FileManager.default.createFile(atPath: path, contents: nil)
    }
    defer {
      for path in [outPath, errPath] {
        try? FileManager.default.removeItem(atPath: path)
      }
    }
    process.standardOutput = FileHandle(forWritingAtPath: outPath)
    process.standardError = FileHandle(forWritingAtPath: errPath)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let watchdog = DispatchWorkItem { [process] in
      if process.isRunning { process.terminate() }
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
    process.waitUntilExit()
    watchdog.cancel()
    let read = { (path: String) in
      (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
    return Run(
      status: process.terminationStatus,
      standardOutput: read(outPath), standardError: read(errPath))
  }
}
