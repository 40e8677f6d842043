import Scheduling
import SimKernel
import Testing
import Workload

/// `MultifactorPriority`'s factors and weights, each worked out by hand from
/// Slurm's formula: priority = trunc(sum of weight x factor), at least 1.
@Suite("Multifactor priority: factors")
struct PriorityFactorTests {
  /// A config with every weight 0 except those given.
  static func config(
    age: UInt32 = 0, size: UInt32 = 0, partition: UInt32 = 0, qos: UInt32 = 0,
    maxAge: Int64 = 7 * 86_400, favorSmall: Bool = false
  ) -> MultifactorConfig {
    var config = MultifactorConfig()
    config.weightAge = age
    config.weightJobSize = size
    config.weightPartition = partition
    config.weightQOS = qos
    config.maxAgeSeconds = maxAge
    config.favorSmall = favorSmall
    return config
  }

  /// The priorities `order` gives `jobs` (slot = position) at a pass at `now` seconds.
  static func priorities(
    _ jobs: [Job], at now: Int64, order: inout MultifactorPriority, totalNodes: Int32 = 100
  ) -> [UInt32?] {
    var indices: [Int] = []
    order.order(waitingView(jobs, at: now, totalNodes: totalNodes), into: &indices)
    return jobs.indices.map { order.cachedPriority(ofSlot: Int32($0)) }
  }

  static func priorities(_ jobs: [Job], at now: Int64, config: MultifactorConfig, partitions: [PartitionSettings] = [])
    -> [UInt32?]
  {
    var order = MultifactorPriority(config: config, partitions: partitions)
    return priorities(jobs, at: now, order: &order)
  }

  @Test("age grows linearly with queue time and caps at 1.0 at PriorityMaxAge")
  func ageCap() {
    // PriorityMaxAge 1 day, weight 1000. Recalculations happen at multiples of
    // 5 min, so every `now` below is one. Submitted at 0:
    //   12 h -> 0.5 -> 500;   6 h -> 250;   1 day -> 1000;   3 days -> capped at 1000.
    // A job submitted in the future of the recalculation has age 0 -> priority 1.
    let config = Self.config(age: 1000, maxAge: 86_400)
    let jobs = [mfJob(1, submit: 0), mfJob(2, submit: 21_600), mfJob(3, submit: 43_200)]
    #expect(Self.priorities(jobs, at: 43_200, config: config) == [500, 250, 1])
    #expect(Self.priorities(jobs, at: 86_400, config: config) == [1000, 750, 500])
    #expect(Self.priorities(jobs, at: 3 * 86_400, config: config) == [1000, 1000, 1000])
  }

  @Test("job size favours large jobs by default: nodes / total nodes")
  func sizeFavorsLarge() {
    // 100 nodes, weight 1000: 25 nodes -> 250; the whole machine -> 1000; 1 node -> 10.
    let jobs = [mfJob(1, submit: 0, nodes: 25), mfJob(2, submit: 0, nodes: 100), mfJob(3, submit: 0, nodes: 1)]
    #expect(Self.priorities(jobs, at: 0, config: Self.config(size: 1000)) == [250, 1000, 10])
  }

  @Test("PriorityFavorSmall=YES: (total - nodes) / total, Slurm's own formula")
  func sizeFavorsSmall() {
    // 100 nodes, weight 1000: 1 node -> 99/100 -> 990 (the documentation's "1.0");
    // 25 nodes -> 750; the whole machine -> 0 -> priority floored at 1.
    let jobs = [mfJob(1, submit: 0, nodes: 1), mfJob(2, submit: 0, nodes: 25), mfJob(3, submit: 0, nodes: 100)]
    #expect(Self.priorities(jobs, at: 0, config: Self.config(size: 1000, favorSmall: true)) == [990, 750, 1])
  }

  @Test("SMALL_RELATIVE_TO_TIME divides the size by the time limit in minutes")
  func sizeRelativeToTime() {
    // 100 nodes, weight 1000: 50 nodes for 10 min -> 0.5 / 10 -> 50;
    // 50 nodes for 90 s -> 2 min (rounded up) -> 250; favouring small: 1000 - 50 = 950.
    var config = Self.config(size: 1000)
    config.smallRelativeToTime = true
    let jobs = [mfJob(1, submit: 0, nodes: 50, requested: 600), mfJob(2, submit: 0, nodes: 50, requested: 90)]
    #expect(Self.priorities(jobs, at: 0, config: config) == [50, 250])
    config.favorSmall = true
    #expect(Self.priorities(jobs, at: 0, config: config) == [950, 750])
  }

  @Test("partition factor is PriorityJobFactor over the largest; unlisted partitions use the default")
  func partitionFactor() {
    // Factors 10 (partition 1), 4 (partition 2), and Slurm's default 1 for
    // partition 7 and an unknown (-1) partition. Weight 1000: 1000, 400, 100, 100.
    var first = PartitionSettings(number: 1, name: "big")
    first.priorityJobFactor = 10
    var second = PartitionSettings(number: 2, name: "small")
    second.priorityJobFactor = 4
    let jobs = [
      mfJob(1, submit: 0, partition: 1), mfJob(2, submit: 0, partition: 2),
      mfJob(3, submit: 0, partition: 7), mfJob(4, submit: 0, partition: -1),
    ]
    #expect(
      Self.priorities(jobs, at: 0, config: Self.config(partition: 1000), partitions: [first, second])
        == [1000, 400, 100, 100])
    // No partitions configured: every job's partition factor is 1/1.
    #expect(Self.priorities(jobs, at: 0, config: Self.config(partition: 1000)) == [1000, 1000, 1000, 1000])
  }

  @Test("QOS factor is the queue's QOS Priority over the largest, 0 when all are 0")
  func qosFactor() {
    // QOS priorities: queue 2 -> 100, queue 3 -> 25, others 0. Weight 2000:
    // 2000, 500, and 0 -> floored at 1.
    var config = Self.config(qos: 2000)
    config.qosPriority = [2: 100, 3: 25]
    let jobs = [mfJob(1, submit: 0, queue: 2), mfJob(2, submit: 0, queue: 3), mfJob(3, submit: 0, queue: 1)]
    #expect(Self.priorities(jobs, at: 0, config: config) == [2000, 500, 1])
    #expect(Self.priorities(jobs, at: 0, config: Self.config(qos: 2000)) == [1, 1, 1])
  }

  @Test("weighted factors are summed in Double and truncated, never rounded")
  func truncation() {
    // age 1/3 of max (weight 1000 -> 333.33...) + size 7/100 (weight 10 -> 0.7):
    // 334.03... -> 334. Age 2/3 (666.66...) + 0.7 = 667.36... -> 667.
    let config = Self.config(age: 1000, size: 10, maxAge: 900)
    let jobs = [mfJob(1, submit: 0, nodes: 7), mfJob(2, submit: -300, nodes: 7)]
    #expect(Self.priorities(jobs, at: 300, config: config) == [334, 667])
  }

  @Test("the order is PriorityTier first, then priority, then arrival")
  func orderTierPriorityArrival() {
    // Partition 2 has tier 2: its job comes first despite the lowest priority.
    // Jobs 1 and 3 tie on priority (same size): arrival order decides.
    var low = PartitionSettings(number: 1, name: "batch")
    low.priorityTier = 1
    var high = PartitionSettings(number: 2, name: "debug")
    high.priorityTier = 2
    var order = MultifactorPriority(config: Self.config(size: 1000), partitions: [low, high])
    let jobs = [
      mfJob(1, submit: 0, nodes: 10, partition: 1), mfJob(2, submit: 0, nodes: 50, partition: 1),
      mfJob(3, submit: 0, nodes: 10, partition: 1), mfJob(4, submit: 0, nodes: 1, partition: 2),
    ]
    var indices: [Int] = []
    order.order(waitingView(jobs, at: 0), into: &indices)
    #expect(indices == [3, 1, 0, 2])
  }

  @Test("priorities are recomputed once per PriorityCalcPeriod, not at every pass")
  func recalculationPeriod() {
    // Age weight 1000 over a max age of 3000 s: 100 per 300 s period.
    // Submitted at 0; passes at 300, 450 and 599 fall in period 1 (recomputed
    // once, as of 300: 100); the pass at 600 recomputes as of 600: 200; the
    // pass at 1000 recomputes as of 900 (its period's start): 300.
    var order = MultifactorPriority(config: Self.config(age: 1000, maxAge: 3000))
    let jobs = [mfJob(1, submit: 0)]
    #expect(Self.priorities(jobs, at: 300, order: &order) == [100])
    #expect(Self.priorities(jobs, at: 450, order: &order) == [100])
    #expect(Self.priorities(jobs, at: 599, order: &order) == [100])
    #expect(order.recalculations == 1)
    #expect(Self.priorities(jobs, at: 600, order: &order) == [200])
    #expect(Self.priorities(jobs, at: 1000, order: &order) == [300])
    #expect(order.recalculations == 3)
  }

  @Test("a job arriving between recalculations is placed by its priority at arrival")
  func arrivalBetweenRecalculations() {
    // Size weight 1000 on 100 nodes. At 0 jobs 1 (10 nodes) and 2 (30 nodes)
    // wait: order 2, 1. At 100 (same period) job 3 (20 nodes, 200) arrives:
    // it goes between them; job 4 (30 nodes) ties with job 2 and goes after it.
    var order = MultifactorPriority(config: Self.config(size: 1000))
    let first = [mfJob(1, submit: 0, nodes: 10), mfJob(2, submit: 0, nodes: 30)]
    var indices: [Int] = []
    order.order(waitingView(first, at: 0), into: &indices)
    #expect(indices == [1, 0])
    let all = first + [mfJob(3, submit: 100, nodes: 20), mfJob(4, submit: 100, nodes: 30)]
    indices.removeAll()
    order.order(waitingView(all, at: 100), into: &indices)
    #expect(indices == [1, 3, 2, 0])
    #expect(order.recalculations == 1)
  }

  @Test("a started job leaves the order and its slot can be reused by a new job")
  func startedJobsLeave() {
    var order = MultifactorPriority(config: Self.config(size: 1000))
    let jobs = [mfJob(1, submit: 0, nodes: 10), mfJob(2, submit: 0, nodes: 30)]
    var indices: [Int] = []
    order.order(waitingView(jobs, at: 0), into: &indices)
    order.jobStarted(jobs[1], slot: 1, at: .seconds(0))
    // Slot 1 now holds a new 5-node job; the queue lists it after job 1.
    let reused = [jobs[0], mfJob(3, submit: 10, nodes: 5)]
    indices.removeAll()
    order.order(waitingView(reused, at: 10), into: &indices)
    #expect(indices == [0, 1])
    #expect(order.cachedPriority(ofSlot: 1) == 50)
  }

  @Test("with every weight 0 (Slurm's defaults) the order is arrival order")
  func zeroWeightsAreFIFO() {
    var order = MultifactorPriority(config: MultifactorConfig())
    let jobs = (1...5).map { mfJob(Int64($0), submit: 0, nodes: Int32(6 - $0)) }
    var indices: [Int] = []
    order.order(waitingView(jobs, at: 0), into: &indices)
    #expect(indices == [0, 1, 2, 3, 4])
    #expect(jobs.indices.allSatisfy { order.cachedPriority(ofSlot: Int32($0)) == 1 })
  }
}

// MARK: - Helpers

/// A job for priority tests; times in seconds.
func mfJob(
  _ id: Int64, submit: Int64, run: Int64 = 100, nodes: Int32 = 1, user: Int32 = 1, group: Int32 = 1,
  partition: Int32 = -1, queue: Int32 = -1, requested: Int64? = nil
) -> Job {
  Job(
    id: id, submitTime: .seconds(submit), runTime: .seconds(run), estimate: .seconds(requested ?? run),
    requestedTime: .seconds(requested ?? run), processors: nodes, userID: user, groupID: group,
    queueNumber: queue, partitionNumber: partition)
}

/// A view where every job of `jobs` waits (slot = position = queue index).
func waitingView(_ jobs: [Job], at now: Int64, totalNodes: Int32 = 100) -> SchedulerView {
  var queue = WaitingQueue()
  for (slot, job) in jobs.enumerated() {
    queue.append(slot: Int32(slot), nodes: job.nodes, estimate: job.estimate.microseconds)
  }
  return SchedulerView(
    now: .seconds(now), freeNodes: 0, totalNodes: totalNodes, queue: queue, running: RunningSet(),
    jobs: jobs, resourcesFreed: false, firstNewArrival: 0)
}
