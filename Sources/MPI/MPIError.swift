import CMPI

/// An error code returned by an MPI call.
///
/// `rawValue` is the MPI error code (`MPI_ERR_RANK`, `MPI_ERR_TAG`, ...).
/// Two codes that MPI never uses, both negative, report misuse of the
/// runtime's life cycle: ``notInitialized`` and ``finalized``.
/// The communicators use `MPI_ERRORS_RETURN`, so a failing call throws this
/// error instead of aborting the job.
///
/// Errors compare equal by code, so a caller can write
/// `catch MPIError.rank { ... }`.
public struct MPIError: Error, RawRepresentable, Hashable, Sendable {
  /// The MPI error code, or a negative code for the life-cycle errors.
  public let rawValue: CInt

  /// The MPI function that failed, when known (for example `"MPI_Send"`).
  public let operation: String?

  /// The text `MPI_Error_string` gave when the error was raised, if any.
  let message: String?

  /// Creates an error from an MPI error code.
  ///
  /// The message is looked up when the error is described.
  public init(rawValue: CInt) {
    self.rawValue = rawValue
    self.operation = nil
    self.message = nil
  }

  /// Creates an error raised by `operation`, capturing MPI's text now.
  ///
  /// The text is captured eagerly because `MPI_Error_string` may no longer
  /// be called once MPI is finalised.
  init(code: CInt, operation: String) {
    self.rawValue = code
    self.operation = operation
    self.message = MPIError.errorString(code)
  }

  /// Errors are equal when their codes are equal.
  public static func == (lhs: MPIError, rhs: MPIError) -> Bool {
    lhs.rawValue == rhs.rawValue
  }

  /// Hashes the code only, consistent with `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(rawValue)
  }

  /// Matches a caught error against an MPI error code: `catch MPIError.tag`.
  public static func ~= (lhs: MPIError, rhs: any Error) -> Bool {
    guard let error = rhs as? MPIError else { return false }
    return error == lhs
  }

  /// The error class of this code (`MPI_Error_class`), or `self` when MPI
  /// is not running or the code is one of the life-cycle codes.
  public var errorClass: MPIError {
    guard rawValue > 0, MPIError.canAskMPI else { return self }
    var errorClass: CInt = 0
    guard MPI_Error_class(rawValue, &errorClass) == MPI_SUCCESS else {
      return self
    }
    return MPIError(rawValue: errorClass)
  }
}

// MARK: - Well-known codes

extension MPIError {
  /// MPI is not initialised: call `MPIRuntime.initialize` first.
  public static var notInitialized: MPIError { .init(rawValue: -1) }
  /// MPI has been finalised and cannot be used or initialised again.
  public static var finalized: MPIError { .init(rawValue: -2) }

  /// Invalid buffer pointer. The corresponding C code is `MPI_ERR_BUFFER`.
  public static var buffer: MPIError { .init(rawValue: MPI_ERR_BUFFER) }
  /// Invalid count argument, also used for messages of 2 GiB or more.
  /// The corresponding C code is `MPI_ERR_COUNT`.
  public static var count: MPIError { .init(rawValue: MPI_ERR_COUNT) }
  /// Invalid datatype. The corresponding C code is `MPI_ERR_TYPE`.
  public static var type: MPIError { .init(rawValue: MPI_ERR_TYPE) }
  /// Invalid tag. The corresponding C code is `MPI_ERR_TAG`.
  public static var tag: MPIError { .init(rawValue: MPI_ERR_TAG) }
  /// Invalid communicator. The corresponding C code is `MPI_ERR_COMM`.
  public static var comm: MPIError { .init(rawValue: MPI_ERR_COMM) }
  /// Invalid rank. The corresponding C code is `MPI_ERR_RANK`.
  public static var rank: MPIError { .init(rawValue: MPI_ERR_RANK) }
  /// Invalid root. The corresponding C code is `MPI_ERR_ROOT`.
  public static var root: MPIError { .init(rawValue: MPI_ERR_ROOT) }
  /// Invalid reduction operation. The corresponding C code is `MPI_ERR_OP`.
  public static var op: MPIError { .init(rawValue: MPI_ERR_OP) }
  /// Invalid argument. The corresponding C code is `MPI_ERR_ARG`.
  public static var arg: MPIError { .init(rawValue: MPI_ERR_ARG) }
  /// Message truncated on receive. The corresponding C code is
  /// `MPI_ERR_TRUNCATE`.
  public static var truncate: MPIError { .init(rawValue: MPI_ERR_TRUNCATE) }
  /// Known error not in this list. The corresponding C code is
  /// `MPI_ERR_OTHER`.
  public static var other: MPIError { .init(rawValue: MPI_ERR_OTHER) }
  /// Internal MPI error. The corresponding C code is `MPI_ERR_INTERN`.
  public static var intern: MPIError { .init(rawValue: MPI_ERR_INTERN) }
}

// MARK: - Description

extension MPIError: CustomStringConvertible {
  /// MPI's own text for the code (`MPI_Error_string`), prefixed by the
  /// failing function when known.
  ///
  /// For example: `MPI_Send failed: MPI_ERR_RANK: invalid rank`.
  public var description: String {
    let text: String
    switch rawValue {
    case -1:
      text = "MPI is not initialised (call MPIRuntime.initialize first)"
    case -2:
      text = "MPI has been finalised and cannot be used again"
    default:
      text = message ?? MPIError.errorString(rawValue)
        ?? "MPI error code \(rawValue)"
    }
    guard let operation else { return text }
    return "\(operation) failed: \(text)"
  }

  /// Whether `MPI_Error_string` and `MPI_Error_class` may be called now:
  /// Open MPI aborts the process if they are called before `MPI_Init` or
  /// after `MPI_Finalize`.
  static var canAskMPI: Bool {
    var initialized: CInt = 0
    var finalized: CInt = 0
    MPI_Initialized(&initialized)
    MPI_Finalized(&finalized)
    return initialized != 0 && finalized == 0
  }

  /// MPI's text for `code`, or `nil` when MPI cannot be asked or does not
  /// know the code. Wraps `MPI_Error_string`.
  static func errorString(_ code: CInt) -> String? {
    guard code >= 0, code <= MPI_ERR_LASTCODE, canAskMPI else { return nil }
    var buffer = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING) + 1)
    var length: CInt = 0
    guard MPI_Error_string(code, &buffer, &length) == MPI_SUCCESS else {
      return nil
    }
    let bytes = buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }
}

// MARK: - Converting return codes

/// Throws an ``MPIError`` unless `code` is `MPI_SUCCESS`.
///
/// - Parameters:
///   - code: The value an MPI function returned.
///   - operation: The MPI function's name, for the error message.
@inline(__always)
func mpiCheck(_ code: CInt, _ operation: @autoclosure () -> String) throws {
  if code != MPI_SUCCESS {
    throw MPIError(code: code, operation: operation())
  }
}

/// Converts a Swift integer to an MPI `int` argument, throwing `error` when
/// it does not fit (MPI counts, ranks and tags are 32-bit).
@inline(__always)
func mpiInt(_ value: Int, or error: MPIError, _ operation: String) throws
  -> CInt
{
  guard let converted = CInt(exactly: value) else {
    throw MPIError(code: error.rawValue, operation: operation)
  }
  return converted
}
