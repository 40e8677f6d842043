import SimKernel
import Workload

/// Conservative backfilling (Mu'alem & Feitelson 2001): every waiting job
/// holds a reservation, and no job may start if that would delay any
/// reservation already made.
///
/// The policy keeps a plan, an `AvailabilityProfile` of free nodes over
/// future time built from running jobs' estimated ends and the
/// reservations. A job without a reservation gets the earliest slot where
/// enough nodes are free for its whole estimate, given every reservation
/// made before; jobs get theirs in queue order (`order`). A job whose slot
/// is the present starts. Reservations are kept from pass to pass; a new
/// job is simply added to the plan.
///
/// When a running job ends before its estimated end, the nodes it frees are
/// offered to the waiting jobs: the plan is *compressed* by visiting every
/// reservation in queue order and moving it to the earliest slot the plan
/// (with every other reservation in it) allows. A reservation only ever
/// moves earlier, so when estimates are never shorter than run times, no
/// job starts later than the first slot it was promised.
///
/// Under a non-arrival order the order decides which job goes first among
/// jobs arriving at the same instant, which jobs are within `maxJobTest`,
/// and who is first to take freed nodes during compression; it never lets a
/// job take a slot already promised to another.
///
/// `parameters` bounds the planning as Slurm does (`bf_max_job_test`,
/// `bf_window`, `bf_resolution`, `bf_interval`); `BackfillParameters.unbounded`
/// is the exact policy. A running job still running at its planned end (an
/// estimate shorter than the run, e.g. `--kill-at-walltime` with an
/// `OverTimeLimit`) invalidates the plan: it is then rebuilt from scratch in
/// queue order, taking such a job to end at the next plan step, and the
/// no-delay promise no longer holds.
public struct ConservativeBackfilling: SchedulingPolicy {
  public var name: String { order.isArrivalOrder ? "conservative" : "conservative/\(order.name)" }
  /// Who comes first: see the type's discussion.
  public var order: any QueueOrder
  /// How far planning reaches (Slurm's `bf_*` parameters).
  public let parameters: BackfillParameters

  /// The plan; built at the first pass.
  var profile = AvailabilityProfile(totalNodes: 0, origin: 0)
  var hasProfile = false
  /// Each job's reservation or planned end, by slot.
  var plans: [SlotPlan] = []
  let grain: PlanGrain
  /// Reused storage for the ordered queue indices.
  var ordered: [Int] = []
  /// Reused storage for a rebuild: (planned end, nodes) of running jobs.
  var runningEnds: [(end: Int64, nodes: Int32)] = []

  /// Whether a running job ended before its planned end since the last
  /// planning pass (so reservations may move earlier).
  var freedEarly = false
  /// Counts the changes that add free nodes to the plan; a remembered
  /// "cannot start before" bound holds only while it is unchanged.
  var epoch = 0
  /// Where the plan gained free nodes, so compression checks only the
  /// reservations that could use them.
  var gains = IncreaseLog()
  /// Arrival order only: every waiting job holds a reservation, so a pass
  /// with only arrivals need look at the new jobs alone.
  var everyJobReserved = true
  /// No reservation starts before this (µs); a lower bound, refreshed by
  /// every full walk, so passes before it need not look for due starts. The
  /// policy asks to be woken up then.
  var nextDue: Int64 = .max
  /// With `bf_interval`: whether a planning pass at the next multiple could
  /// differ from the last one for a reason other than time alone: something
  /// happened since (a pass between multiples, a rebuilt plan), the last
  /// planning pass started jobs (moving others within `bf_max_job_test`), or
  /// it freed capacity in the plan after some jobs were looked at (their
  /// "cannot start before" bounds are then stale). Time alone matters only
  /// through `nextDue`, `windowEntry` and running jobs' planned ends.
  var needsPlanning = true
  /// Whether a running job's planned end moved later since the last pass
  /// (a predicted estimate was extended): the plan is then rebuilt.
  var plannedEndMoved = false
  /// The earliest instant (µs) at which a job left without a reservation
  /// for lying beyond `bf_window` comes within it; `Int64.max` when none.
  /// Refreshed with `nextDue`.
  var windowEntry: Int64 = .max
  /// This pass's copy of the view's reservation gate (named nodes).
  var gate = PlacementGate()
  /// The live jobs while the gate is active, for their accelerator requests.
  var gateJobs: [Job] = []
  /// The first job in order that the last pass left waiting, -1 when none
  /// (`resourcesHead(group:)`).
  var headSlot: Int32 = -1
  /// This pass's copy of the view's storage space (inactive between passes
  /// and without a tier; see `ConservativeBackfilling+Storage.swift`).
  var storage = StorageSpace()

  /// - Parameters:
  ///   - order: the queue order (arrival order by default).
  ///   - parameters: Slurm's bounds on planning; the default takes Slurm's
  ///     `bf_max_job_test` (500) and `bf_window` (1440 min) with a 1 s
  ///     resolution and planning at every event.
  public init(order: any QueueOrder = ArrivalOrder(), parameters: BackfillParameters = BackfillParameters()) {
    self.order = order
    self.parameters = parameters
    let interval = parameters.interval.microseconds
    grain = PlanGrain(resolution: parameters.resolution.microseconds, start: interval > 0 ? interval : 1)
  }

  /// The start a waiting job is promised, if it holds a reservation
  /// (Slurm's expected start time, `squeue --start`).
  public func plannedStart(slot: Int32) -> SimTime? {
    let index = Int(slot)
    guard index >= 0, index < plans.count, plans[index].start != .max else { return nil }
    return SimTime(microseconds: plans[index].start)
  }

  public mutating func jobStarted(_ job: Job, slot: Int32, at time: SimTime) {
    order.jobStarted(job, slot: slot, at: time)
  }

  public mutating func jobEnded(_ job: Job, slot: Int32, startedAt start: SimTime, at time: SimTime) {
    order.jobEnded(job, slot: slot, startedAt: start, at: time)
    let index = Int(slot)
    guard hasProfile, index < plans.count else { return }
    let plannedEnd = plans[index].end
    let end = time.microseconds
    // While a rebuild is pending (`plannedEndMoved`) the plan is stale and
    // about to be replaced: it is left alone.
    if end < plannedEnd && plannedEnd != .max && !plannedEndMoved {
      profile.endEarly(job.nodes, at: end, plannedEnd: plannedEnd)
      gains.record(end: plannedEnd)
      freedEarly = true
      epoch &+= 1
    }
    plans[index] = SlotPlan()
  }

  public mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    if view.storage.isActive && !storage.isActive {
      scheduleWithStorage(view, into: &decisions)
      return
    }
    let now = view.now.microseconds
    prepare(view)
    let interval = grain.start
    let before = decisions.count
    if interval > 1 && now % interval != 0 {
      strictOrderPass(view, into: &decisions)
    } else {
      let epochBefore = epoch
      planningPass(view, into: &decisions)
      headSlot = firstNotStarted(view, decisions: decisions, from: before)
      if decisions.count > before || epoch != epochBefore { needsPlanning = true }
    }
    guard view.queue.liveCount > decisions.count - before else { return }
    // Wake up for the next reservation: compression may leave a reservation
    // where no job ends any more (it moved the job that ended there), and a
    // slot is kept even then. With `bf_interval`, also at the next multiple.
    var wakeUp = nextDue > now ? nextDue : .max
    if interval > 1 {
      // Wake at the next multiple only if planning there could change
      // something (`needsPlanning`, a time-dependent order), or at the
      // multiple when a job comes within the window or a running job reaches
      // its planned end. Waking at every multiple while jobs wait gave the
      // same schedules with up to 10x the passes.
      let nextMultiple = (now / interval + 1) * interval
      if needsPlanning || order.dependsOnTime { wakeUp = min(wakeUp, nextMultiple) }
      if windowEntry != .max {
        wakeUp = min(wakeUp, max(nextMultiple, PlanGrain.roundUp(windowEntry, to: interval)))
      }
      let soonestEnd = soonestPlannedEnd(view)
      if soonestEnd != .max {
        wakeUp = min(wakeUp, max(nextMultiple, PlanGrain.roundUp(soonestEnd, to: interval)))
      }
    }
    if wakeUp != .max { decisions.append(.wakeUp(at: SimTime(microseconds: wakeUp))) }
  }
}

/// What the policy knows of one job slot.
struct SlotPlan: Sendable {
  /// A waiting job's reservation start (µs), or `Int64.max` when it holds none.
  var start: Int64 = .max
  /// The reservation's end, or a running job's planned end (µs); `Int64.max` when unknown.
  var end: Int64 = .max
  /// A waiting job without reservation cannot start before this (µs), as
  /// long as `epoch` still equals `boundEpoch`.
  var notBefore: Int64 = .min
  var boundEpoch = -1
  /// The gains in the plan (`IncreaseLog.count`) this job's reservation
  /// was placed or last checked against.
  var seenGains = 0
}
