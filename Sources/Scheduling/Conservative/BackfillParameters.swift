import SimKernel

/// The knobs that bound conservative backfilling's planning, after Slurm's
/// `SchedulerParameters` of the same names (`slurm.conf(5)`).
///
/// `BackfillParameters()` takes Slurm's defaults for `bf_max_job_test` (500)
/// and `bf_window` (1440 min), and the pure policy's settings for
/// `bf_resolution` (1 s, no coarsening of whole-second traces) and
/// `bf_interval` (0: plan at every event). `BackfillParameters.unbounded`
/// lifts the first two: that is exact conservative backfilling
/// (Mu'alem & Feitelson 2001).
public struct BackfillParameters: Sendable, Hashable {
  /// Slurm's `bf_max_job_test`: a pass considers at most this many waiting
  /// jobs, in queue order (those already holding a reservation count). A job
  /// beyond them gets no reservation and does not start in that pass; it is
  /// considered again at later passes, once jobs ahead of it have started.
  /// A reservation once made is kept (never revoked) even if the job falls
  /// behind this depth under a non-arrival order. At least 1.
  public var maxJobTest: Int
  /// Slurm's `bf_window`: how far ahead a reservation may start. A job whose
  /// earliest start lies more than `window` after the pass gets no
  /// reservation in that pass: it does not start, holds no nodes in the plan
  /// (later jobs may use that capacity), and is tried again at later passes.
  /// A reservation that starts inside the window is kept whole even when it
  /// ends beyond it (Slurm clips its plan at the window's end). Positive.
  public var window: SimTime
  /// Slurm's `bf_resolution`: the plan's end times (estimated ends of
  /// running jobs and of reservations) are rounded up to a multiple of this.
  /// Coarser steps mean fewer distinct steps in the plan, so faster passes,
  /// at the price of nodes idling until the next multiple in the plan (the
  /// real job still ends at its real time). Positive; 1 µs is exact.
  public var resolution: SimTime
  /// Slurm's `bf_interval`: when positive, jobs start out of strict queue
  /// order (backfilling) only at passes at multiples of this interval, which
  /// the policy requests with `.wakeUp(at:)`; reservations then start only
  /// at such multiples. Between them, a pass starts jobs in strict queue
  /// order only (each must fit now without delaying any reservation) and
  /// stops at the first that does not. Zero plans at every event.
  public var interval: SimTime

  /// Slurm's `bf_max_job_test` default.
  public static let slurmMaxJobTest = 500
  /// Slurm's `bf_window` default: 1440 minutes.
  public static let slurmWindow = SimTime.seconds(1440 * 60)

  /// - Parameters:
  ///   - maxJobTest: `bf_max_job_test`, jobs considered per pass (default 500).
  ///   - window: `bf_window`, the planning horizon (default 1440 min).
  ///   - resolution: `bf_resolution` (default 1 s).
  ///   - interval: `bf_interval` (default 0: every event).
  public init(
    maxJobTest: Int = slurmMaxJobTest, window: SimTime = slurmWindow,
    resolution: SimTime = .seconds(1), interval: SimTime = .zero
  ) {
    precondition(maxJobTest >= 1, "bf_max_job_test must be at least 1, got \(maxJobTest)")
    precondition(window.microseconds > 0, "bf_window must be positive, got \(window) s")
    precondition(resolution.microseconds > 0, "bf_resolution must be positive, got \(resolution) s")
    precondition(interval.microseconds >= 0, "bf_interval must not be negative, got \(interval) s")
    self.maxJobTest = maxJobTest
    self.window = window
    self.resolution = resolution
    self.interval = interval
  }

  /// Exact conservative backfilling: every waiting job is considered and
  /// holds a reservation however far ahead, at 1 s resolution, at every event.
  public static let unbounded = BackfillParameters(maxJobTest: .max, window: .infinity)

  /// Whether the depth and the window never bind.
  public var isUnbounded: Bool { maxJobTest == .max && window == .infinity }
}
