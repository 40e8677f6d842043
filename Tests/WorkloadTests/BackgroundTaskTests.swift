import Testing

@testable import Workload

/// A value computed on a second thread is the value computed in line.
@Suite struct BackgroundTaskTests {
  static func sum(_ n: Int) -> Int { (1...n).reduce(0, &+) }

  @Test("the value is what the work returns, read as often as asked")
  func value() {
    let task = BackgroundTask { Self.sum(100_000) }
    #expect(task.value == 5_000_050_000)
    #expect(task.value == 5_000_050_000)
  }

  @Test("a thrown error comes back as the result's failure")
  func failure() {
    struct Failed: Error, Equatable {}
    let task = BackgroundTask { Result<Int, Failed>.failure(Failed()) }
    #expect(throws: Failed()) { try task.value.get() }
  }

  @Test("tasks dropped unread are waited for, many at once")
  func droppedUnread() {
    for n in 1...50 { _ = BackgroundTask { Self.sum(n * 1_000) } }
  }
}
