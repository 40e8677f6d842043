/// Slurm's `priority/multifactor` settings (`priority_multifactor.html`,
/// `fair_tree.html`, `classic_fair_share.html`).
///
///     Job_priority = PriorityWeightAge * age + PriorityWeightFairshare * fairshare
///                  + PriorityWeightJobSize * size + PriorityWeightPartition * partition
///                  + PriorityWeightQOS * qos
///
/// every factor in [0, 1], the sum truncated to an integer in 1 ... 2^32 - 1.
/// `init()` gives Slurm's defaults, under which every weight is 0 (so every
/// job has priority 1 and the order is arrival order); `hpcsimDefaults` are
/// the weights `--order multifactor` uses when no policy file is given.
public struct MultifactorConfig: Sendable, Hashable {
  public var weightAge: UInt32 = 0
  public var weightFairshare: UInt32 = 0
  public var weightJobSize: UInt32 = 0
  public var weightPartition: UInt32 = 0
  public var weightQOS: UInt32 = 0
  /// `PriorityMaxAge`: queue time at which the age factor reaches 1 (default 7 days).
  public var maxAgeSeconds: Int64 = 7 * 86_400
  /// `PriorityDecayHalfLife`: the half-life of past usage (default 7 days; 0 = no decay).
  public var decayHalfLifeSeconds: Int64 = 7 * 86_400
  /// `PriorityCalcPeriod`: how often usage decays and priorities are recomputed
  /// (default 5 minutes; at least 1 minute).
  public var calcPeriodSeconds: Int64 = 300
  /// `PriorityFavorSmall`: `NO` (default) favours large jobs.
  public var favorSmall = false
  /// Fair Tree (default since Slurm 19.05); `PriorityFlags=NO_FAIR_TREE` selects classic.
  public var fairTree = true
  /// `PriorityFlags=SMALL_RELATIVE_TO_TIME`: job size divided by its time limit in minutes.
  public var smallRelativeToTime = false
  /// `FairShareDampeningFactor` (classic fair-share only; default 1).
  public var dampeningFactor: UInt32 = 1
  /// Fair-share shares of accounts (the trace's group, SWF field 13), by group id.
  public var accountShares: [Int32: UInt32] = [:]
  /// Shares of an account not in `accountShares` (default 1: all equal).
  public var defaultAccountShares: UInt32 = 1
  /// QOS `Priority` by the trace's queue number (SWF field 15).
  public var qosPriority: [Int32: UInt32] = [:]
  /// QOS `Priority` of a queue not in `qosPriority` (default 0, so the QOS factor is 0).
  public var defaultQOSPriority: UInt32 = 0

  /// Slurm's defaults: every weight 0.
  public init() {}

  /// What `--order multifactor` uses without a policy file: Slurm's defaults
  /// plus `PriorityWeightAge=1000`, `PriorityWeightFairshare=10000`,
  /// `PriorityWeightJobSize=1000` (fair-share dominant, age and size as
  /// tie-breakers, as Slurm's documentation suggests starting).
  public static var hpcsimDefaults: MultifactorConfig {
    var config = MultifactorConfig()
    config.weightAge = 1000
    config.weightFairshare = 10_000
    config.weightJobSize = 1000
    return config
  }

  /// The shares of account (group) `group`.
  public func shares(ofAccount group: Int32) -> UInt32 {
    accountShares[group] ?? defaultAccountShares
  }

  /// The QOS priority of queue number `queue`.
  public func qosPriority(ofQueue queue: Int32) -> UInt32 {
    qosPriority[queue] ?? defaultQOSPriority
  }

  /// The largest QOS priority, which normalises the QOS factor.
  public var maxQOSPriority: UInt32 {
    qosPriority.values.reduce(defaultQOSPriority, max)
  }
}
