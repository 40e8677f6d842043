import Benchmark
import Scheduling
import SimKernel
import Workload

/// One scheduling pass over a prepared view: 16,000 nodes, 2,000 running jobs
/// holding all but 64 nodes, 10,000 waiting (1-512 nodes each). The view says
/// nodes were freed, so every pass does the full work (no incremental
/// shortcut). With 64 free nodes FCFS stops at once at a blocked head; the
/// "4,000 free" variant makes it start jobs until the head blocks.
struct PreparedView {
  static let totalNodes: Int32 = 16_000
  static let waiting = 10_000
  static let runningCount = 2_000

  let queue: WaitingQueue
  let running: RunningSet
  let freeNodes: Int32

  init() {
    var random = SplitMix(seed: 4)
    var queue = WaitingQueue()
    for slot in 0..<Self.waiting {
      let nodes = Int32(1) << Int32(random.next() % 10)  // 1-512
      let estimate = Int64(60 + random.next() % 86_400) * 1_000_000
      queue.append(slot: Int32(Self.runningCount + slot), nodes: nodes, estimate: estimate)
    }
    var running = RunningSet()
    var busy: Int32 = 0
    let budget = Self.totalNodes - 64
    for slot in 0..<Self.runningCount {
      let left = Int32(Self.runningCount - slot)
      let nodes = max(1, (budget - busy) / left)
      busy += nodes
      let end = Int64(1 + random.next() % 172_800) * 1_000_000
      running.insert(slot: Int32(slot), nodes: nodes, estimatedEnd: end)
    }
    self.queue = queue
    self.running = running
    freeNodes = Self.totalNodes - busy
  }

  func view(freeNodes: Int32? = nil) -> SchedulerView {
    SchedulerView(
      now: .zero, freeNodes: freeNodes ?? self.freeNodes, totalNodes: Self.totalNodes, queue: queue,
      running: running, resourcesFreed: true, firstNewArrival: queue.endIndex)
  }
}

func registerSchedulingBenchmarks() {
  let prepared = PreparedView()
  let configuration = Benchmark.Configuration(scalingFactor: .kilo)

  for free: Int32? in [nil, 4_000] {
    let label = free == nil ? "64 free" : "4,000 free"
    Benchmark("FCFS pass (10,000 waiting, 2,000 running, \(label))", configuration: configuration) { benchmark in
      var policy = FCFSPolicy()
      var decisions: [Decision] = []
      let view = prepared.view(freeNodes: free)
      for _ in benchmark.scaledIterations {
        decisions.removeAll(keepingCapacity: true)
        policy.schedule(view, into: &decisions)
        blackHole(decisions.count)
      }
    }
  }

  Benchmark("EASY pass (10,000 waiting, 2,000 running, 64 free)", configuration: configuration) { benchmark in
    var policy = EASYBackfilling()
    var decisions: [Decision] = []
    let view = prepared.view()
    for _ in benchmark.scaledIterations {
      decisions.removeAll(keepingCapacity: true)
      policy.schedule(view, into: &decisions)
      blackHole(decisions.count)
    }
  }
}
