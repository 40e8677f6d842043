import SimKernel
import Workload

// MARK: - Recalculation

extension MultifactorPriority {
  /// Decays usage to the start of `period` and recomputes every waiting job's
  /// priority as of that instant.
  mutating func recalculate(_ view: SchedulerView, period: Int64) {
    lastCalculationPeriod = period
    recalculations += 1
    if config.weightFairshare > 0 { fairShare.advance(toPeriod: period) }
    let instant = period &* periodMicros
    for (slot, _) in newSlots { register(slot, view) }
    scratch.removeAll(keepingCapacity: true)
    for position in cache.indices {
      var entry = cache[position]
      guard entry.slot >= 0 else { continue }
      entry.key = key(of: entry.slot, at: instant)
      scratch.append(entry)
    }
    for (slot, index) in newSlots {
      scratch.append(
        Ranked(key: key(of: slot, at: instant), sequence: slots[Int(slot)].sequence, slot: slot, queueIndex: index))
    }
    // The previous order is nearly right: the standard sort is adaptive to runs.
    scratch.sort()
    swap(&cache, &scratch)
  }

  /// Inserts `entry` after every entry that does not rank below it.
  mutating func insert(_ entry: Ranked) {
    var low = 0
    var high = cache.count
    while low < high {
      let middle = (low + high) / 2
      if cache[middle] < entry { low = middle + 1 } else { high = middle }
    }
    cache.insert(entry, at: low)
  }

  /// Gives the job now in `slot` its sequence number and static factors.
  mutating func register(_ slot: Int32, _ view: SchedulerView) {
    let job = view.jobs[Int(slot)]
    let partition = partitions.settings(of: job.partitionNumber)
    let qos =
      maxQOSPriority > 0 ? Double(config.qosPriority(ofQueue: job.queueNumber)) / Double(maxQOSPriority) : 0
    slots[Int(slot)] = SlotState(
      sequence: nextSequence, submit: job.submitTime.microseconds,
      association: config.weightFairshare > 0
        ? fairShare.association(group: job.groupID, user: job.userID) : -1,
      tier: partition.tier,
      jobSize: Double(config.weightJobSize) * jobSizeFactor(job, totalNodes: view.totalNodes),
      partition: Double(config.weightPartition) * partition.factor,
      qos: Double(config.weightQOS) * qos)
    nextSequence += 1
    waitingCount += 1
  }

  /// The sort key of the job in `slot` with its priority as of `instant`
  /// (remembered in the slot, to find the job when it starts).
  mutating func key(of slot: Int32, at instant: Int64) -> UInt64 {
    let state = slots[Int(slot)]
    let key = UInt64(UInt32.max - state.tier) << 32 | UInt64(UInt32.max - priority(of: state, at: instant))
    slots[Int(slot)].key = key
    return key
  }

  /// Slurm's job priority of `state` at `instant` (microseconds).
  @inline(__always)
  mutating func priority(of state: SlotState, at instant: Int64) -> UInt32 {
    var age = 0.0
    if weightAge > 0 {
      let waited = Double(max(0, instant - state.submit)) / Double(SimTime.ticksPerSecond)
      age = waited < maxAge ? waited / maxAge : 1
    }
    let fairshare = weightFairshare > 0 ? fairShare.factor(of: state.association) : 0
    var priority = age * weightAge
    priority += fairshare * weightFairshare
    priority += state.jobSize
    priority += state.partition
    priority += state.qos
    if priority < 1 { return 1 }
    if priority >= Double(UInt32.max) { return UInt32.max }
    return UInt32(priority)
  }

  /// The job size factor in [0, 1].
  func jobSizeFactor(_ job: Job, totalNodes: Int32) -> Double {
    let total = Double(max(totalNodes, 1))
    let nodes = Double(job.nodes)
    var factor: Double
    if config.smallRelativeToTime {
      let limit = job.requestedTime.microseconds >= 0 ? job.requestedTime : job.estimate
      let minutes = max(1, (limit.microseconds + 60 * SimTime.ticksPerSecond - 1) / (60 * SimTime.ticksPerSecond))
      factor = nodes / total / Double(minutes)
      if config.favorSmall { factor = 1 - factor }
    } else {
      factor = config.favorSmall ? (total - nodes) / total : nodes / total
    }
    return min(1, max(0, factor))
  }
}
