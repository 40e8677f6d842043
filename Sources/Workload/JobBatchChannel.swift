#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A bounded, single-producer single-consumer hand-over of job batches
/// between two threads, ended by a final outcome (the end of the stream or
/// the error the producer met).
///
/// A pthread mutex and two condition variables, not an actor or a
/// dispatch queue: the replay is synchronous, the consumer takes about one
/// batch per 0.1-1 ms, and the channel must not pull in Foundation (its
/// loading costs more start-up than a whole small replay).
final class JobBatchChannel: @unchecked Sendable {
  /// How the stream ended, once the producer knows.
  enum Outcome {
    case finished
    case failed(any Error)
  }

  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let notEmpty = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  private let notFull = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  /// Batches handed over and not yet taken, oldest first (a ring of
  /// `capacity` slots).
  private var ring: [[Job]]
  private var head = 0
  private var count = 0
  private var outcome: Outcome?
  private var cancelled = false

  /// A channel holding at most `capacity` batches (at least 1).
  init(capacity: Int) {
    ring = Array(repeating: [], count: max(1, capacity))
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(notEmpty, nil)
    pthread_cond_init(notFull, nil)
  }

  deinit {
    pthread_cond_destroy(notFull)
    pthread_cond_destroy(notEmpty)
    pthread_mutex_destroy(mutex)
    notFull.deallocate()
    notEmpty.deallocate()
    mutex.deallocate()
  }

  /// Hands `batch` over, waiting while the channel is full.
  ///
  /// - Returns: `false` when the consumer has cancelled (the batch is dropped).
  func put(_ batch: consuming [Job]) -> Bool {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    while count == ring.count && !cancelled { pthread_cond_wait(notFull, mutex) }
    if cancelled { return false }
    ring[(head + count) % ring.count] = batch
    count += 1
    pthread_cond_signal(notEmpty)
    return true
  }

  /// Records how the stream ended; batches put before stay to be taken.
  func close(_ outcome: Outcome) {
    pthread_mutex_lock(mutex)
    self.outcome = outcome
    pthread_cond_signal(notEmpty)
    pthread_mutex_unlock(mutex)
  }

  /// The oldest batch, waiting for one; or how the stream ended once every
  /// batch has been taken.
  func take() -> Result<[Job], Stop> {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    while count == 0 && outcome == nil { pthread_cond_wait(notEmpty, mutex) }
    guard count > 0 else {
      switch outcome! {
      case .finished: return .failure(.end)
      case .failed(let error): return .failure(.error(error))
      }
    }
    var batch: [Job] = []
    swap(&batch, &ring[head])
    head = (head + 1) % ring.count
    count -= 1
    pthread_cond_signal(notFull)
    return .success(batch)
  }

  /// Tells the producer to stop at its next hand-over.
  func cancel() {
    pthread_mutex_lock(mutex)
    cancelled = true
    pthread_cond_broadcast(notFull)
    pthread_mutex_unlock(mutex)
  }

  /// Why `take()` returned no batch.
  enum Stop: Error {
    case end
    case error(any Error)
  }
}
