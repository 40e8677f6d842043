import SimKernel
import Workload

/// Slurm's `priority/multifactor` as a queue order: jobs by partition
/// `PriorityTier` (highest first), then by priority (highest first), then by
/// arrival (queue index), where
///
///     priority = trunc(PriorityWeightAge * age + PriorityWeightFairshare * fairshare
///                      + PriorityWeightJobSize * size + PriorityWeightPartition * partition
///                      + PriorityWeightQOS * qos),   at least 1, at most 2^32 - 1
///
/// added in that order in `Double`, as Slurm does. The factors, each in [0, 1]:
/// - **age**: queue time over `PriorityMaxAge`, capped at 1.
/// - **fairshare**: Fair Tree rank or classic `2^(-U/S)` (see `FairShare`).
/// - **size**: `PriorityFavorSmall=NO`: `nodes / total nodes` (a whole-machine
///   job gets 1); `YES`: `(total - nodes) / total` (Slurm's code; a one-node
///   job gets `(N - 1) / N`, which Slurm's documentation rounds to 1).
///   With `SMALL_RELATIVE_TO_TIME`, `nodes / total / time limit in minutes`
///   (`1 -` that when favouring small jobs).
/// - **partition**: the job's partition `PriorityJobFactor` over the largest
///   (1 when no partitions are configured).
/// - **qos**: the job's queue's QOS `Priority` over the largest (0 when all are 0).
///
/// ## When priorities change
/// As in Slurm, priorities are recomputed once per `PriorityCalcPeriod`, not
/// at every event. Periods start at time 0; at the first pass in a new period
/// the usage is decayed and accrued up to the period's start `T`, and every
/// waiting job's priority is recomputed as of `T`. Between recalculations the
/// order is cached: a new arrival gets its priority when first seen (age 0 at
/// its own arrival) and is inserted by binary search. The recalculation is
/// lazy, done by the first pass in the new period, with no wake-up of its
/// own: a reordering takes effect at the next event, not at the period
/// boundary itself.
///
/// - Complexity: a pass reads only the new end of the queue (all of it after
///   a compaction) and emits the order, O(queue); a recalculation adds
///   O(queue) priorities and a sort of a nearly sorted array, plus
///   O(accounts) for Fair Tree and the sorting of the accounts of users with
///   waiting jobs whose usage changed.
public struct MultifactorPriority: QueueOrder {
  public var name: String { "multifactor" }
  public let config: MultifactorConfig
  let partitions: PartitionTable
  /// `config`'s weights and maximum age as `Double`, and the largest QOS priority.
  let weightAge: Double
  let weightFairshare: Double
  let maxAge: Double
  let maxQOSPriority: UInt32
  var fairShare: FairShare
  let periodMicros: Int64

  /// Per job slot: the waiting job's sequence number, static factors and sort key.
  var slots: [SlotState] = []
  /// Per job slot: its queue index, refreshed by a full scan of the queue.
  var indexOfSlot: [Int32] = []
  /// Waiting jobs in order, with their queue indices; entries of jobs that
  /// started are marked (slot -1) and dropped at the next pass.
  var cache: [Ranked] = []
  var scratch: [Ranked] = []
  /// Jobs first seen in this pass: (slot, queue index).
  var newSlots: [(slot: Int32, index: Int32)] = []
  /// Jobs in the cache that have not started.
  var waitingCount = 0
  /// The queue's `endIndex` at the last pass.
  var lastEndIndex = -1
  var nextSequence: Int64 = 0
  var lastCalculationPeriod = Int64.min

  /// How many times priorities were recomputed (for tests and reports).
  public internal(set) var recalculations = 0

  /// A multifactor order with `config`'s weights and `partitions`' tiers and factors.
  public init(config: MultifactorConfig = .hpcsimDefaults, partitions: [PartitionSettings] = []) {
    self.config = config
    self.partitions = PartitionTable(partitions)
    weightAge = Double(config.weightAge)
    weightFairshare = Double(config.weightFairshare)
    maxAge = Double(config.maxAgeSeconds)
    maxQOSPriority = config.maxQOSPriority
    fairShare = FairShare(config: config)
    periodMicros = fairShare.periodMicros
  }

  /// The multifactor order a policy file describes.
  public init(_ policy: PolicyConfig) {
    self.init(config: policy.multifactor, partitions: policy.partitions)
  }

  public mutating func order(_ view: SchedulerView, into indices: inout [Int]) {
    if slots.count < view.jobs.count {
      slots.append(contentsOf: repeatElement(SlotState(), count: view.jobs.count - slots.count))
      indexOfSlot.append(contentsOf: repeatElement(-1, count: view.jobs.count - indexOfSlot.count))
    }
    findNewJobs(view.queue, firstNewArrival: view.firstNewArrival)
    let now = view.now.microseconds
    let period = fairShare.period(of: now)
    if period != lastCalculationPeriod {
      recalculate(view, period: period)
    } else {
      for (slot, index) in newSlots {
        register(slot, view)
        insert(Ranked(key: key(of: slot, at: now), sequence: slots[Int(slot)].sequence, slot: slot, queueIndex: index))
      }
    }
    emit(into: &indices)
  }

  /// Appends the cached order's queue indices, dropping entries of jobs that started.
  ///
  /// - Complexity: O(queue), one sequential sweep.
  mutating func emit(into indices: inout [Int]) {
    let base = indices.count
    indices.append(contentsOf: repeatElement(0, count: cache.count))
    let kept = cache.withUnsafeMutableBufferPointer { entries in
      indices.withUnsafeMutableBufferPointer { output in
        var kept = 0
        for position in entries.indices {
          let entry = entries[position]
          guard entry.slot >= 0 else { continue }
          entries[kept] = entry
          output[base + kept] = Int(entry.queueIndex)
          kept += 1
        }
        return kept
      }
    }
    indices.removeLast(cache.count - kept)
    cache.removeLast(cache.count - kept)
  }

  /// Lists the queue's jobs this order has not seen. Between passes the
  /// queue only grows at its end, unless it was compacted (its end then
  /// moved back) or a pass ran without this order; in those cases, caught
  /// by the end index or the count of live jobs, the whole queue is read
  /// again and every cached queue index refreshed.
  mutating func findNewJobs(_ queue: WaitingQueue, firstNewArrival: Int) {
    newSlots.removeAll(keepingCapacity: true)
    if firstNewArrival == lastEndIndex {
      for index in max(queue.head, firstNewArrival)..<queue.endIndex {
        let slot = queue[index].slot
        if slot >= 0 && slots[Int(slot)].sequence < 0 {
          newSlots.append((slot, Int32(truncatingIfNeeded: index)))
        }
      }
      if waitingCount + newSlots.count == queue.liveCount {
        lastEndIndex = queue.endIndex
        return
      }
      newSlots.removeAll(keepingCapacity: true)
    }
    for index in queue.head..<queue.endIndex {
      let slot = queue[index].slot
      guard slot >= 0 else { continue }
      indexOfSlot[Int(slot)] = Int32(truncatingIfNeeded: index)
      if slots[Int(slot)].sequence < 0 { newSlots.append((slot, Int32(truncatingIfNeeded: index))) }
    }
    for position in cache.indices where cache[position].slot >= 0 {
      cache[position].queueIndex = indexOfSlot[Int(cache[position].slot)]
    }
    lastEndIndex = queue.endIndex
  }

  public mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {
    if Int(slot) < slots.count && slots[Int(slot)].sequence >= 0 {
      markStarted(slot)
      slots[Int(slot)].sequence = -1
      waitingCount -= 1
    }
    guard config.weightFairshare > 0 else { return }
    fairShare.advance(toPeriod: fairShare.period(of: time.microseconds))
    let association = fairShare.association(group: job.groupID, user: job.userID)
    fairShare.jobStarted(association: association, nodes: job.nodes, at: time.microseconds)
  }

  public mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    guard config.weightFairshare > 0 else { return }
    fairShare.advance(toPeriod: fairShare.period(of: time.microseconds))
    let association = fairShare.association(group: job.groupID, user: job.userID)
    fairShare.jobEnded(association: association, nodes: job.nodes, at: time.microseconds)
  }

  /// Marks the cache entry of the waiting job in `slot` as started.
  ///
  /// - Complexity: O(log queue)
  mutating func markStarted(_ slot: Int32) {
    let state = slots[Int(slot)]
    let target = Ranked(key: state.key, sequence: state.sequence, slot: slot, queueIndex: 0)
    var low = 0
    var high = cache.count
    while low < high {
      let middle = (low + high) / 2
      if cache[middle] < target { low = middle + 1 } else { high = middle }
    }
    precondition(
      low < cache.count && cache[low].sequence == state.sequence,
      "multifactor order: the job in slot \(slot) started but is not in the order")
    cache[low].slot = -1
  }
}
