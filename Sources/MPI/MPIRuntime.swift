import CMPI
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The process-wide MPI runtime: initialise once, finalise once.
///
/// MPI can be initialised at most once per process and never again after
/// `finalize()`. This type keeps that life cycle in a `Mutex`, so
/// `initialize` and `finalize` may be called from any thread and any number
/// of times: repeated calls are no-ops. It works both under `mpirun` and in
/// singleton mode (a plain process, which becomes rank 0 of a world of 1).
///
/// ```swift
/// try MPIRuntime.initialize()
/// defer { try? MPIRuntime.finalize() }
/// let world = Communicator.world
/// print(try world.rank, try world.size)
/// ```
public enum MPIRuntime {
  /// How many threads of this process may call MPI, and when.
  ///
  /// Ordered from least to most permissive, like the C constants.
  public enum ThreadLevel: CInt, Comparable, Sendable, CaseIterable,
    CustomStringConvertible
  {
    /// Only one thread exists. The corresponding C constant is
    /// `MPI_THREAD_SINGLE`.
    case single = 0
    /// Only the thread that initialised MPI calls it. The corresponding C
    /// constant is `MPI_THREAD_FUNNELED`.
    case funneled = 1
    /// Any thread calls MPI, one at a time. The corresponding C constant is
    /// `MPI_THREAD_SERIALIZED`.
    case serialized = 2
    /// Any thread calls MPI at any time. The corresponding C constant is
    /// `MPI_THREAD_MULTIPLE`.
    case multiple = 3

    /// Orders levels by permissiveness.
    public static func < (lhs: ThreadLevel, rhs: ThreadLevel) -> Bool {
      lhs.rawValue < rhs.rawValue
    }

    /// The lowercase level name, for example `multiple`.
    public var description: String {
      switch self {
      case .single: "single"
      case .funneled: "funneled"
      case .serialized: "serialized"
      case .multiple: "multiple"
      }
    }
  }

  /// Where the process is in MPI's one-way life cycle.
  enum State: Sendable, Equatable {
    case uninitialized
    case active(ThreadLevel)
    case finalized
  }

  /// The life-cycle state; every transition happens under this lock.
  static let state = Mutex<State>(.uninitialized)

  /// Whether `finalizeAtExit()` has registered its handler.
  static let atExitRegistered = Mutex<Bool>(false)
}

// MARK: - Life cycle

extension MPIRuntime {
  /// Initialises MPI for this process, or does nothing if it is running.
  ///
  /// Requests `threadLevel` and sets `MPI_ERRORS_RETURN` on the world and
  /// self communicators, so that failing calls throw ``MPIError`` instead of
  /// aborting. If MPI was already initialised by other code, adopts it.
  /// Without `mpirun` the process runs in singleton mode, which starts
  /// Open MPI's `orted` helper (about 70-90 ms).
  ///
  /// - Parameter threadLevel: The level to request. The default,
  ///   `.multiple`, is needed when several threads (such as swift-testing's)
  ///   call MPI.
  /// - Returns: The level MPI provides, which may be lower than requested.
  /// - Throws: ``MPIError/finalized`` after `finalize()`, or the error of
  ///   `MPI_Init_thread`.
  ///
  /// Wraps `MPI_Init_thread`.
  @discardableResult
  public static func initialize(threadLevel: ThreadLevel = .multiple) throws
    -> ThreadLevel
  {
    try state.withLock { state in
      switch state {
      case .active(let provided):
        return provided
      case .finalized:
        throw MPIError(code: MPIError.finalized.rawValue,
                       operation: "MPIRuntime.initialize")
      case .uninitialized:
        let provided = try startMPI(requesting: threadLevel)
        state = .active(provided)
        return provided
      }
    }
  }

  /// Calls `MPI_Init_thread` (unless MPI already runs) and installs
  /// `MPI_ERRORS_RETURN`.
  private static func startMPI(requesting level: ThreadLevel) throws
    -> ThreadLevel
  {
    var alreadyUp: CInt = 0
    MPI_Initialized(&alreadyUp)
    var provided: CInt = 0
    if alreadyUp != 0 {
      try mpiCheck(MPI_Query_thread(&provided), "MPI_Query_thread")
    } else {
      try mpiCheck(
        MPI_Init_thread(nil, nil, level.rawValue, &provided),
        "MPI_Init_thread")
    }
    for comm in [cmpi_comm_world(), cmpi_comm_self()] {
      try mpiCheck(
        MPI_Comm_set_errhandler(comm, cmpi_errors_return()),
        "MPI_Comm_set_errhandler")
    }
    return ThreadLevel(rawValue: provided) ?? .single
  }

  /// Finalises MPI, or does nothing if it is not running.
  ///
  /// After this, MPI cannot be initialised again in this process. Under
  /// `mpirun` every rank must finalise before it exits, or `mpirun` reports
  /// the job as failed (exit status 1).
  ///
  /// - Throws: The error of `MPI_Finalize`; the runtime counts as finalised
  ///   even then.
  ///
  /// Wraps `MPI_Finalize`.
  public static func finalize() throws {
    try state.withLock { state in
      guard case .active = state else { return }
      state = .finalized
      try mpiCheck(MPI_Finalize(), "MPI_Finalize")
    }
  }

  /// Finalises MPI when the process exits normally (via `atexit`).
  ///
  /// Registers the handler once however often it is called. Convenient for
  /// command-line tools and test processes that have no single exit point.
  public static func finalizeAtExit() {
    let first = atExitRegistered.withLock { registered in
      defer { registered = true }
      return !registered
    }
    if first {
      atexit { try? MPIRuntime.finalize() }
    }
  }
}

// MARK: - Queries

extension MPIRuntime {
  /// Whether MPI is initialised and not yet finalised.
  public static var isInitialized: Bool {
    state.withLock { if case .active = $0 { true } else { false } }
  }

  /// Whether `finalize()` has been called.
  public static var isFinalized: Bool {
    state.withLock { $0 == .finalized }
  }

  /// The thread level MPI provides, or `nil` when it is not running.
  public static var providedThreadLevel: ThreadLevel? {
    state.withLock { if case .active(let level) = $0 { level } else { nil } }
  }

  /// Wall-clock time in seconds since an arbitrary origin in the past.
  ///
  /// Only differences are meaningful. Valid before initialisation too.
  /// Wraps `MPI_Wtime`.
  public static var wallTime: Double { MPI_Wtime() }

  /// The resolution of ``wallTime`` in seconds. Wraps `MPI_Wtick`.
  public static var wallTimeResolution: Double { MPI_Wtick() }

  /// Throws unless MPI is running: Open MPI would abort the process if a
  /// communication call came before `MPI_Init` or after `MPI_Finalize`.
  static func requireActive(_ operation: String) throws {
    let current = state.withLock { $0 }
    switch current {
    case .active: return
    case .uninitialized:
      throw MPIError(code: MPIError.notInitialized.rawValue,
                     operation: operation)
    case .finalized:
      throw MPIError(code: MPIError.finalized.rawValue, operation: operation)
    }
  }
}
