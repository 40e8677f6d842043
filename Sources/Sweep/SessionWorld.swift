import MPI

/// The MPI world a sweep or tune session runs in: under `mpirun`, MPI
/// initialised (funneled threads) with this rank and the world's size;
/// alone, one rank without MPI.
struct SessionWorld {
  /// Whether this process runs under `mpirun` (and so initialised MPI).
  let underMPI: Bool
  /// The world communicator under `mpirun`, else `nil`.
  var world: Communicator?
  var rank = 0
  var size = 1
  /// The thread level MPI provides (`funneled` when alone).
  var threadLevel = MPIRuntime.ThreadLevel.funneled

  /// Starts MPI when under `mpirun`; `nil` after an error on standard
  /// error when it cannot. The caller finalises with `finish()`.
  static func start() -> SessionWorld? {
    var session = SessionWorld(underMPI: MPIEnvironment.isUnderMPIRun)
    guard session.underMPI else { return session }
    do {
      session.threadLevel = try MPIRuntime.initialize(threadLevel: .funneled)
      MPIEnvironment.useLineBufferedStandardOutput()
      session.world = .world
      session.rank = try Communicator.world.rank
      session.size = try Communicator.world.size
    } catch {
      writeStandardError("hpcsim: error: cannot start MPI: \(error)")
      return nil
    }
    return session
  }

  /// Finalises MPI if `start()` initialised it.
  func finish() {
    if underMPI { try? MPIRuntime.finalize() }
  }
}
