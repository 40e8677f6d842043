/// Slurm's `SchedulerParameters`: the main loop's and the backfill
/// scheduler's knobs. Defaults are Slurm's.
///
/// Conservative backfilling plans with `bf_max_job_test`, `bf_window`,
/// `bf_resolution` and `bf_interval` (see `PolicyConfig.backfillParameters`);
/// `bf_job_part_count_reserve=1` selects EASY and `bf_interval=-1` disables
/// backfilling (see `PolicyConfig.policyChoice`). hpcsim runs a main-loop
/// pass at every event, so `default_queue_depth`, `sched_interval` and
/// `bf_continue` are recorded only.
public struct SchedulerParameters: Sendable, Hashable {
  /// `bf_window`: minutes the backfill plan looks ahead (1 ... 43200).
  public var bfWindowMinutes = 1440
  /// `bf_resolution`: seconds of granularity of the plan (1 ... 3600).
  public var bfResolutionSeconds = 60
  /// `bf_max_job_test`: jobs the backfill scheduler considers (1 ... 1,000,000).
  public var bfMaxJobTest = 500
  /// `bf_interval`: seconds between backfill cycles; -1 disables backfilling.
  public var bfIntervalSeconds = 30
  /// `bf_job_part_count_reserve`: reservations per partition; 0 = every job.
  public var bfJobPartCountReserve = 0
  /// `bf_continue`.
  public var bfContinue = false
  /// `default_queue_depth`: jobs an event-triggered main-loop pass tests.
  public var defaultQueueDepth = 100
  /// `sched_interval`: seconds between full main-loop passes; -1 disables them.
  public var schedIntervalSeconds = 60

  public init() {}

  /// The `SchedulerParameters` names hpcsim reads; any other is recorded as ignored.
  public static let knownNames = [
    "bf_window", "bf_resolution", "bf_max_job_test", "bf_interval",
    "bf_job_part_count_reserve", "bf_continue", "default_queue_depth", "sched_interval",
  ]

  /// Whether backfilling runs at all (`bf_interval` is not -1).
  public var backfillEnabled: Bool { bfIntervalSeconds != -1 }
}
