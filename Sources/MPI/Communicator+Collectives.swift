import CMPI

/// An element-wise reduction for `Communicator.allreduce(_:op:)`.
public enum ReductionOperation: Sendable, Hashable, CaseIterable {
  /// Sum. The corresponding C handle is `MPI_SUM`.
  case sum
  /// Maximum. The corresponding C handle is `MPI_MAX`.
  case max
  /// Minimum. The corresponding C handle is `MPI_MIN`.
  case min

  /// The `MPI_Op` handle.
  var handle: MPI_Op {
    switch self {
    case .sum: cmpi_op_sum()
    case .max: cmpi_op_max()
    case .min: cmpi_op_min()
    }
  }
}

// MARK: - Synchronisation and broadcast

extension Communicator {
  /// Blocks until every process of the communicator has called `barrier()`.
  ///
  /// Wraps `MPI_Barrier`.
  public func barrier() throws {
    try MPIRuntime.requireActive("MPI_Barrier")
    try mpiCheck(MPI_Barrier(handle), "MPI_Barrier")
  }

  /// Sends `bytes` from `root` to every process; each returns root's bytes.
  ///
  /// The length is broadcast first, so only the root's `bytes` matter:
  /// other ranks may pass `[]`. Every rank must call this with the same
  /// `root`.
  ///
  /// - Parameters:
  ///   - bytes: The payload on the root; ignored elsewhere. Under 2 GiB.
  ///   - root: The sending rank.
  /// - Returns: The root's bytes, on every rank.
  /// - Throws: ``MPIError/count`` on every rank if the payload is 2 GiB or
  ///   more; ``MPIError/root`` for an invalid root.
  /// - Complexity: Two `MPI_Bcast` calls (one when the payload is empty).
  ///
  /// Wraps `MPI_Bcast`.
  public func broadcast(bytes: [UInt8], root: Int) throws -> [UInt8] {
    try MPIRuntime.requireActive("MPI_Bcast")
    let rootC = try mpiInt(root, or: .root, "MPI_Bcast")
    let isRoot = try rank == root
    var length = Int64(isRoot ? bytes.count : 0)
    try mpiCheck(
      MPI_Bcast(&length, 1, cmpi_int64(), rootC, handle), "MPI_Bcast")
    let count = try mpiInt(Int(length), or: .count, "MPI_Bcast")
    guard count > 0 else { return [] }
    if isRoot {
      try bytes.withUnsafeBytes { buffer in
        // The root's buffer is only read.
        let base = UnsafeMutableRawPointer(mutating: buffer.baseAddress)
        try mpiCheck(
          MPI_Bcast(base, count, cmpi_byte(), rootC, handle), "MPI_Bcast")
      }
      return bytes
    }
    return try [UInt8](unsafeUninitializedCapacity: Int(count)) {
      buffer, initialized in
      try mpiCheck(
        MPI_Bcast(buffer.baseAddress, count, cmpi_byte(), rootC, handle),
        "MPI_Bcast")
      initialized = Int(count)
    }
  }
}

// MARK: - Reductions

extension Communicator {
  /// Combines `values` element-wise across all processes; all get the
  /// result.
  ///
  /// Every rank must pass the same number of values and the same `op`.
  ///
  /// - Parameters:
  ///   - values: This rank's contribution.
  ///   - op: The reduction.
  /// - Returns: The element-wise reduction over all ranks.
  /// - Throws: ``MPIError`` if the call fails.
  ///
  /// Wraps `MPI_Allreduce` with `MPI_INT64_T`.
  public func allreduce(_ values: [Int64], op: ReductionOperation) throws
    -> [Int64]
  {
    try allreduce(values, datatype: cmpi_int64(), op: op, zero: 0)
  }

  /// Combines `values` element-wise across all processes; all get the
  /// result.
  ///
  /// Sums of doubles depend on the reduction order MPI picks; with a fixed
  /// rank count and Open MPI version the order is fixed.
  ///
  /// - Parameters:
  ///   - values: This rank's contribution.
  ///   - op: The reduction.
  /// - Returns: The element-wise reduction over all ranks.
  /// - Throws: ``MPIError`` if the call fails.
  ///
  /// Wraps `MPI_Allreduce` with `MPI_DOUBLE`.
  public func allreduce(_ values: [Double], op: ReductionOperation) throws
    -> [Double]
  {
    try allreduce(values, datatype: cmpi_double(), op: op, zero: 0)
  }

  /// Combines `values` element-wise across all processes; all get the
  /// result.
  ///
  /// - Parameters:
  ///   - values: This rank's contribution.
  ///   - op: The reduction.
  /// - Returns: The element-wise reduction over all ranks.
  /// - Throws: ``MPIError`` if the call fails.
  ///
  /// Wraps `MPI_Allreduce` with `MPI_UINT64_T`.
  public func allreduce(_ values: [UInt64], op: ReductionOperation) throws
    -> [UInt64]
  {
    try allreduce(values, datatype: cmpi_uint64(), op: op, zero: 0)
  }

  /// The shared body of the typed `allreduce` overloads.
  private func allreduce<T: BitwiseCopyable>(
    _ values: [T], datatype: MPI_Datatype, op: ReductionOperation, zero: T
  ) throws -> [T] {
    try MPIRuntime.requireActive("MPI_Allreduce")
    let count = try mpiInt(values.count, or: .count, "MPI_Allreduce")
    var result = [T](repeating: zero, count: values.count)
    try values.withUnsafeBytes { input in
      try result.withUnsafeMutableBytes { output in
        try mpiCheck(
          MPI_Allreduce(
            input.baseAddress, output.baseAddress, count, datatype,
            op.handle, handle),
          "MPI_Allreduce")
      }
    }
    return result
  }
}

// MARK: - Gather

extension Communicator {
  /// Collects a byte buffer of any length from every process at `root`.
  ///
  /// First gathers the lengths (`MPI_Gather`), then the bytes
  /// (`MPI_Gatherv`) into one buffer that is split per rank.
  ///
  /// - Parameters:
  ///   - bytes: This rank's contribution, under 2 GiB; may be empty.
  ///   - root: The collecting rank.
  /// - Returns: On `root`, one buffer per rank, indexed by rank; `nil`
  ///   elsewhere.
  /// - Throws: ``MPIError/count`` if a buffer is 2 GiB or more (on that
  ///   rank and on the root) or the total is (on the root); the collective
  ///   still completes on every rank, so nothing hangs.
  /// - Complexity: O(total bytes) at the root.
  ///
  /// Wraps `MPI_Gather` and `MPI_Gatherv`.
  public func gather(bytes: [UInt8], root: Int) throws -> [[UInt8]]? {
    try MPIRuntime.requireActive("MPI_Gather")
    let rootC = try mpiInt(root, or: .root, "MPI_Gather")
    // An oversized buffer is announced as -1 and sent as 0 bytes.
    let myCount = CInt(exactly: bytes.count) ?? -1
    let isRoot = try rank == root
    let slots = isRoot ? try size : 0
    var counts = [CInt](repeating: 0, count: slots)
    var sendCount = myCount
    try mpiCheck(
      MPI_Gather(
        &sendCount, 1, cmpi_int32(), &counts, 1, cmpi_int32(), rootC, handle),
      "MPI_Gather")
    let sent = max(myCount, 0)
    guard isRoot else {
      try sendGathered(bytes, count: sent, root: rootC)
      guard myCount >= 0 else {
        throw MPIError(code: MPI_ERR_COUNT, operation: "MPI_Gatherv")
      }
      return nil
    }
    return try receiveGathered(bytes, count: sent, counts: counts, root: rootC)
  }

  /// A non-root's part of `MPI_Gatherv`.
  private func sendGathered(_ bytes: [UInt8], count: CInt, root: CInt) throws {
    try bytes.withUnsafeBytes { buffer in
      try mpiCheck(
        MPI_Gatherv(
          buffer.baseAddress, count, cmpi_byte(), nil, nil, nil, cmpi_byte(),
          root, handle),
        "MPI_Gatherv")
    }
  }

  /// The root's part of `MPI_Gatherv`: receives and splits the buffers.
  private func receiveGathered(
    _ bytes: [UInt8], count: CInt, counts: [CInt], root: CInt
  ) throws -> [[UInt8]] {
    let received = counts.map { max($0, 0) }
    let total = received.reduce(0) { $0 + Int($1) }
    let fits = total <= Int(CInt.max)
    // When the total does not fit an `int` displacement, the data is
    // received over itself at offset 0 and discarded, only so that every
    // sender's part of the collective completes before the root throws.
    var displacements = [CInt](repeating: 0, count: counts.count)
    if fits {
      var offset: CInt = 0
      for (rank, length) in received.enumerated() {
        displacements[rank] = offset
        offset += length
      }
    }
    var all = [UInt8](
      repeating: 0, count: fits ? total : Int(received.max() ?? 0))
    try bytes.withUnsafeBytes { input in
      try all.withUnsafeMutableBytes { output in
        try mpiCheck(
          MPI_Gatherv(
            input.baseAddress, count, cmpi_byte(), output.baseAddress,
            received, displacements, cmpi_byte(), root, handle),
          "MPI_Gatherv")
      }
    }
    guard fits, !counts.contains(-1) else {
      throw MPIError(code: MPI_ERR_COUNT, operation: "MPI_Gatherv")
    }
    return received.indices.map { rank in
      let start = Int(displacements[rank])
      return Array(all[start..<start + Int(received[rank])])
    }
  }
}
