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
/// The policy decides on nodes alone; a start whose reservation (the job's
/// `IODemand.footprint`) does not fit is not applied: the job stays queued
/// and later decisions of the pass still apply, as Slurm's scheduler skips a
/// job pending on burst-buffer space and goes on. To keep such a job from
/// starving, the first one refused becomes the *storage head*: until it
/// starts, other jobs may take only the space beyond what it needs. The
/// head is retried at the next full pass, which every release of space
/// triggers while a job waits for space, so it starts at the first pass
/// where its reservation fits. Without waiting jobs a release triggers no
/// pass: the policies decide on nodes, which did not change.
/// A job is pending `StorageCapacity` from the first pass that refused it
/// until it starts; those job-seconds are summed.
///
/// ## Estimates
/// A job's estimate (what backfilling plans with, and its estimated end in
/// the running set) is its compute estimate plus `stagingEstimate`: its
/// stage-in and checkpoints at the full bandwidth (or its cap). The
/// stage-out is not added: nodes are released before it.
///
/// A job whose footprint exceeds the whole capacity could never start; it is
/// rejected at submission (`larger_than_machine`).
struct ReplayStorage {
  var model: StagingModel
  let demandOf: (Job) -> IODemand
  let perNodeBandwidth: Int64?
  let timeline: (any StorageTimelineObserver)?
  /// The demand of the live job in each slot.
  var demands: [IODemand] = []
  /// When the job in each slot was first refused for space, or -1.
  var blockedSince: [Int64] = []
  /// The demand of the job being admitted (between admit and attach).
  var arriving = IODemand.none
  /// Jobs refused for space that have not started yet.
  var blockedJobs = 0
  /// The storage head's slot (-1: none) and footprint.
  var head: Int32 = -1
  var headNeed: Int64 = 0
  /// Reused storage for the model's events.
  var events: [StagingModel.Event] = []
  var summary: StorageSummary

  init(_ setup: ReplayStorageSetup) {
    model = setup.model
    demandOf = setup.demand
    perNodeBandwidth = setup.perNodeBandwidth
    timeline = setup.timeline
    summary = StorageSummary(
      capacity: setup.model.tier.capacity, bandwidth: setup.model.tier.bandwidth,
      retention: setup.model.retention)
  }

  /// The bandwidth cap of a job on `nodes` nodes.
  func cap(nodes: Int32) -> Int64? {
    perNodeBandwidth.map { Int64(nodes).multipliedReportingOverflow(by: $0).overflow ? .max : Int64(nodes) * $0 }
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
  }

  /// What storage did, or `nil` for a compute-only replay.
  public var storageSummary: StorageSummary? {
    guard let storage else { return nil }
    var summary = storage.summary
    summary.tier = storage.model.tier.statistics
    summary.staging = storage.model.statistics
    return summary
  }

  // MARK: - Hooks called by the event loop (only when `storage != nil`)

  /// The next instant the storage model has something to do.
  func storageNextTime() -> SimTime {
    storage!.model.nextEventTime(now: storage!.model.clock) ?? .infinity
  }

  /// Advances storage to `now` and applies what is due: jobs that finished
  /// computing release their nodes. Returns whether a scheduling pass is
  /// needed: nodes were freed, or space was freed while a job waits for it.
  mutating func storageAdvance<Policy: SchedulingPolicy>(to now: SimTime, policy: inout Policy) -> Bool {
    let delta = now - storage!.model.clock
    if delta.microseconds > 0 {
      if let timeline = storage!.timeline {
        // Nothing changed since the clock: the state holds over [clock, now).
        let tier = storage!.model.tier
        timeline.storageState(
          from: storage!.model.clock, to: now, reservedBytes: tier.reserved, bandwidthInUse: tier.bandwidthInUse)
      }
      storage!.model.advance(by: delta)
    }
    var events = storage!.events
    storage!.events = []
    events.removeAll(keepingCapacity: true)
    storage!.model.takeEvents(into: &events)
    var freed = false
    for event in events {
      switch event {
      case .computeFinished(let slot):
        complete(slot: slot, at: now, policy: &policy)
        freed = true
      case .spaceReleased:
        // Space matters to the scheduler only when a job waits for it.
        if storage!.blockedJobs > 0 { freed = true }
      }
    }
    storage!.events = events
    return freed
  }

  /// Looks up the arriving job's demand, rejects it when it can never fit
  /// (the caller counts the rejection), and adds the staging estimate to its estimate.
  mutating func storageAdmit(_ job: inout Job) -> Bool {
    let demand = storage!.demandOf(job)
    guard demand.footprint <= storage!.model.tier.capacity else {
      storage!.summary.jobsRejectedForCapacity += 1
      observer.jobRejected(job, reason: .largerThanMachine)
      return false
    }
    if demand != .none { storage!.summary.jobsWithDemand += 1 }
    let extra = storage!.model.stagingEstimate(
      demand, compute: job.estimate, cap: storage!.cap(nodes: job.nodes))
    job.estimate = job.estimate + extra
    storage!.arriving = demand
    return true
  }

  /// Files the arriving job's demand under its slot.
  mutating func storageAttach(slot: Int32) {
    let index = Int(slot)
    while storage!.demands.count <= index {
      storage!.demands.append(.none)
      storage!.blockedSince.append(-1)
    }
    storage!.demands[index] = storage!.arriving
    storage!.blockedSince[index] = -1
  }

  /// Whether the job in `slot` may start now (see `ReplayStorage` on gating).
  mutating func storageMayStart(slot: Int32, at now: SimTime) -> Bool {
    let index = Int(slot)
    let need = storage!.demands[index].footprint
    let free = storage!.model.tier.free
    let claim = storage!.head >= 0 && storage!.head != slot ? storage!.headNeed : 0
    if need == 0 || need <= free - claim {
      if storage!.head == slot { storage!.head = -1 }
      let since = storage!.blockedSince[index]
      if since >= 0 {
        let waited = now.microseconds - since
        storage!.summary.jobsDelayedByCapacity += 1
        storage!.summary.capacityWait += SimTime(microseconds: waited)
        storage!.summary.maxCapacityWait = max(storage!.summary.maxCapacityWait, SimTime(microseconds: waited))
        storage!.blockedSince[index] = -1
        storage!.blockedJobs -= 1
      }
      return true
    }
    if storage!.blockedSince[index] < 0 {
      storage!.blockedSince[index] = now.microseconds
      storage!.blockedJobs += 1
    }
    if storage!.head < 0 {
      storage!.head = slot
      storage!.headNeed = need
    }
    return false
  }

  /// Hands the started job to the staging model.
  mutating func storageBegin(slot: Int32, job: Job, nodes: Int32) {
    let demand = storage!.demands[Int(slot)]
    storage!.model.start(
      slot: slot, nodes: nodes, demand: demand, compute: options.runFor(job), cap: storage!.cap(nodes: nodes))
  }
}
