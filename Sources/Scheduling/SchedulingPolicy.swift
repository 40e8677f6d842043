import SimKernel
import Workload

/// What a policy sees at a scheduling pass: a read-only snapshot of the queue,
/// the running jobs and the free nodes.
public struct SchedulerView {
  /// The current instant.
  public var now: SimTime
  /// Nodes free right now.
  public var freeNodes: Int32
  /// Nodes in the machine.
  public var totalNodes: Int32
  /// Waiting jobs in arrival order.
  public var queue: WaitingQueue
  /// Running jobs sorted by estimated end.
  public var running: RunningSet
  /// Every live job (waiting or running) by slot: `jobs[Int(entry.slot)]`.
  public var jobs: [Job]
  /// Whether any job ended (or nodes were otherwise freed, or a running
  /// job's estimate was extended) since the last pass.
  public var resourcesFreed: Bool
  /// The queue index where the jobs that arrived since the last pass begin;
  /// everything before it was already seen by the previous pass.
  public var firstNewArrival: Int
  /// Whether this pass was requested by the policy's own `.wakeUp`.
  public var isWakeUp: Bool
  /// Advance reservations not yet over; policies plan around them
  /// (see `ReservationCalendar`). Empty almost always.
  public var reservations = ReservationCalendar()
  /// Checks starts against reservations of named nodes (inactive without
  /// them); a policy calls `admit` on its own copy for each job it starts,
  /// in decision order, and only for those.
  public var gate = PlacementGate()
  /// The storage tier's free space and waiting jobs' footprints (inactive
  /// without a tier); a policy passes over a job whose footprint does not
  /// fit (see `StorageSpace`).
  public var storage = StorageSpace()

  public init(
    now: SimTime, freeNodes: Int32, totalNodes: Int32, queue: WaitingQueue,
    running: RunningSet, jobs: [Job] = [], resourcesFreed: Bool, firstNewArrival: Int,
    isWakeUp: Bool = false
  ) {
    self.now = now
    self.freeNodes = freeNodes
    self.totalNodes = totalNodes
    self.queue = queue
    self.running = running
    self.jobs = jobs
    self.resourcesFreed = resourcesFreed
    self.firstNewArrival = firstNewArrival
    self.isWakeUp = isWakeUp
  }
}

/// One decision of a scheduling pass. Decisions are applied in order by the
/// simulation; the policy itself never touches the platform.
public enum Decision: Hashable, Sendable {
  /// Start the job at this queue index now.
  case start(queueIndex: Int)
  /// Run another pass at this time even if nothing else happens then
  /// (periodic work such as Slurm's `bf_interval` or `PriorityCalcPeriod`).
  case wakeUp(at: SimTime)
  /// The waiting job in this slot was passed over because its storage
  /// footprint does not fit (`StorageSpace.passOver`): it is pending
  /// `StorageCapacity`. Only with a storage tier, in decision order.
  case storageBlocked(slot: Int32)
}

/// A queue policy: looks at a `SchedulerView` and decides which jobs start.
///
/// A pass runs once per instant at which something happened, after that
/// instant's completions and arrivals. A policy may keep state between passes
/// (for example to skip work when only arrivals happened) but must decide the
/// same way whether or not it uses such shortcuts.
public protocol SchedulingPolicy {
  /// A short name, e.g. `easy`.
  var name: String { get }

  /// Appends this pass's decisions to `decisions` (which arrives empty).
  mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision])

  /// Told when a job starts, so a policy can keep its own state (usage for
  /// fair-share, a reservation profile). Called before the next pass.
  mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime)

  /// Told when a job ends (completed or killed).
  mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime)

  /// Told when a running job outlived its predicted estimate and the
  /// prediction was extended (`--estimate predicted`, EASY++): `job`
  /// carries the new estimate, and its estimated end in the running set
  /// moved from `oldEnd` to `newEnd` (start + estimate). The next pass has
  /// `resourcesFreed` set (it runs at once if jobs wait), so a policy that
  /// recomputes its reservations from the running set at such a pass (EASY)
  /// needs nothing more; one keeping its own plan (conservative) must
  /// correct it. Called at `oldEnd`, after that instant's completions.
  mutating func estimateExtended(
    _ job: Job, slot: Int32, startedAt start: SimTime, from oldEnd: SimTime, to newEnd: SimTime)

  /// Whether the policy calls `WaitingQueue.firstBackfillCandidate`, so the
  /// simulation keeps the queue's backfill index (false by default).
  var usesBackfillIndex: Bool { get }

  /// Whether the policy reads `SchedulerView.running` (true by default).
  /// A policy that never does (FCFS) lets the simulation skip keeping the
  /// running jobs sorted; its view's running set is then empty.
  var usesRunningSet: Bool { get }

  // MARK: Pending reasons (defaults and discussion in SchedulingPolicy+PendingReasons.swift)

  /// Node groups the policy schedules apart (1 by default).
  var schedulingGroups: Int { get }

  /// The slot of the job pending `Resources` in node group `group` after the
  /// last pass, or -1 (the default: the policy does not say).
  func resourcesHead(group: Int) -> Int32

  /// Whether `addPendingTime(slot:into:)` may add anything (false by default).
  var accountsPendingTime: Bool { get }

  /// Adds the time `slot`'s job spent pending for reasons only the policy
  /// knows (QOS holds, reservations); called once, as the job starts.
  mutating func addPendingTime(slot: Int32, into times: inout PendingTimes)

  /// Inspection: the reason only the policy knows for waiting `slot` now, or `nil`.
  func policyPendingReason(slot: Int32) -> PendingReason?

  /// Inspection: the start the policy plans for waiting `slot`, or `nil`.
  func plannedStart(slot: Int32) -> SimTime?

  /// Inspection: waiting `slot`'s 1-based position in the last pass's order.
  func queuePosition(of slot: Int32, in queue: WaitingQueue) -> Int?
}

// MARK: - Default implementations

extension SchedulingPolicy {
  public mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {}
  public mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {}
  public mutating func estimateExtended(
    _ job: Job, slot: Int32, startedAt start: SimTime, from oldEnd: SimTime, to newEnd: SimTime
  ) {}
  public var usesBackfillIndex: Bool { false }
  public var usesRunningSet: Bool { true }
}
