import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A batch of independent tasks numbered `0..<count`, each producing a
/// `RunResult` whose `run` is the task's number: the runs of a sweep, the
/// evaluations of a tuning round. Every process of a job builds the same
/// batch, so a task travels as its number alone.
public struct TaskBatch: Sendable {
  /// Tasks in the batch; results are indexed by task number.
  public var count: Int
  /// The tasks to do, in the order to hand them out (a subset for a shard).
  public var order: [Int]
  /// Runs task `index`; must not throw (failures become `.failed` results).
  public var execute: @Sendable (Int) -> RunResult

  public init(count: Int, order: [Int], execute: @escaping @Sendable (Int) -> RunResult) {
    self.count = count
    self.order = order
    self.execute = execute
  }
}

/// The tasks still to hand out and the results collected so far, shared by
/// the threads of the process that runs or dispatches a batch.
final class TaskBoard: Sendable {
  struct State {
    /// Tasks not yet handed out, the next one last.
    var pending: [Int]
    var results: [RunResult?]
    /// Results recorded with `local: true`.
    var localRuns = 0
  }

  let state: Mutex<State>
  let progress: SweepProgress?

  init(_ batch: TaskBatch, progress: SweepProgress?) {
    state = Mutex(State(pending: batch.order.reversed(), results: Array(repeating: nil, count: batch.count)))
    self.progress = progress
  }

  /// The next task to do, or `nil` when all are handed out.
  func next() -> Int? {
    state.withLock { $0.pending.popLast() }
  }

  /// Stores a result and counts it in the progress.
  func record(_ result: RunResult, local: Bool = false) {
    state.withLock {
      $0.results[result.run] = result
      if local { $0.localRuns += 1 }
    }
    progress?.record(failed: result.metrics == nil)
  }

  var results: [RunResult?] { state.withLock { $0.results } }

  var localRuns: Int { state.withLock { $0.localRuns } }
}

/// Runs tasks in this process, one after another.
public enum LocalSweepRunner {
  /// Runs `batch.order` in order; results by task number, `nil` for tasks
  /// not in the order.
  public static func run(_ batch: TaskBatch, progress: SweepProgress? = nil) -> [RunResult?] {
    let board = TaskBoard(batch, progress: progress)
    while let task = board.next() { board.record(batch.execute(task)) }
    return board.results
  }

  /// Replays `runs` (a subset of `plan.runs`, e.g. a shard) in order and
  /// returns the results, with `nil` for runs not in `runs`.
  public static func run(_ plan: SweepPlan, runs: [SweepRun], progress: SweepProgress? = nil) -> SweepResults {
    var results = SweepResults(plan: plan)
    for case let result? in run(plan.batch(runs), progress: progress) { results.record(result) }
    return results
  }
}

extension SweepPlan {
  /// The batch of `runs` (task number = run index), in the given order.
  public func batch(_ runs: [SweepRun]) -> TaskBatch {
    let all = self.runs
    return TaskBatch(count: runCount, order: runs.map(\.index)) { [self] in execute(all[$0]) }
  }
}

// MARK: - Threads

/// A POSIX thread running one closure, with a stack large enough for a
/// replay; `join()` waits for it.
final class WorkerThread {
  final class Body {
    let work: @Sendable () -> Void
    init(_ work: @escaping @Sendable () -> Void) { self.work = work }
  }

  private var thread = pthread_t()

  /// Starts `work` on a new thread with a 16 MiB stack.
  init(_ work: @escaping @Sendable () -> Void) {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setstacksize(&attributes, 16 << 20)
    let body = Unmanaged.passRetained(Body(work)).toOpaque()
    let status = pthread_create(&thread, &attributes, { argument in
      guard let argument else { return nil }
      let body = Unmanaged<Body>.fromOpaque(argument).takeRetainedValue()
      body.work()
      return nil
    }, body)
    pthread_attr_destroy(&attributes)
    precondition(status == 0, "pthread_create failed: \(status)")
  }

  /// Waits for the closure to return.
  func join() { pthread_join(thread, nil) }
}
