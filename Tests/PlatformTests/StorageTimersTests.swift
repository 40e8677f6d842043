@testable import Platform
import Testing

@Suite("Storage timers: fixed-delay lanes and a heap give one heap's order")
struct StorageTimersTests {
  @Test(
    "random timers, a clock that only moves forward: the same order as sorting by (time, order)",
    arguments: [2, 3, 6, 40])
  func randomOrder(distinctDelays: Int) {
    var mixer = StorageTestMixer(state: UInt64(distinctDelays))
    var timers = StorageTimers()
    var model: [StorageHeap.Entry] = []
    var order: UInt64 = 0
    var now: Int64 = 0
    var taken: [StorageHeap.Entry] = []
    var expected: [StorageHeap.Entry] = []
    // A few delays recur (they get lanes while free), the rest are arbitrary.
    let delays = (0..<distinctDelays).map { Int64($0) * 7 }
    for step in 0..<20_000 {
      if mixer.next() % 5 == 0 { now += Int64(mixer.next() % 4) }
      if mixer.next() % 2 == 0 || model.isEmpty {
        let delay = mixer.next() % 4 == 0 ? Int64(mixer.next() % 50) : delays[Int(mixer.next() % UInt64(delays.count))]
        let id = Int32(step % 1_000)
        timers.insert(id: id, at: now + delay, delay: delay)
        model.append(StorageHeap.Entry(key: now + delay, order: order, id: id))
        order += 1
      } else if let least = model.indices.min(by: { StorageHeap.precedes(model[$0], model[$1]) }),
        model[least].key <= now + 3
      {
        // Take the earliest (in a run it is due, so never later than now).
        now = max(now, model[least].key)
        expected.append(model.remove(at: least))
        taken.append(timers.removeMin())
      }
      #expect(timers.count == model.count)
      #expect(timers.min == model.min(by: StorageHeap.precedes))
    }
    while !model.isEmpty {
      let least = model.indices.min { StorageHeap.precedes(model[$0], model[$1]) }!
      expected.append(model.remove(at: least))
      taken.append(timers.removeMin())
    }
    #expect(taken == expected)
    #expect(timers.isEmpty)
    #expect(timers.minKey == .max)
    timers.release()
  }

  @Test("timers one delay ahead queue in a lane; a fifth delay goes to the heap")
  func lanes() {
    var timers = StorageTimers()
    for (index, delay) in [10, 20, 30, 40, 50, 10].enumerated() {
      timers.insert(id: Int32(index), at: Int64(delay), delay: Int64(delay))
    }
    #expect(timers.heap.count == 1)
    #expect((0..<StorageTimers.laneCount).map { timers.lanes[$0].entries.count } == [2, 1, 1, 1])
    #expect((0..<6).map { _ in timers.removeMin().id } == [0, 5, 1, 2, 3, 4])
    timers.release()
  }
}
