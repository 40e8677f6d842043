/// A value computed on a second thread while the caller goes on, such as
/// the trace's SHA-256 for the provenance while the replay runs.
///
/// Where the system refuses a thread, the value is computed in `init`.
/// Dropping the task waits for its thread.
public final class BackgroundTask<Value: Sendable> {
  /// What the thread fills in; shared with it, so that the task's owner
  /// alone decides when the task ends (and joins on its own thread).
  private final class Slot: JoinableThread.Body, @unchecked Sendable {
    let work: @Sendable () -> Value
    var value: Value?
    init(_ work: @escaping @Sendable () -> Value) { self.work = work }
    func run() { value = work() }
  }

  private let slot: Slot
  private var thread: JoinableThread?

  /// Starts computing `work()`.
  public init(_ work: @escaping @Sendable () -> Value) {
    slot = Slot(work)
    thread = JoinableThread.start(slot)
    if thread == nil { slot.run() }
  }

  deinit { thread.take()?.join() }

  /// The value, once the thread has finished (waits for it).
  public var value: Value {
    thread.take()?.join()
    return slot.value!
  }
}
