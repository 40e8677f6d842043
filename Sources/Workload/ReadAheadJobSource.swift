/// The jobs of `base`, read on a second thread while the replay simulates.
///
/// Reading a trace (inflating the gzip stream, parsing, admitting) costs a
/// third to a half of a whole replay; on a machine with a spare core that
/// work need not be on the simulation's path. The reading thread runs ahead
/// by at most `batchesAhead` batches of `batchSize` jobs, so memory stays
/// bounded however long the trace. The jobs, their order and any error come
/// out exactly as `base` yields them: the error after every job read before
/// it.
///
/// `base` belongs to the reading thread until `withBase(_:)` or the end of
/// the source's life stops that thread.
public struct ReadAheadJobSource<Base: JobSource & ~Copyable>: JobSource, ~Copyable {
  @usableFromInline let reader: ReadAheadReader<Base>
  @usableFromInline var batch: [Job] = []
  @usableFromInline var index = 0
  private var stop: JobBatchChannel.Stop?

  /// Starts reading `base` on a new thread. Without `threaded`, or where the
  /// system refuses a thread, batches are read on the caller's thread as
  /// `nextJob()` needs them.
  ///
  /// - Parameters:
  ///   - threaded: whether to read on a second thread.
  ///   - batchSize: jobs handed over at once (at least 1).
  ///   - batchesAhead: batches read and not yet taken, at most (at least 1).
  ///     32 (16K jobs, under 1 MB) lets the reader get far enough ahead
  ///     while the replay is slow to cover stretches where the replay is
  ///     faster than reading; with 4, HPC2N's EASY replay waited for jobs
  ///     about 4 ms of its 100.
  public init(_ base: consuming Base, threaded: Bool = true, batchSize: Int = 512, batchesAhead: Int = 32) {
    reader = ReadAheadReader(base, batchSize: max(1, batchSize), batchesAhead: batchesAhead)
    if threaded { reader.start() }
  }

  deinit { reader.stopThread() }

  /// Whether jobs are read on a second thread.
  public var isThreaded: Bool { reader.isThreaded }

  /// - Complexity: O(1), plus a batch hand-over every `batchSize` jobs.
  @inlinable
  public mutating func nextJob() throws -> Job? {
    if index < batch.count {
      defer { index &+= 1 }
      return batch[index]
    }
    return try nextBatch()
  }

  /// The rest of the current batch, or the next batch whole.
  ///
  /// - Complexity: O(1) for a whole batch (the array is handed over).
  public mutating func nextJobs() throws -> [Job] {
    if index < batch.count {
      defer {
        batch = []
        index = 0
      }
      return index == 0 ? batch : Array(batch[index...])
    }
    return try takeBatch()
  }

  /// Takes the next batch and returns its first job.
  @usableFromInline
  mutating func nextBatch() throws -> Job? {
    batch = try takeBatch()
    index = 1
    return batch.first
  }

  /// The next (non-empty) batch from the reader; empty at the end, or the
  /// base's error, again on every later call.
  private mutating func takeBatch() throws -> [Job] {
    if stop == nil {
      switch reader.isThreaded ? reader.channel.take() : reader.readBatch() {
      case .success(let jobs): return jobs
      case .failure(let stop): self.stop = stop
      }
    }
    switch stop! {
    case .end: return []
    case .error(let error): throw error
    }
  }

  /// Stops the reading thread (jobs it read ahead are dropped) and gives
  /// `body` the wrapped source, for its counters.
  public mutating func withBase<R>(_ body: (borrowing Base) throws -> R) rethrows -> R {
    reader.stopThread()
    return try body(reader.base)
  }
}

/// The reading side of a `ReadAheadJobSource`: `base` and the thread that
/// reads it.
@usableFromInline
final class ReadAheadReader<Base: JobSource & ~Copyable>: JoinableThread.Body, @unchecked Sendable {
  var base: Base
  let channel: JobBatchChannel
  let batchSize: Int
  private var thread: JoinableThread?
  private(set) var isThreaded = false
  /// How `base` ended, once a batch has met its end or error.
  private var ended: JobBatchChannel.Stop?

  init(_ base: consuming Base, batchSize: Int, batchesAhead: Int) {
    self.base = base
    self.batchSize = batchSize
    channel = JobBatchChannel(capacity: batchesAhead)
  }

  func start() {
    // The thread holds the reader until `run()` returns, which
    // `stopThread()` brings about by cancelling the channel.
    thread = JoinableThread.start(self)
    isThreaded = thread != nil
  }

  /// Cancels the channel and joins the thread; later calls do nothing.
  func stopThread() {
    guard let running = thread.take() else { return }
    channel.cancel()
    running.join()
  }

  /// The next (non-empty) batch, or how `base` ended once every job before
  /// its end or error has been returned.
  func readBatch() -> Result<[Job], JobBatchChannel.Stop> {
    if let ended { return .failure(ended) }
    var next: [Job] = []
    next.reserveCapacity(batchSize)
    do {
      while next.count < batchSize {
        guard let job = try base.nextJob() else {
          ended = .end
          break
        }
        next.append(job)
      }
    } catch {
      ended = .error(error)
    }
    return next.isEmpty ? .failure(ended!) : .success(next)
  }

  /// Reads `base` to its end or first error, a batch at a time.
  func run() {
    while true {
      switch readBatch() {
      case .success(let next):
        guard channel.put(next) else { return }
      case .failure(.end):
        channel.close(.finished)
        return
      case .failure(.error(let error)):
        channel.close(.failed(error))
        return
      }
    }
  }
}
