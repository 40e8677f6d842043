import ArgumentParser
import MPI

/// `hpcsim mpi-selftest`: checks the MPI layer on every rank of an `mpirun`
/// job (or on one rank without mpirun) and prints a report on rank 0.
struct MPISelfTestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mpi-selftest",
    abstract: "Check the MPI layer on every rank (run under mpirun, or alone as one rank).",
    discussion: "Example: scripts/mpirun-hpcsim -n 3 -- .build/release/hpcsim mpi-selftest")

  @Flag(help: "Add round-trip times between ranks 0 and 1.")
  var timings = false

  func run() throws {
    try reportingErrors {
      try MPIRuntime.initialize(threadLevel: .multiple)
      let report: String
      do {
        report = try MPIRuntime.selfTest(includeTimings: timings)
      } catch let failure as MPISelfTestFailure {
        printError(failure.report)
        try? MPIRuntime.finalize()
        throw ExitCode.failure
      } catch {
        printError("hpcsim: error: \(error)")
        Communicator.world.abort(errorCode: 1)
      }
      printOut(report)
      try MPIRuntime.finalize()
    }
  }
}
