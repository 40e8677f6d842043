import CMPI

#if canImport(Glibc)
  import Glibc
#endif

/// A group of MPI processes that communicate with each other.
///
/// A thin value wrapper over an `MPI_Comm` handle. Ranks are `Int`s from 0
/// to `size - 1`. Every call requires a running ``MPIRuntime`` and throws
/// ``MPIError`` on failure (the predefined communicators use
/// `MPI_ERRORS_RETURN`).
///
/// `Communicator` is `@unchecked Sendable` because the handle is an opaque
/// pointer; with thread level `.multiple` MPI allows calls from any thread.
/// MPI does require that all ranks call collective operations on one
/// communicator in the same order, so do not issue collectives on the same
/// communicator from several threads at once.
public struct Communicator: @unchecked Sendable {
  /// The underlying `MPI_Comm` handle.
  let handle: MPI_Comm

  /// Wraps an existing handle.
  init(handle: MPI_Comm) {
    self.handle = handle
  }

  /// All processes of the job. The corresponding C handle is
  /// `MPI_COMM_WORLD`.
  public static var world: Communicator {
    Communicator(handle: cmpi_comm_world())
  }

  /// A communicator holding only this process. The corresponding C handle
  /// is `MPI_COMM_SELF`.
  public static var processLocal: Communicator {
    Communicator(handle: cmpi_comm_self())
  }
}

// MARK: - Basic queries

extension Communicator {
  /// This process's rank in the communicator, from 0 to `size - 1`.
  ///
  /// - Throws: ``MPIError/notInitialized`` before `MPIRuntime.initialize`.
  ///
  /// Wraps `MPI_Comm_rank`.
  public var rank: Int {
    get throws {
      try MPIRuntime.requireActive("MPI_Comm_rank")
      var rank: CInt = 0
      try mpiCheck(MPI_Comm_rank(handle, &rank), "MPI_Comm_rank")
      return Int(rank)
    }
  }

  /// The number of processes in the communicator.
  ///
  /// - Throws: ``MPIError/notInitialized`` before `MPIRuntime.initialize`.
  ///
  /// Wraps `MPI_Comm_size`.
  public var size: Int {
    get throws {
      try MPIRuntime.requireActive("MPI_Comm_size")
      var size: CInt = 0
      try mpiCheck(MPI_Comm_size(handle, &size), "MPI_Comm_size")
      return Int(size)
    }
  }

  /// Terminates every process of the communicator's job; does not return.
  ///
  /// Without a running MPI this just exits the process with `errorCode`.
  /// Output still buffered in `stdout` is lost (set line buffering with
  /// ``MPIEnvironment/useLineBufferedStandardOutput()`` for progress).
  ///
  /// - Parameter errorCode: The exit status `mpirun` reports.
  ///
  /// Wraps `MPI_Abort`.
  public func abort(errorCode: Int = 1) -> Never {
    let code = CInt(clamping: errorCode)
    if MPIRuntime.isInitialized {
      MPI_Abort(handle, code)
    }
    exit(code)
  }
}
