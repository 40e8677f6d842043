import Platform
import Scheduling
import SimKernel
import Workload

/// Replays a stream of jobs on a machine under a scheduling policy.
///
/// ## The same-time order
/// Everything that happens at one instant `t` is processed in this order:
/// 1. job completions at `t` (their nodes become free),
/// 2. job arrivals (submissions) at `t`, in file order,
/// 3. one scheduling pass.
/// So nodes freed at `t` are visible to jobs submitted at `t`. A job that
/// starts at `t` with a run time of zero completes at `t` in a further round
/// of the same instant, followed by another pass.
///
/// Completions live in the kernel's `EventQueue` (class 0). Arrivals come
/// from a submit-ordered `JobSource` and are merged with the queue as if they
/// were events of class 1, which keeps only live jobs in memory. With
/// predicted estimates, predictions expiring at `t` are extended after the
/// arrivals, before the pass (`Replay+Prediction.swift`).
public struct Replay {
  /// Event class of job completions: they run before arrivals.
  public static let completionClass: UInt8 = 0
  /// Event class of policy wake-ups: after arrivals, before the pass.
  public static let wakeUpClass: UInt8 = 2
  /// The payload of a wake-up event (completions carry a job slot).
  static let wakeUpPayload: Int32 = -1

  public let totalNodes: Int32
  public let options: ReplayOptions
  var policy: any SchedulingPolicy
  let observer: any ReplayObserver

  var pool: NodePool
  var events = EventQueue<Int32>()
  /// The state policies see: waiting queue, running set and live jobs,
  /// updated in place and lent to the policy at each pass (building a fresh
  /// view per pass retained and released every buffer in it).
  var view: SchedulerView
  /// Waiting jobs in arrival order (`view.queue`).
  var queue: WaitingQueue {
    _read { yield view.queue }
    _modify { yield &view.queue }
  }
  /// Running jobs by estimated end (`view.running`).
  var running: RunningSet {
    _read { yield view.running }
    _modify { yield &view.running }
  }
  /// The storage tier and jobs' I/O, when modelled (see `Replay+Storage.swift`).
  var storage: ReplayStorage?
  /// `storage != nil`, kept apart so the hot loop tests a stored `Bool`
  /// rather than the optional reference.
  var hasStorage = false
  /// Whether the policy reads the running set (`SchedulingPolicy.usesRunningSet`).
  var keepsRunningSet: Bool
  /// Whether advance reservations are pending (see `Replay+Reservations.swift`).
  var hasReservations = false
  /// Whether starts are checked node by node (`view.gate.isActive`).
  var hasGate = false
  /// Accelerators per node requested, by job id (see `Replay+Accelerators.swift`).
  public var acceleratorRequests: [Int64: Int16] = [:] {
    didSet { hasAcceleratorRequests = !acceleratorRequests.isEmpty }
  }
  var hasAcceleratorRequests = false
  /// The machine's node types as node ranges with accelerators per node.
  public var nodeTypes: [(nodes: Range<Int32>, accelerators: Int16)] = []
  /// Partitions and QOS limits, when configured (see `Replay+Constraints.swift`).
  public var constraints: ReplayConstraints? {
    didSet { hasConstraints = constraints != nil }
  }
  /// `constraints != nil`, kept apart like `hasStorage`.
  var hasConstraints = false
  /// Predicted estimates and their corrections (see `Replay+Prediction.swift`).
  var prediction = ReplayPrediction()
  /// Whether estimates are predicted (`predictsEstimates`), kept apart like `hasStorage`.
  var predicts = false

  /// Live jobs by slot (`view.jobs`); slots are recycled so memory follows
  /// the live set.
  var jobs: [Job] {
    _read { yield view.jobs }
    _modify { yield &view.jobs }
  }
  /// Per slot: when its running job started and its first node run, in one
  /// plain array (no reference counting per job: most jobs hold one run).
  var placements: [Placement] = []
  /// Per slot: the runs after the first of a running job holding several
  /// (`Placement.hasTail`); `nil` otherwise.
  var placementTails: [[NodeRun]?] = []
  var freeSlots: [Int32] = []
  /// `observer.needsJobStarts`, read once.
  let observerNeedsStarts: Bool
  /// Pending-reason accounting and tracing (see `Replay+PendingReasons.swift`).
  var pending = PendingLedger()

  /// What a replay did, for reports and benchmarks.
  public struct Counters: Sendable, Hashable {
    /// Jobs read from the source (replayed or rejected).
    public var jobsSubmitted = 0
    public var jobsStarted = 0
    public var jobsRejected = 0
    /// Completions plus arrivals processed.
    public var events = 0
    /// Scheduling passes run.
    public var passes = 0
    /// Submit time of the first job.
    public var firstSubmit: SimTime?
    /// The instant the last job ended.
    public var lastEnd: SimTime?
  }

  public private(set) var counters = Counters()

  /// A replay on a machine of `totalNodes` nodes.
  public init(
    totalNodes: Int32, policy: any SchedulingPolicy, observer: any ReplayObserver,
    options: ReplayOptions = ReplayOptions()
  ) {
    self.totalNodes = totalNodes
    self.options = options
    self.policy = policy
    self.observer = observer
    observerNeedsStarts = observer.needsJobStarts
    pool = NodePool(totalNodes: totalNodes)
    keepsRunningSet = policy.usesRunningSet
    view = SchedulerView(
      now: .zero, freeNodes: totalNodes, totalNodes: totalNodes,
      queue: WaitingQueue(maintainsBackfillIndex: policy.usesBackfillIndex), running: RunningSet(),
      resourcesFreed: false, firstNewArrival: 0)
  }

  /// Runs the replay to the end of `source` and until every job has ended.
  ///
  /// - Throws: whatever `source` throws, or `ReplayError.unsortedSubmitTimes`
  ///   when a job is submitted before the previous one.
  /// - Complexity: O(n log n) for n jobs, plus the policy's passes.
  @discardableResult
  public mutating func run<Source: JobSource & ~Copyable>(_ source: inout Source) throws -> Counters {
    // Open the existential once: the loop then calls the policy through its
    // witness table instead of projecting (and uniquing) a boxed existential
    // at every job start, end and pass.
    var policy = self.policy
    defer { self.policy = policy }
    return try run(&source, policy: &policy)
  }

  mutating func run<Source: JobSource & ~Copyable, Policy: SchedulingPolicy>(
    _ source: inout Source, policy: inout Policy
  ) throws -> Counters {
    // Arrivals come a batch at a time (`JobSource.nextJobs()`); the next
    // one's submit time is kept apart so that each turn of the loop reads
    // 8 bytes rather than copying the pending job.
    var arrivals = try source.nextJobs()
    var arrivalIndex = 0
    var nextArrival = arrivals.first?.submitTime ?? .infinity
    var previousSubmit = Int64.min
    var freedSinceLastPass = false
    var firstUnseen = 0
    var pendingWakeUp = SimTime.infinity
    var now = SimTime.zero
    var decisions: [Decision] = []
    if hasReservations || hasAcceleratorRequests { preparePlacement() }
    countNodesUnlessPlaced()
    pending.configure(for: policy, hasStorage: hasStorage)
    while true {
      let nextCompletion = events.nextTime ?? .infinity
      now = min(nextCompletion, nextArrival)
      if hasStorage {
        // The storage model is a ResourceModel: advance it to the earliest
        // of its next event and the queue's, then apply what is due. Storage
        // instants before `horizon` that need nothing from the replay are
        // taken back to back here: the rest of the loop would find nothing
        // due at them (kernel events and arrivals come at `horizon` or later)
        // and run no pass (one needs freed nodes or space, which
        // `storageAdvance` reports, or an arrival). With hourly checkpoints
        // on HPC2N that is 2.2 M of 2.6 M loop turns.
        let horizon = now
        while true {
          now = min(horizon, storageNextTime())
          guard now != .infinity else { break }
          if storageAdvance(to: now, policy: &policy) {
            freedSinceLastPass = true
            break
          }
          if now == horizon { break }
        }
      }
      if now == .infinity { break }

      while let slot = events.popIfDue(at: now, eventClass: Self.completionClass) {
        complete(slot: slot, at: now, policy: &policy)
        freedSinceLastPass = true
      }
      while nextArrival <= now {
        let job = arrivals[arrivalIndex]
        let submit = nextArrival.microseconds
        if submit < previousSubmit {
          throw ReplayError.unsortedSubmitTimes(jobID: job.id, submitTime: job.submitTime)
        }
        previousSubmit = submit
        arrive(job)
        arrivalIndex &+= 1
        if arrivalIndex == arrivals.count {
          arrivals = try source.nextJobs()
          arrivalIndex = 0
        }
        nextArrival = arrivalIndex < arrivals.count ? arrivals[arrivalIndex].submitTime : .infinity
      }
      if predicts && expirePredictions(at: now, policy: &policy) { freedSinceLastPass = true }
      var wokenUp = false
      while events.popIfDue(at: now, eventClass: Self.wakeUpClass) != nil {
        wokenUp = true
        pendingWakeUp = .infinity
      }
      if hasReservations && endReservations(at: now) { freedSinceLastPass = true }
      guard !queue.isEmpty, freedSinceLastPass || queue.endIndex > firstUnseen || wokenUp else {
        continue
      }

      counters.passes += 1
      // `removeLast` keeps the storage and, unlike `removeAll(keepingCapacity:)`,
      // takes no generic path.
      while !decisions.isEmpty { decisions.removeLast() }
      view.now = now
      view.freeNodes = pool.freeCount
      view.resourcesFreed = freedSinceLastPass
      view.firstNewArrival = firstUnseen
      view.isWakeUp = wokenUp
      if hasGate {
        let pool = self.pool
        view.gate.refresh { pool.freeCount(in: $0) }
      }
      policy.schedule(view, into: &decisions)
      if pending.isTracing { tracePassDecided(at: now, decisions: decisions) }
      for decision in decisions {
        switch decision {
        case .start(let index): start(queueIndex: index, at: now, policy: &policy)
        case .wakeUp(let time):
          // One pending wake-up at a time: the earliest asked for.
          if time > now && time < pendingWakeUp {
            pendingWakeUp = time
            events.schedule(Self.wakeUpPayload, at: time, eventClass: Self.wakeUpClass)
          }
        case .storageBlocked(let slot): storagePassOver(slot: slot, at: now)
        }
      }
      notePass(at: now, policy: &policy)
      queue.compactIfSparse()
      firstUnseen = queue.endIndex
      freedSinceLastPass = false
    }
    if counters.jobsStarted > 0 { observer.replayFinished(at: counters.lastEnd ?? now) }
    return counters
  }

  mutating func arrive(_ job: Job) {
    var job = job
    counters.jobsSubmitted += 1
    counters.events += 1
    if counters.firstSubmit == nil { counters.firstSubmit = job.submitTime }
    guard job.nodes <= totalNodes else {
      counters.jobsRejected += 1
      observer.jobRejected(job, reason: .largerThanMachine)
      return
    }
    if hasAcceleratorRequests, let reason = admitAccelerators(&job) {
      counters.jobsRejected += 1
      observer.jobRejected(job, reason: reason)
      return
    }
    if hasConstraints, let reason = constraints!.admit(&job) {
      counters.jobsRejected += 1
      observer.jobRejected(job, reason: reason)
      return
    }
    if hasStorage {
      guard storageAdmit(&job) else {
        if hasConstraints { constraints!.jobEnded(job) }
        counters.jobsRejected += 1
        return
      }
    }
    if predicts { predictArrival(&job) }
    let slot: Int32
    if !freeSlots.isEmpty {
      // `removeLast`, Array's own: `popLast` took the generic collection path.
      slot = freeSlots.removeLast()
      jobs[Int(slot)] = job
    } else {
      slot = Int32(jobs.count)
      jobs.append(job)
      placements.append(Placement(start: 0, head: NodeRun(0, -1), hasTail: false))
      placementTails.append(nil)
    }
    if hasStorage { storageAttach(slot: slot) }
    if predicts { predictionAttach(slot: slot) }
    queue.append(slot: slot, nodes: job.nodes, estimate: job.estimate.microseconds)
  }

  mutating func start<Policy: SchedulingPolicy>(queueIndex: Int, at now: SimTime, policy: inout Policy) {
    let slot = queue[queueIndex].slot
    precondition(slot >= 0, "policy \(policy.name) started queue entry \(queueIndex), which is not waiting")
    let job = jobs[Int(slot)]
    precondition(
      job.nodes <= pool.freeCount,
      "policy \(policy.name) started job \(job.id) needing \(job.nodes) nodes with \(pool.freeCount) free")
    // The policy checked that its storage footprint fits (`StorageSpace`).
    if hasStorage { storageTake(slot: slot, at: now, policy: policy) }
    let nodes =
      hasGate
      ? allocateThroughGate(job, at: now)
      : hasConstraints ? allocateConstrained(job) : pool.allocate(job.nodes)
    queue.remove(at: queueIndex)
    if keepsRunningSet {
      running.insert(slot: slot, nodes: job.nodes, estimatedEnd: now.microseconds &+ job.estimate.microseconds)
    }
    let tail = nodes.tailRuns
    placements[Int(slot)] = Placement(start: now.microseconds, head: nodes.headRun, hasTail: tail != nil)
    if let tail { placementTails[Int(slot)] = tail }
    if hasStorage {
      storageBegin(slot: slot, job: job, nodes: job.nodes)
    } else {
      events.schedule(slot, at: now + options.runFor(job), eventClass: Self.completionClass)
    }
    noteStart(slot: slot, policy: &policy)
    counters.jobsStarted += 1
    if predicts { predictionStarted(slot: slot, job: job, at: now) }
    policy.jobStarted(job, slot: slot, at: now)
    if observerNeedsStarts { observer.jobStarted(job, at: now, nodes: nodes) }
  }

  mutating func complete<Policy: SchedulingPolicy>(slot: Int32, at now: SimTime, policy: inout Policy) {
    let placement = placements[Int(slot)]
    if placement.hasTail {
      completeSpread(slot: slot, placement: placement, at: now, policy: &policy)
    } else {
      // One run: the set is built here with no tail, so the outcome needs
      // no reference counting.
      complete(slot: slot, start: placement.start, nodes: NodeSet(run: placement.head), at: now, policy: &policy)
    }
  }

  /// `complete` of a job holding several runs of nodes.
  @inline(never)
  mutating func completeSpread<Policy: SchedulingPolicy>(
    slot: Int32, placement: Placement, at now: SimTime, policy: inout Policy
  ) {
    let nodes = NodeSet(head: placement.head, tailRuns: placementTails[Int(slot)])
    placementTails[Int(slot)] = nil
    complete(slot: slot, start: placement.start, nodes: nodes, at: now, policy: &policy)
  }

  @inline(__always)
  mutating func complete<Policy: SchedulingPolicy>(
    slot: Int32, start: Int64, nodes: NodeSet, at now: SimTime, policy: inout Policy
  ) {
    let index = Int(slot)
    let job = jobs[index]
    if keepsRunningSet { running.remove(slot: slot, estimatedEnd: start &+ job.estimate.microseconds) }
    if pool.namesNodes { pool.release(nodes) } else { pool.release(count: job.nodes) }
    freeSlots.append(slot)
    if hasConstraints { constraints!.jobEnded(job) }
    counters.events += 1
    counters.lastEnd = now
    let started = SimTime(microseconds: start)
    // With storage, time on the nodes includes staging: compare the compute time.
    let ranFully = !hasStorage ? now - started >= job.runTime : options.runFor(job) >= job.runTime
    policy.jobEnded(job, slot: slot, startedAt: started, at: now)
    if predicts {
      // Reported with the estimate it was scheduled with (`Replay+Prediction.swift`).
      predictionEnded(
        slot: slot, job: job, startedAt: started, at: now, nodes: nodes, state: ranFully ? .completed : .timeout,
        pending: takePendingTimes(slot: slot, wait: started - job.submitTime))
      return
    }
    observer.jobEnded(
      JobOutcome(
        job: job, startTime: started, endTime: now, nodes: nodes,
        state: ranFully ? .completed : .timeout, pending: takePendingTimes(slot: slot, wait: started - job.submitTime)))
  }
}

/// Where and since when a slot's running job runs (`Replay.placements`).
struct Placement {
  /// The start, in µs.
  var start: Int64
  /// The first run of its nodes.
  var head: NodeRun
  /// Whether it holds further runs (`Replay.placementTails`).
  var hasTail: Bool
}

/// Options that change how jobs run (not how they are scheduled).
public struct ReplayOptions: Sendable, Hashable {
  /// Kill a job still running at its time limit (requested time + `overTimeLimit`),
  /// as Slurm does; it ends with state `timeout`. Jobs without a requested
  /// time are never killed.
  public var killAtWalltime: Bool
  /// Slurm's `OverTimeLimit`: how long past its limit a job may run.
  public var overTimeLimit: SimTime

  public init(killAtWalltime: Bool = false, overTimeLimit: SimTime = .zero) {
    self.killAtWalltime = killAtWalltime
    self.overTimeLimit = overTimeLimit
  }

  /// How long `job` runs once started: its run time, or less when killed.
  @inlinable
  public func runFor(_ job: Job) -> SimTime {
    guard killAtWalltime, job.requestedTime.microseconds >= 0 else { return job.runTime }
    let limit = job.requestedTime + overTimeLimit
    return job.runTime > limit ? limit : job.runTime
  }
}

/// A replay that cannot go on.
public enum ReplayError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The source yielded a job submitted before the previous one.
  case unsortedSubmitTimes(jobID: Int64, submitTime: SimTime)

  public var description: String {
    switch self {
    case .unsortedSubmitTimes(let id, let time):
      "job \(id) is submitted at \(time.formatCompact()) s, before the job read before it"
    }
  }
}
