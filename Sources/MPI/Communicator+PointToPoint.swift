import CMPI

/// A message taken off the wire by ``Communicator/receive(from:tag:)``.
public struct ReceivedMessage: Sendable, Hashable {
  /// The payload.
  public var bytes: [UInt8]
  /// The sender's rank.
  public var source: Int
  /// The tag the sender used.
  public var tag: Int

  /// Creates a message record.
  public init(bytes: [UInt8], source: Int, tag: Int) {
    self.bytes = bytes
    self.source = source
    self.tag = tag
  }
}

/// A pending message seen by ``Communicator/probe(from:tag:)``, not yet
/// received.
public struct MessageInfo: Sendable, Hashable {
  /// The sender's rank.
  public var source: Int
  /// The message's tag.
  public var tag: Int
  /// The payload length in bytes.
  public var count: Int

  /// Creates a message description.
  public init(source: Int, tag: Int, count: Int) {
    self.source = source
    self.tag = tag
    self.count = count
  }
}

// MARK: - Sending

extension Communicator {
  /// Sends `bytes` to rank `destination` with `tag`; blocks until the
  /// buffer may be reused.
  ///
  /// Small messages (under Open MPI's eager limit, about 4 KiB for shared
  /// memory) return at once; larger ones wait until the receiver starts
  /// receiving. Sending a large message to one's own rank therefore needs a
  /// receive on another thread.
  ///
  /// - Parameters:
  ///   - bytes: The payload, under 2 GiB.
  ///   - destination: The receiving rank.
  ///   - tag: A non-negative tag (at least 0...32767 is valid everywhere).
  /// - Throws: ``MPIError/rank`` for a rank outside the communicator,
  ///   ``MPIError/tag`` for an invalid tag, ``MPIError/count`` for a
  ///   payload of 2 GiB or more.
  ///
  /// Wraps `MPI_Send`.
  public func send(_ bytes: [UInt8], to destination: Int, tag: Int = 0)
    throws
  {
    try MPIRuntime.requireActive("MPI_Send")
    let count = try mpiInt(bytes.count, or: .count, "MPI_Send")
    let dest = try mpiInt(destination, or: .rank, "MPI_Send")
    let tagC = try mpiInt(tag, or: .tag, "MPI_Send")
    try bytes.withUnsafeBytes { buffer in
      try mpiCheck(
        MPI_Send(buffer.baseAddress, count, cmpi_byte(), dest, tagC, handle),
        "MPI_Send")
    }
  }
}

// MARK: - Receiving

extension Communicator {
  /// Receives the next matching message, of any length; blocks until one
  /// arrives.
  ///
  /// Uses a matched probe, so the length read and the message received are
  /// the same message even when several threads receive at once. Messages
  /// from one sender with one tag arrive in the order they were sent.
  ///
  /// - Parameters:
  ///   - source: The sender's rank, or `nil` for any sender.
  ///   - tag: The tag, or `nil` for any tag.
  /// - Returns: The payload with its actual sender and tag.
  /// - Throws: ``MPIError/rank`` or ``MPIError/tag`` for invalid filters.
  ///
  /// Wraps `MPI_Mprobe`, `MPI_Get_count` and `MPI_Mrecv`.
  public func receive(from source: Int? = nil, tag: Int? = nil) throws
    -> ReceivedMessage
  {
    try MPIRuntime.requireActive("MPI_Mprobe")
    let (sourceC, tagC) = try filters(source, tag, "MPI_Mprobe")
    var message: MPI_Message? = cmpi_message_null()
    var status = MPI_Status()
    try mpiCheck(
      MPI_Mprobe(sourceC, tagC, handle, &message, &status), "MPI_Mprobe")
    return try receiveMatched(&message, status)
  }

  /// Receives a matching message if one has arrived, without blocking.
  ///
  /// - Parameters:
  ///   - source: The sender's rank, or `nil` for any sender.
  ///   - tag: The tag, or `nil` for any tag.
  /// - Returns: The message, or `nil` if none is waiting.
  /// - Throws: ``MPIError/rank`` or ``MPIError/tag`` for invalid filters.
  ///
  /// Wraps `MPI_Improbe`, `MPI_Get_count` and `MPI_Mrecv`.
  public func receiveIfAvailable(from source: Int? = nil, tag: Int? = nil)
    throws -> ReceivedMessage?
  {
    try MPIRuntime.requireActive("MPI_Improbe")
    let (sourceC, tagC) = try filters(source, tag, "MPI_Improbe")
    var message: MPI_Message? = cmpi_message_null()
    var status = MPI_Status()
    var found: CInt = 0
    try mpiCheck(
      MPI_Improbe(sourceC, tagC, handle, &found, &message, &status),
      "MPI_Improbe")
    guard found != 0 else { return nil }
    return try receiveMatched(&message, status)
  }

  /// Receives the message a matched probe returned.
  private func receiveMatched(
    _ message: inout MPI_Message?, _ status: MPI_Status
  ) throws -> ReceivedMessage
  {
    var status = status
    var count: CInt = 0
    try mpiCheck(
      MPI_Get_count(&status, cmpi_byte(), &count), "MPI_Get_count")
    let bytes = try [UInt8](unsafeUninitializedCapacity: Int(count)) {
      buffer, initialized in
      try mpiCheck(
        MPI_Mrecv(
          buffer.baseAddress, count, cmpi_byte(), &message,
          cmpi_status_ignore()),
        "MPI_Mrecv")
      initialized = Int(count)
    }
    return ReceivedMessage(
      bytes: bytes, source: Int(status.MPI_SOURCE), tag: Int(status.MPI_TAG))
  }
}

// MARK: - Probing

extension Communicator {
  /// Waits for a matching message and describes it without receiving it.
  ///
  /// Another thread may receive the message in between; use
  /// ``receive(from:tag:)`` to receive a message of unknown length.
  ///
  /// - Parameters:
  ///   - source: The sender's rank, or `nil` for any sender.
  ///   - tag: The tag, or `nil` for any tag.
  /// - Returns: The sender, tag and length of the first matching message.
  /// - Throws: ``MPIError/rank`` or ``MPIError/tag`` for invalid filters.
  ///
  /// Wraps `MPI_Probe`.
  public func probe(from source: Int? = nil, tag: Int? = nil) throws
    -> MessageInfo
  {
    try MPIRuntime.requireActive("MPI_Probe")
    let (sourceC, tagC) = try filters(source, tag, "MPI_Probe")
    var status = MPI_Status()
    try mpiCheck(MPI_Probe(sourceC, tagC, handle, &status), "MPI_Probe")
    return try info(status)
  }

  /// Describes a matching message if one has arrived, without blocking.
  ///
  /// - Parameters:
  ///   - source: The sender's rank, or `nil` for any sender.
  ///   - tag: The tag, or `nil` for any tag.
  /// - Returns: The first matching message's sender, tag and length, or
  ///   `nil` if none is waiting.
  /// - Throws: ``MPIError/rank`` or ``MPIError/tag`` for invalid filters.
  ///
  /// Wraps `MPI_Iprobe`.
  public func iprobe(from source: Int? = nil, tag: Int? = nil) throws
    -> MessageInfo?
  {
    try MPIRuntime.requireActive("MPI_Iprobe")
    let (sourceC, tagC) = try filters(source, tag, "MPI_Iprobe")
    var status = MPI_Status()
    var found: CInt = 0
    try mpiCheck(
      MPI_Iprobe(sourceC, tagC, handle, &found, &status), "MPI_Iprobe")
    return found != 0 ? try info(status) : nil
  }

  /// The probed message's description.
  private func info(_ status: MPI_Status) throws -> MessageInfo {
    var status = status
    var count: CInt = 0
    try mpiCheck(
      MPI_Get_count(&status, cmpi_byte(), &count), "MPI_Get_count")
    return MessageInfo(
      source: Int(status.MPI_SOURCE), tag: Int(status.MPI_TAG),
      count: Int(count))
  }

  /// Converts optional source and tag filters to MPI's wildcards.
  private func filters(_ source: Int?, _ tag: Int?, _ operation: String)
    throws -> (CInt, CInt)
  {
    // Explicit negative values would alias MPI's wildcards: reject them.
    let sourceC =
      try source.map { try mpiInt($0, or: .rank, operation) } ?? MPI_ANY_SOURCE
    let tagC =
      try tag.map { try mpiInt($0, or: .tag, operation) } ?? MPI_ANY_TAG
    if let source, source < 0 {
      throw MPIError(code: MPI_ERR_RANK, operation: operation)
    }
    if let tag, tag < 0 {
      throw MPIError(code: MPI_ERR_TAG, operation: operation)
    }
    return (sourceC, tagC)
  }
}
