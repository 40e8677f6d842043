import SimKernel

extension PolicyConfig {
  /// The queue order `PriorityType` selects: `MultifactorPriority` for
  /// `priority/multifactor`, arrival order for `priority/basic`.
  public func makeOrder() -> any QueueOrder {
    switch priorityType {
    case .multifactor: MultifactorPriority(self)
    case .basic: ArrivalOrder()
    }
  }

  /// Which policy the configuration maps to.
  public enum PolicyChoice: String, Sendable, Hashable {
    /// `sched/builtin`, or `sched/backfill` with `bf_interval=-1`: FCFS in priority order.
    case fcfs
    /// `sched/backfill` with `bf_job_part_count_reserve=1`: one reservation, as EASY.
    case easy
    /// `sched/backfill` otherwise: every job considered gets a reservation.
    case conservative
  }

  /// `sched/builtin` (or backfill disabled with `bf_interval=-1`) is FCFS in
  /// priority order; `sched/backfill` reserves for every job it considers
  /// (Slurm's default `bf_job_part_count_reserve=0`), which is conservative
  /// backfilling, unless `bf_job_part_count_reserve=1`, which is EASY.
  public var policyChoice: PolicyChoice {
    switch schedulerType {
    case .builtin: return .fcfs
    case .backfill:
      guard schedulerParameters.backfillEnabled else { return .fcfs }
      return schedulerParameters.bfJobPartCountReserve == 1 ? .easy : .conservative
    }
  }

  /// A fresh policy as described: see `policyChoice`.
  public func makePolicy() -> any SchedulingPolicy {
    switch policyChoice {
    case .fcfs: FCFSPolicy(order: makeOrder())
    case .easy: EASYBackfilling(order: makeOrder())
    case .conservative: ConservativeBackfilling(order: makeOrder(), parameters: backfillParameters)
    }
  }

  /// The conservative planner's bounds from `SchedulerParameters`: Slurm's
  /// `bf_max_job_test`, `bf_window`, `bf_resolution` and `bf_interval`
  /// (defaults 500 jobs, 1440 min, 60 s, 30 s).
  public var backfillParameters: BackfillParameters {
    let parameters = schedulerParameters
    return BackfillParameters(
      maxJobTest: parameters.bfMaxJobTest, window: .seconds(Int64(parameters.bfWindowMinutes) * 60),
      resolution: .seconds(Int64(parameters.bfResolutionSeconds)),
      interval: .seconds(Int64(max(parameters.bfIntervalSeconds, 0))))
  }
}

extension PolicyConfig {
  /// `makePolicy()` with the queue order passed through `wrap` (e.g. to
  /// rank partitions' `PriorityTier` first).
  public func makePolicy(wrappingOrder wrap: (any QueueOrder) -> any QueueOrder) -> any SchedulingPolicy {
    switch policyChoice {
    case .fcfs: FCFSPolicy(order: wrap(makeOrder()))
    case .easy: EASYBackfilling(order: wrap(makeOrder()))
    case .conservative: ConservativeBackfilling(order: wrap(makeOrder()), parameters: backfillParameters)
    }
  }
}
