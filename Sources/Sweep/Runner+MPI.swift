import MPI

#if canImport(Glibc)
  import Glibc
#endif

/// Spreads a batch of tasks (a sweep's runs, a tuning round) over the ranks
/// of an MPI job.
///
/// Rank 0 dispatches: it hands tasks out one at a time, in the batch's
/// order (for a sweep, largest first: `SweepPlan.dispatchOrder`), to
/// whichever rank asks, and collects the results. The other ranks replay.
/// Rank 0 also replays on a second thread when `computesOnRank0` is true;
/// its main thread keeps serving requests meanwhile, so no worker waits for
/// rank 0 to finish a replay. Only rank 0's main thread calls MPI there
/// (thread level `funneled` suffices).
///
/// Waiting is by polling (`MPI_Improbe` and a sleep growing from 20 us to
/// 1 ms), not by Open MPI's busy wait, so an idle rank leaves its core to
/// the replays.
///
/// ## Protocol (tags on `Communicator.world`)
/// - worker → 0, `resultTag`: empty the first time ("ready"), then the
///   time it waited for its last task (Int64 nanoseconds) and the encoded
///   `RunResult`;
/// - 0 → worker, `workTag`: a task number (Int64);
/// - 0 → worker, `stopTag`: empty; the worker returns.
public enum MPISweepRunner {
  static let resultTag = 7301
  static let workTag = 7302
  static let stopTag = 7303

  /// What rank 0 measured while dispatching.
  public struct DispatchStatistics: Sendable {
    /// Runs sent to workers.
    public var dispatches = 0
    /// Runs rank 0 replayed itself.
    public var localRuns = 0
    /// Time rank 0's main thread spent handling requests (decoding a
    /// result, picking and sending the next run), in seconds.
    public var serviceSeconds = 0.0
    /// Time workers waited between sending a result and receiving their
    /// next run, summed, in seconds.
    public var workerWaitSeconds = 0.0
    /// Whether rank 0 replayed runs too.
    public var rank0Computed = false
  }

  // MARK: Rank 0

  /// Rank 0's part: hands the tasks of `batch` out in `batch.order` to the
  /// other ranks (and runs some itself when `computesOnRank0`) and returns
  /// every result, by task number.
  ///
  /// - Throws: `MPIError` when a message cannot be sent or received, or
  ///   `SweepRunError` for a message that does not decode; the caller should
  ///   abort the job.
  public static func dispatch(
    _ batch: TaskBatch, on world: Communicator, computesOnRank0: Bool, progress: SweepProgress?
  ) throws -> ([RunResult?], DispatchStatistics) {
    let board = TaskBoard(batch, progress: progress)
    var stats = DispatchStatistics()
    stats.rank0Computed = computesOnRank0
    let execute = batch.execute
    let thread =
      computesOnRank0
      ? WorkerThread {
        while let task = board.next() { board.record(execute(task), local: true) }
      } : nil
    var activeWorkers = try world.size - 1
    var poller = Poller()
    let clock = ContinuousClock()
    while activeWorkers > 0 {
      guard let message = try world.receiveIfAvailable(tag: resultTag) else {
        poller.pause()
        continue
      }
      poller.reset()
      let started = clock.now
      if !message.bytes.isEmpty {
        var reader = ByteReader(message.bytes)
        do {
          stats.workerWaitSeconds += Double(try reader.int64()) / 1e9
          let result = try RunResult.decode(from: &reader)
          guard (0..<batch.count).contains(result.run) else { throw WireError.malformed("task \(result.run)") }
          board.record(result)
        } catch {
          throw SweepRunError.badMessage(rank: message.source, problem: "\(error)")
        }
      }
      if let task = board.next() {
        var writer = ByteWriter()
        writer.int(task)
        try world.send(writer.bytes, to: message.source, tag: workTag)
        stats.dispatches += 1
      } else {
        try world.send([], to: message.source, tag: stopTag)
        activeWorkers -= 1
      }
      stats.serviceSeconds += seconds(clock.now - started)
    }
    thread?.join()
    stats.localRuns = board.localRuns
    return (board.results, stats)
  }

  // MARK: Other ranks

  /// A worker rank's part: asks rank 0 for tasks of `batch`, runs them and
  /// sends the results back, until told to stop.
  ///
  /// - Throws: `MPIError`, or `SweepRunError` for a task number outside the
  ///   batch; the caller should abort the job.
  public static func work(_ batch: TaskBatch, on world: Communicator) throws {
    let clock = ContinuousClock()
    try world.send([], to: 0, tag: resultTag)
    while true {
      let asked = clock.now
      let message = try receivePolling(from: 0, on: world)
      let waited = clock.now - asked
      if message.tag == stopTag { return }
      var reader = ByteReader(message.bytes)
      guard message.tag == workTag, let task = try? reader.int(), (0..<batch.count).contains(task) else {
        throw SweepRunError.badMessage(rank: 0, problem: "unexpected tag \(message.tag) or task number")
      }
      let result = batch.execute(task)
      var writer = ByteWriter()
      writer.int(Int64(waited.components.seconds) * 1_000_000_000 + waited.components.attoseconds / 1_000_000_000)
      result.encode(into: &writer)
      try world.send(writer.bytes, to: 0, tag: resultTag)
    }
  }

  /// The next message from `source`, waiting by polling.
  static func receivePolling(from source: Int, on world: Communicator) throws -> ReceivedMessage {
    var poller = Poller()
    while true {
      if let message = try world.receiveIfAvailable(from: source) { return message }
      poller.pause()
    }
  }
}

/// A sleep between polls that grows from 20 us to 1 ms while nothing comes.
struct Poller {
  var microseconds: UInt32 = 20

  mutating func pause() {
    usleep(microseconds)
    microseconds = min(microseconds * 2, 1000)
  }

  mutating func reset() { microseconds = 20 }
}

/// A failure of the distributed protocol itself.
public enum SweepRunError: Error, CustomStringConvertible {
  case badMessage(rank: Int, problem: String)

  public var description: String {
    switch self {
    case .badMessage(let rank, let problem): "bad sweep message from rank \(rank): \(problem)"
    }
  }
}
