import Platform
import Scheduling
import SimKernel
import Workload

/// Run-time predictions in place of user estimates, corrected while jobs
/// run: `--estimate predicted`, the EASY++ scheme of Tsafrir, Etsion &
/// Feitelson, "Backfilling using system-generated predictions rather than
/// user runtime estimates", IEEE TPDS 18(6), 2007.
///
/// ## Prediction (at submit)
/// A job's estimate is the average of the actual run times of the two jobs
/// of the same user (SWF field 12) that completed most recently *before it
/// was submitted*, in simulated time, capped by its request. "Before" follows
/// the same-time order: jobs ending at the submit instant count (completions
/// come before arrivals), except zero-length jobs started at that instant
/// (they end in a later round). A job whose user has fewer than two
/// completed jobs, or is unknown (-1), is planned with its request. The
/// request is the estimate `requested` gives (field 9, or the run time when
/// it is missing or shorter, or a partition's `DefaultTime`), which
/// admission leaves in `Job.estimate`. The average is exact in
/// microseconds, rounded down. Killed jobs count with the time they ran.
///
/// ## Correction (while running)
/// A job still running at its predicted end (start + estimate) proved its
/// prediction too short: the prediction grows to the initial prediction plus
/// 1 min, then 5 min, 15 min, 30 min, 1 h, 2 h, 5 h, 10 h, 20 h, 50 h, 100 h
/// (and 100 h more at each later correction), never past the request. This
/// is the paper's incremental correction as the `tsafrir` corrector of the
/// pyss simulator implements it (predictsim, `common_correctors.py`); the
/// paper's full text was not at hand to check the step values against. The
/// running set is re-keyed to the new estimated end, the policy is told
/// (`SchedulingPolicy.estimateExtended`) and the next pass has
/// `resourcesFreed` set, so reservations are recomputed (EASY's shadow
/// time) or corrected (conservative's plan: in place, or rebuilt).
///
/// Only the plan changes: the kill time stays the request
/// (`ReplayOptions.runFor` reads `Job.requestedTime`), as the paper divorces
/// kill time from prediction, and metrics use actual times only.
///
/// ## Events
/// Expiries are events of class `predictionExpiryClass`, after the
/// completions and arrivals of their instant and before the pass. One is
/// scheduled only when the job will outlive its prediction (its run,
/// known to the simulator, is longer) and the prediction is below the cap:
/// a prediction that holds costs nothing. The policy still learns nothing
/// early: an extension happens exactly when a real scheduler would see the
/// job still running at its predicted end.
///
/// ## Reporting
/// The job a replay reports at its end (`JobOutcome.job`, hence
/// `requested_time` in jobs.csv) carries its initial prediction, the
/// estimate it was scheduled with; policies see the current one.
///
/// Off by default: the replay then tests one `Bool` per arrival, start, end
/// and instant, and keeps no state. The hooks the event loop calls are kept
/// out of line (`@inline(never)`), so the default path's code stays as compact.
struct ReplayPrediction {
  /// A user's last two completed run times (µs), `last` the most recent.
  struct History {
    var last: Int64 = 0
    var previous: Int64 = 0
    /// Completed jobs seen, saturating at 2.
    var count: UInt8 = 0
  }

  /// What the prediction knows of a live job.
  struct SlotState {
    /// The estimate at submit (µs).
    var initial: Int64 = 0
    /// The cap: the `requested` estimate (µs).
    var limit: Int64 = 0
    /// Corrections made so far.
    var corrections: Int32 = 0
    /// The instant (µs) of the pending expiry event, or -1 when none.
    var expiry: Int64 = -1
  }

  /// The corrections' steps above the initial prediction, in seconds.
  static let stepSeconds: [Int64] = [60, 300, 900, 1_800, 3_600, 7_200, 18_000, 36_000, 72_000, 180_000, 360_000]

  var users: [Int32: History] = [:]
  var slots: [SlotState] = []
  /// The job being admitted (between `predictArrival` and `predictionAttach`).
  var arriving = SlotState()
  var statistics = PredictionStatistics()

  /// How far above the initial prediction the `k`-th correction (from 0)
  /// sets it (µs): the steps, then 100 h more per further correction.
  static func step(_ k: Int32) -> Int64 {
    let count = Int32(stepSeconds.count)
    let seconds = k < count ? stepSeconds[Int(k)] : stepSeconds[stepSeconds.count - 1] * Int64(k - count + 2)
    return seconds * 1_000_000
  }

  /// The floor of the mean of two non-negative values, without overflow.
  @inline(__always)
  static func average(_ a: Int64, _ b: Int64) -> Int64 {
    a / 2 + b / 2 + (a % 2 + b % 2) / 2
  }
}

/// What predictions did in a replay.
public struct PredictionStatistics: Sendable, Hashable {
  /// Jobs whose user had two completed jobs at submit (the others, and jobs
  /// of unknown users, were planned with their request).
  public var fromHistory = 0
  /// Of those, jobs whose average reached the request (planned with the request).
  public var capped = 0
  /// Jobs that outlived their initial prediction.
  public var underpredicted = 0
  /// Corrections made in all.
  public var extensions = 0

  public init() {}
}

extension Replay {
  /// Event class of prediction expiries: after completions (class 0) and
  /// arrivals, before wake-ups (class 2).
  public static let predictionExpiryClass: UInt8 = 1

  /// Whether jobs are planned with predicted run times instead of their
  /// requests (`EstimateSource.predicted`; see `ReplayPrediction`). Set it
  /// before `run`; jobs must come with their `requested` estimates.
  /// Not supported with a storage tier (staging estimates follow the
  /// compute estimate they were made from), nor with advance reservations
  /// (windows are planned with estimates, and a job's kill time is its
  /// request: a job predicted to end before a window could run into it);
  /// `ReplayScenario` refuses both.
  public var predictsEstimates: Bool {
    get { predicts }
    set {
      precondition(!newValue || !hasStorage, "predicted estimates are not supported with a storage tier")
      predicts = newValue
    }
  }

  /// What predictions did, or `nil` when estimates are not predicted.
  public var predictionStatistics: PredictionStatistics? { predicts ? prediction.statistics : nil }

  /// Replaces the arriving job's estimate (its request) with its prediction.
  ///
  /// - Complexity: O(1) expected.
  @inline(never)
  mutating func predictArrival(_ job: inout Job) {
    let limit = job.estimate.microseconds
    var estimate = limit
    if job.userID >= 0, let history = prediction.users[job.userID], history.count >= 2 {
      prediction.statistics.fromHistory += 1
      let average = ReplayPrediction.average(history.last, history.previous)
      if average < limit { estimate = average } else { prediction.statistics.capped += 1 }
    }
    prediction.arriving = ReplayPrediction.SlotState(initial: estimate, limit: limit)
    job.estimate = SimTime(microseconds: estimate)
  }

  /// Files the arriving job's prediction under its slot.
  @inline(never)
  mutating func predictionAttach(slot: Int32) {
    let index = Int(slot)
    if index >= prediction.slots.count {
      let missing = index + 1 - prediction.slots.count
      prediction.slots.append(contentsOf: repeatElement(ReplayPrediction.SlotState(), count: missing))
    }
    prediction.slots[index] = prediction.arriving
  }

  /// A job started at `now`: its prediction's expiry, if it will prove too short.
  @inline(never)
  mutating func predictionStarted(slot: Int32, job: Job, at now: SimTime) {
    scheduleExpiry(slot: slot, job: job, start: now.microseconds)
  }

  /// Schedules the expiry of `job`'s current estimate when the job will
  /// still be running then and the estimate can still grow.
  mutating func scheduleExpiry(slot: Int32, job: Job, start: Int64) {
    let index = Int(slot)
    let estimate = job.estimate.microseconds
    guard estimate < prediction.slots[index].limit, options.runFor(job).microseconds > estimate else {
      prediction.slots[index].expiry = -1
      return
    }
    let expiry = start &+ estimate
    prediction.slots[index].expiry = expiry
    events.schedule(slot, at: SimTime(microseconds: expiry), eventClass: Self.predictionExpiryClass)
  }

  /// Extends every prediction expiring at `now`; returns whether any was.
  @inline(never)
  mutating func expirePredictions<Policy: SchedulingPolicy>(at now: SimTime, policy: inout Policy) -> Bool {
    var extended = false
    while let slot = events.popIfDue(at: now, eventClass: Self.predictionExpiryClass) {
      // The job's pending expiry is this one (a recycled slot's stale event is not).
      guard prediction.slots[Int(slot)].expiry == now.microseconds else { continue }
      extendPrediction(slot: slot, at: now, policy: &policy)
      extended = true
    }
    return extended
  }

  /// The running job in `slot` outlived its estimate at `now`: the next
  /// correction step, the running set re-keyed, the policy told.
  ///
  /// - Complexity: O(log r) for r running jobs, plus the policy's hook.
  mutating func extendPrediction<Policy: SchedulingPolicy>(slot: Int32, at now: SimTime, policy: inout Policy) {
    let index = Int(slot)
    var state = prediction.slots[index]
    let start = placements[index].start
    let old = jobs[index].estimate.microseconds
    let new = min(state.limit, state.initial &+ ReplayPrediction.step(state.corrections))
    if state.corrections == 0 { prediction.statistics.underpredicted += 1 }
    prediction.statistics.extensions += 1
    state.corrections += 1
    prediction.slots[index] = state
    jobs[index].estimate = SimTime(microseconds: new)
    let job = jobs[index]
    if keepsRunningSet {
      running.remove(slot: slot, estimatedEnd: start &+ old)
      running.insert(slot: slot, nodes: job.nodes, estimatedEnd: start &+ new)
    }
    policy.estimateExtended(
      job, slot: slot, startedAt: SimTime(microseconds: start), from: SimTime(microseconds: start &+ old),
      to: SimTime(microseconds: start &+ new))
    scheduleExpiry(slot: slot, job: job, start: start)
  }

  /// A job ended: its run time joins its user's history, and the observer
  /// is told, with the job's initial prediction as its estimate.
  @inline(never)
  mutating func predictionEnded(
    slot: Int32, job: Job, startedAt start: SimTime, at now: SimTime, nodes: NodeSet, state: JobEndState,
    pending: PendingTimes
  ) {
    let index = Int(slot)
    if job.userID >= 0 {
      var history = prediction.users[job.userID] ?? ReplayPrediction.History()
      history.previous = history.last
      history.last = (now - start).microseconds
      if history.count < 2 { history.count += 1 }
      prediction.users[job.userID] = history
    }
    prediction.slots[index].expiry = -1
    var reported = job
    reported.estimate = SimTime(microseconds: prediction.slots[index].initial)
    observer.jobEnded(
      JobOutcome(job: reported, startTime: start, endTime: now, nodes: nodes, state: state, pending: pending))
  }
}
