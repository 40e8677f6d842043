import SimKernel
import Testing

@Suite("Event queue order")
struct EventQueueTests {
  @Test("earlier times come first")
  func timeOrder() {
    var queue = EventQueue<Int>()
    queue.schedule(3, at: .seconds(30), eventClass: 0)
    queue.schedule(1, at: .seconds(10), eventClass: 0)
    queue.schedule(2, at: .seconds(20), eventClass: 0)
    var order: [Int] = []
    while let event = queue.pop() { order.append(event.payload) }
    #expect(order == [1, 2, 3])
  }

  @Test("at one instant, lower event classes come first")
  func classOrder() {
    var queue = EventQueue<String>()
    queue.schedule("pass", at: .seconds(5), eventClass: 2)
    queue.schedule("arrival", at: .seconds(5), eventClass: 1)
    queue.schedule("completion", at: .seconds(5), eventClass: 0)
    var order: [String] = []
    while let event = queue.pop() { order.append(event.payload) }
    #expect(order == ["completion", "arrival", "pass"])
  }

  @Test("same time and class keep scheduling order (FIFO), over many events")
  func fifoTieBreak() {
    var queue = EventQueue<Int>()
    for index in 0..<1000 { queue.schedule(index, at: .seconds(Int64(index % 3)), eventClass: 1) }
    var previous: (time: SimTime, payload: Int)? = nil
    while let event = queue.pop() {
      if let previous, previous.time == event.time {
        #expect(previous.payload < event.payload, "FIFO broken at \(event.time)")
      }
      previous = (event.time, event.payload)
    }
  }

  @Test("popIfDue takes only due events of the asked class")
  func popIfDue() {
    var queue = EventQueue<Int>()
    queue.schedule(1, at: .seconds(10), eventClass: 0)
    queue.schedule(2, at: .seconds(10), eventClass: 1)
    #expect(queue.popIfDue(at: .seconds(9), eventClass: 0) == nil)
    #expect(queue.popIfDue(at: .seconds(10), eventClass: 1) == nil)
    #expect(queue.popIfDue(at: .seconds(10), eventClass: 0) == 1)
    #expect(queue.popIfDue(at: .seconds(10), eventClass: 0) == nil)
    #expect(queue.popIfDue(at: .seconds(10), eventClass: 1) == 2)
    #expect(queue.isEmpty)
  }
}

@Suite("Simulated time")
struct SimTimeTests {
  @Test("is exact to the microsecond and prints six decimals")
  func formatting() {
    #expect(SimTime.seconds(12).formatFixed6() == "12.000000")
    #expect(SimTime.fractionalSeconds(0.5).formatFixed6() == "0.500000")
    #expect(SimTime(microseconds: -1_500_000).formatFixed6() == "-1.500000")
    #expect(SimTime.fractionalSeconds(123.75).formatCompact() == "123.75")
    #expect(SimTime.seconds(7).formatCompact() == "7")
    #expect(SimTime.fractionalSeconds(0.1) + SimTime.fractionalSeconds(0.2) == SimTime.fractionalSeconds(0.3))
  }
}
