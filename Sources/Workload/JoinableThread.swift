#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A started thread, joined once.
struct JoinableThread: ~Copyable {
  private var thread: pthread_t

  /// What a thread runs: an object, so that a generic owner need not be
  /// captured in a closure (its metatype is not `Sendable`).
  protocol Body: AnyObject, Sendable {
    func run()
  }

  /// Starts a thread running `body.run()`; the thread holds `body` until
  /// `run()` returns.
  ///
  /// - Returns: `nil` when the system refuses a new thread.
  static func start(_ body: any Body) -> JoinableThread? {
    final class Box {
      let body: any Body
      init(_ body: any Body) { self.body = body }
      func run() { body.run() }
    }
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    #if canImport(Glibc)
      var thread = pthread_t()
    #else
      var thread: pthread_t?
    #endif
    let status = pthread_create(
      &thread, nil,
      { context in
        Unmanaged<Box>.fromOpaque(context!).takeRetainedValue().run()
        return nil
      }, context)
    guard status == 0 else {
      Unmanaged<Box>.fromOpaque(context).release()
      return nil
    }
    #if canImport(Glibc)
      return JoinableThread(thread: thread)
    #else
      return JoinableThread(thread: thread!)
    #endif
  }

  /// Waits for the thread to end.
  consuming func join() {
    pthread_join(thread, nil)
  }
}
