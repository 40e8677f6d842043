import Platform
import Scheduling
import SimKernel
import Workload

/// Storage for a replay: the staging model jobs use and where their I/O
/// demands come from. Without it (the default) a replay is compute-only and
/// runs exactly as fast as before.
public struct ReplayStorageSetup {
  /// The tier and the lifecycle of jobs on it (see `StagingModel`).
  public var model: StagingModel
  /// The I/O demand of each job, asked once as it arrives.
  public var demand: (Job) -> IODemand
  /// A job's transfers get at most `nodes ×` this many bytes per second
  /// (the nodes' own links); `nil` for no per-job cap.
  public var perNodeBandwidth: Int64?
  /// Told the tier's state over every interval (time-series outputs); `nil`
  /// costs nothing.
  public var timeline: (any StorageTimelineObserver)?

  public init(model: StagingModel, perNodeBandwidth: Int64? = nil, demand: @escaping (Job) -> IODemand) {
    precondition(perNodeBandwidth.map { $0 > 0 } ?? true, "per-node bandwidth must be positive")
    self.model = model
    self.demand = demand
    self.perNodeBandwidth = perNodeBandwidth
  }
}

/// The storage state of a running replay.
///
/// ## Capacity gating (pending reason `StorageCapacity`)
/// Policies see the tier's free space and each waiting job's footprint
/// (`SchedulerView.storage`, a `StorageSpace`) and never start a job whose
/// reservation (its `IODemand.footprint`) does not fit: they pass over it
/// (`.storageBlocked` decisions) and go on to other jobs, as Slurm's
/// scheduler skips a job pending on burst-buffer space. To keep such a job
/// from starving, the first one passed over becomes the *storage head*:
/// until it starts, other jobs may take only the space beyond what it needs.
/// The replay applies starts and passes-over in decision order, keeping the
/// head as the policy did, and checks (a precondition) that every start
/// fits. A release of space triggers a full pass when a job waits for space
/// and the head (if any) now fits: before that no waiting job can fit (the
/// others may use only the space beyond the head's claim), and without
/// waiting jobs the policies decide on nodes, which did not change. A job is
/// pending `StorageCapacity` from the first pass that passed it over until it
/// starts; those job-seconds are summed.
///
/// ## Estimates
/// A job's estimate (what backfilling plans with, and its estimated end in
/// the running set) is its compute estimate plus `stagingEstimate`: its
/// stage-in and checkpoints at the full bandwidth (or its cap). The
/// stage-out is not added: nodes are released before it.
///
/// A job whose footprint exceeds the whole capacity could never start; it is
/// rejected at submission (`larger_than_machine`).
///
/// ## A class, for the event loop
/// The loop reaches the storage state at every event. As a class behind the
/// replay's optional, that is a pointer test and direct field accesses: no
/// enum-tag calls on a large optional struct, no copy-on-write checks on its
/// arrays, and (with `@exclusivity(unchecked)`: only the replay that owns it
/// touches it, one call at a time) no dynamic exclusivity checks. A `Replay`
/// is not copied while it runs; copies made before `run` would share this
/// state, so none are made.
final class ReplayStorage {
  @exclusivity(unchecked) var model: StagingModel
  let demandOf: (Job) -> IODemand
  let perNodeBandwidth: Int64?
  let timeline: (any StorageTimelineObserver)?
  /// The tier's capacity (bytes) and bandwidth (bytes per second).
  let capacity: Int64
  let bandwidth: Int64
  /// The demand of the live job in each slot.
  @exclusivity(unchecked) var demands: [IODemand] = []
  /// When the job in each slot was first passed over for space, or -1.
  @exclusivity(unchecked) var blockedSince: [Int64] = []
  /// The demand of the job being admitted (between admit and attach).
  @exclusivity(unchecked) var arriving = IODemand.none
  /// Jobs passed over for space that have not started yet (the storage
  /// head and its claim are in `SchedulerView.storage`).
  @exclusivity(unchecked) var blockedJobs = 0
  /// Time the job being started waited for space (set by `storageTake`).
  @exclusivity(unchecked) var startingWait: Int64 = 0
  /// The queue's `endIndex` as last seen: the queue was compacted when it
  /// shrank (`StorageSpace.queueGeneration`).
  @exclusivity(unchecked) var queueEnd = 0
  @exclusivity(unchecked) var summary: StorageSummary

  init(_ setup: ReplayStorageSetup) {
    model = setup.model
    demandOf = setup.demand
    perNodeBandwidth = setup.perNodeBandwidth
    timeline = setup.timeline
    capacity = setup.model.tier.capacity
    bandwidth = setup.model.tier.bandwidth
    summary = StorageSummary(
      capacity: setup.model.tier.capacity, bandwidth: setup.model.tier.bandwidth,
      retention: setup.model.retention)
  }

  /// The bandwidth cap of a job on `nodes` nodes.
  func cap(nodes: Int32) -> Int64? { Self.cap(nodes: nodes, perNode: perNodeBandwidth) }

  /// The cap of `nodes` nodes at `perNode` bytes per second each (static, so
  /// the replay reads two fields instead of copying the whole state).
  @inline(__always)
  static func cap(nodes: Int32, perNode: Int64?) -> Int64? {
    perNode.map { Int64(nodes).multipliedReportingOverflow(by: $0).overflow ? .max : Int64(nodes) * $0 }
  }
}

extension Replay {
  /// A replay whose jobs also stage data through a storage tier (see
  /// `ReplayStorageSetup` and `StagingModel` for the lifecycle).
  public init(
    totalNodes: Int32, policy: any SchedulingPolicy, observer: any ReplayObserver,
    options: ReplayOptions = ReplayOptions(), storage: ReplayStorageSetup?
  ) {
    self.init(totalNodes: totalNodes, policy: policy, observer: observer, options: options)
    self.storage = storage.map(ReplayStorage.init)
    hasStorage = storage != nil
    if let storage {
      view.storage.isActive = true
      view.storage.tracksQueue = true
      view.storage.free = storage.model.tier.free
    }
  }

  /// What storage did, or `nil` for a compute-only replay.
  public var storageSummary: StorageSummary? {
    guard let storage else { return nil }
    var summary = storage.summary
    summary.tier = storage.model.tier.statistics
    summary.staging = storage.model.statistics
    summary.series = storage.model.series
    summary.jobLog = storage.model.jobLog
    return summary
  }

  // MARK: - Hooks called by the event loop (only when `storage != nil`)

  /// The next instant the storage model has something to do.
  @inline(__always)
  func storageNextTime() -> SimTime {
    storage!.model.nextEventAt
  }

  /// Advances storage to `now` and applies what is due: jobs that finished
  /// computing release their nodes. Returns whether a scheduling pass is
  /// needed: nodes were freed, or space was freed while a job waits for it.
  @inline(__always)
  mutating func storageAdvance<Policy: SchedulingPolicy>(to now: SimTime, policy: inout Policy) -> Bool {
    // Called first at every instant: the last pass's compaction, if any, is
    // behind, and no job arrived since.
    if queue.endIndex != storage!.queueEnd { storageQueueCompacted() }
    if now > storage!.model.clock { storageAdvanceClock(to: now) }
    // Most instants (arrivals, other jobs' ends) have nothing due in storage,
    // and most storage instants nothing for the replay.
    guard storage!.model.nextEventAt == now else { return false }
    storage!.model.takeDueEvents()
    guard !storage!.model.dueEvents.isEmpty else { return false }
    return storageApplyDue(at: now, policy: &policy)
  }

  /// The replay compacted its queue: indices changed.
  @inline(never)
  mutating func storageQueueCompacted() {
    view.storage.queueGeneration &+= 1
    storage!.queueEnd = queue.endIndex
  }

  /// Moves the storage clock to `now`, telling the timeline (if any) the
  /// state that held since the clock.
  @inline(__always)
  func storageAdvanceClock(to now: SimTime) {
    // Fields are read through `storage!` rather than a local reference, which
    // would cost a retain and a release per event.
    if storage!.timeline != nil { storageTellTimeline(until: now) }
    storage!.model.advance(by: now - storage!.model.clock)
  }

  /// Tells the timeline the state that held over [clock, now): nothing changed since the clock.
  @inline(never)
  func storageTellTimeline(until now: SimTime) {
    let storage = storage!
    storage.timeline?.storageState(
      from: storage.model.clock, to: now, reservedBytes: storage.model.tier.reserved,
      bandwidthInUse: storage.model.tier.currentBandwidthInUse)
  }

  /// Applies what storage found due at `now` (see `storageAdvance`).
  @inline(never)
  mutating func storageApplyDue<Policy: SchedulingPolicy>(at now: SimTime, policy: inout Policy) -> Bool {
    var freed = false
    var released = false
    var position = 0
    while position < storage!.model.dueEvents.count {
      switch storage!.model.dueEvents[position] {
      case .computeFinished(let slot):
        complete(slot: slot, at: now, policy: &policy)
        freed = true
      case .spaceReleased:
        released = true
      }
      position += 1
    }
    view.storage.free = storage!.model.tier.free
    // Space matters to the scheduler only when a job waits for it, and only
    // once the storage head fits: until then every other job may use only
    // the space beyond its claim, less than nothing.
    if released && storage!.blockedJobs > 0 && (view.storage.head < 0 || view.storage.headNeed <= view.storage.free) {
      freed = true
    }
    return freed
  }

  /// Looks up the arriving job's demand, rejects it when it can never fit
  /// (the caller counts the rejection), and adds the staging estimate to its estimate.
  mutating func storageAdmit(_ job: inout Job) -> Bool {
    let demand = storage!.demandOf(job)
    guard demand.footprint <= storage!.capacity else {
      storage!.summary.jobsRejectedForCapacity += 1
      observer.jobRejected(job, reason: .largerThanMachine)
      return false
    }
    if !demand.isNone { storage!.summary.jobsWithDemand += 1 }
    let extra = StagingModel.stagingEstimate(
      demand, compute: job.estimate, cap: ReplayStorage.cap(nodes: job.nodes, perNode: storage!.perNodeBandwidth),
      bandwidth: storage!.bandwidth)
    job.estimate = job.estimate + extra
    storage!.arriving = demand
    return true
  }

  /// Files the arriving job's demand under its slot, and its footprint in
  /// the view's `StorageSpace`.
  mutating func storageAttach(slot: Int32) {
    let index = Int(slot)
    while storage!.demands.count <= index {
      storage!.demands.append(.none)
      storage!.blockedSince.append(-1)
    }
    while view.storage.footprints.count <= index {
      view.storage.footprints.append(0)
      view.storage.blocked.append(false)
    }
    storage!.demands[index] = storage!.arriving
    storage!.blockedSince[index] = -1
    view.storage.footprints[index] = storage!.arriving.footprint
    view.storage.blocked[index] = false
    // The job is appended to the queue next.
    storage!.queueEnd = queue.endIndex + 1
  }

  /// The job in `slot` starts: its footprint fits (the policy checked,
  /// `StorageSpace.fits`; checked again here), its storage-head claim ends,
  /// and its wait for space, if any, is summed.
  @inline(__always)
  mutating func storageTake<Policy: SchedulingPolicy>(slot: Int32, at now: SimTime, policy: Policy) {
    if !view.storage.fits(slot) { startDoesNotFit(slot: slot, policy: policy) }
    if view.storage.head == slot { view.storage.head = -1 }
    let index = Int(slot)
    storage!.startingWait = 0
    let since = storage!.blockedSince[index]
    if since >= 0 {
      let waited = now.microseconds - since
      storage!.startingWait = waited
      storage!.summary.jobsDelayedByCapacity += 1
      storage!.summary.capacityWaitSeconds += Double(waited) / 1e6
      storage!.summary.maxCapacityWait = max(storage!.summary.maxCapacityWait, SimTime(microseconds: waited))
      storage!.blockedSince[index] = -1
      storage!.blockedJobs -= 1
      view.storage.blocked[index] = false
    }
  }

  @inline(never)
  func startDoesNotFit<Policy: SchedulingPolicy>(slot: Int32, policy: Policy) -> Never {
    let space = view.storage
    preconditionFailure(
      "policy \(policy.name) started job \(jobs[Int(slot)].id), whose storage footprint of "
        + "\(space.footprint(of: slot)) bytes does not fit: \(space.free) bytes free, of which the storage head "
        + "(slot \(space.head)) claims \(space.head >= 0 && space.head != slot ? space.headNeed : 0)")
  }

  /// The policy passed over the job in `slot` for space: it is pending
  /// `StorageCapacity` from now (if not already) and becomes the storage
  /// head when there is none (as `StorageSpace.passOver` did in the policy's copy).
  mutating func storagePassOver(slot: Int32, at now: SimTime) {
    let index = Int(slot)
    if storage!.blockedSince[index] < 0 {
      storage!.blockedSince[index] = now.microseconds
      storage!.blockedJobs += 1
      view.storage.blocked[index] = true
    }
    if view.storage.head < 0 {
      view.storage.head = slot
      view.storage.headNeed = view.storage.footprints[index]
    }
  }

  /// Hands the started job to the staging model.
  mutating func storageBegin(slot: Int32, job: Job, nodes: Int32) {
    let demand = storage!.demands[Int(slot)]
    storage!.model.start(
      slot: slot, nodes: nodes, demand: demand, compute: options.runFor(job), cap: ReplayStorage.cap(nodes: nodes, perNode: storage!.perNodeBandwidth),
      jobID: job.id, capacityWait: SimTime(microseconds: storage!.startingWait))
    view.storage.free = storage!.model.tier.free
  }
}
