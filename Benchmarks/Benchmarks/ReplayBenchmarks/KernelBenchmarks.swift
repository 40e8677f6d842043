import Benchmark
import Platform
import SimKernel

/// The event queue and the node allocator.
func registerKernelBenchmarks() {
  // 1M completions scheduled at random times, then all popped in order.
  Benchmark("EventQueue schedule+pop (1M events)", configuration: .init(scalingFactor: .mega)) { benchmark in
    var random = SplitMix(seed: 1)
    var queue = EventQueue<Int32>()
    for index in benchmark.scaledIterations {
      let time = SimTime(microseconds: Int64(random.next() >> 24))
      queue.schedule(Int32(truncatingIfNeeded: index), at: time, eventClass: 0)
    }
    var sum: Int64 = 0
    while let event = queue.pop() { sum &+= Int64(event.payload) }
    blackHole(sum)
  }

  // The replay's pattern: a steady 5,000 pending completions; each step pops
  // the earliest and schedules a new one a random run time later.
  Benchmark("EventQueue hold (1M steps, 5,000 pending)", configuration: .init(scalingFactor: .mega)) { benchmark in
    var random = SplitMix(seed: 2)
    var queue = EventQueue<Int32>()
    for index in 0..<5_000 {
      queue.schedule(Int32(index), at: SimTime(microseconds: Int64(random.next() >> 40)), eventClass: 0)
    }
    var sum: Int64 = 0
    for _ in benchmark.scaledIterations {
      let event = queue.pop()!
      sum &+= Int64(event.payload)
      let later = event.time + SimTime(microseconds: Int64(random.next() >> 40))
      queue.schedule(event.payload, at: later, eventClass: 0)
    }
    blackHole(sum)
  }

  // 1M allocations on 16,000 nodes (Tianhe-2), sizes 1-512 in powers of two
  // as HPC workloads have; random running jobs are released to make room, so
  // the free list fragments as in a long replay.
  Benchmark("NodePool allocate+release (1M jobs, 16,000 nodes)", configuration: .init(scalingFactor: .mega)) {
    benchmark in
    var random = SplitMix(seed: 3)
    var pool = NodePool(totalNodes: 16_000)
    var held: [NodeSet] = []
    held.reserveCapacity(16_000)
    var total = 0
    for _ in benchmark.scaledIterations {
      let size = Int32(1) << Int32(random.next() % 10)
      while pool.freeCount < size {
        let victim = Int(random.next() % UInt64(held.count))
        pool.release(held[victim])
        held.swapAt(victim, held.count - 1)
        held.removeLast()
      }
      let nodes = pool.allocate(size)
      total &+= nodes.runCount
      held.append(nodes)
    }
    blackHole(total)
  }
}
