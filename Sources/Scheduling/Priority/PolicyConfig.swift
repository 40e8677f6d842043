/// A queue policy described with Slurm's own settings: which scheduler
/// (`SchedulerType`, `SchedulerParameters`), which priority plugin
/// (`PriorityType` and the `Priority*` keys), `OverTimeLimit`, and the
/// partitions. Read from a YAML policy file or imported from a `slurm.conf`
/// (module `Sweep`); `makePolicy()` turns it into a `SchedulingPolicy`.
///
/// Every default is Slurm's (`slurm.conf(5)`, 26.11), except where a
/// property says otherwise.
public struct PolicyConfig: Sendable, Hashable {
  /// `SchedulerType`.
  public enum SchedulerType: String, Sendable, Hashable, CaseIterable {
    /// Backfilling (Slurm's default).
    case backfill = "sched/backfill"
    /// FIFO in priority order: the first job that cannot start blocks the rest.
    case builtin = "sched/builtin"
  }

  /// `PriorityType`.
  public enum PriorityType: String, Sendable, Hashable, CaseIterable {
    /// Weighted factors (Slurm's default since 23.11).
    case multifactor = "priority/multifactor"
    /// Arrival order (FIFO).
    case basic = "priority/basic"
  }

  /// `OverTimeLimit`: minutes a job may run past its time limit, or unlimited.
  public enum OverTimeLimit: Hashable, Sendable {
    case minutes(Int)
    case unlimited
  }

  /// `SchedulerType` (default `sched/backfill`).
  public var schedulerType = SchedulerType.backfill
  /// `SchedulerParameters`.
  public var schedulerParameters = SchedulerParameters()
  /// `PriorityType` (default `priority/multifactor`).
  public var priorityType = PriorityType.multifactor
  /// The `Priority*` settings, fair-share shares and QOS priorities.
  public var multifactor = MultifactorConfig()
  /// `OverTimeLimit`, or `nil` when the file does not set it (Slurm's default 0).
  public var overTimeLimit: OverTimeLimit?
  /// The partitions (`PartitionName=` lines, or the YAML `Partitions` map).
  /// When any is listed, the replay enforces them (see `PartitionLayout`).
  public var partitions: [PartitionSettings] = []
  /// Whether the replay enforces `partitions` (node ranges and limits).
  public var enforcesPartitions = true
  /// Whether partly overlapping partitions share one node group over their
  /// union instead of being an error: true for an imported `slurm.conf`,
  /// whose partitions often nest (`batch` on `cn[0001-1024]` inside `large`
  /// on `cn[0001-1131]`). Such partitions are enforced only when their hosts
  /// fit the replay machine; otherwise they serve priority only (a real
  /// cluster's host lists on a trace's own, smaller machine).
  public var mergesOverlappingPartitions = false
  /// QOS per-user limits by trace queue number (the YAML `QOS` map).
  public var qosLimits: [Int32: UserLimits.Limits] = [:]
  /// QOS per-user limits of queues not in `qosLimits` (the YAML `QOS: default`).
  public var defaultQOSLimits = UserLimits.Limits()
  /// Advance reservations (the YAML `Reservations` list).
  public var reservations: [ReservationSettings] = []
  /// Settings the file holds that hpcsim does not model, in file order.
  public var ignored: [IgnoredSetting] = []
  /// The file the configuration came from, if any (for reports).
  public var sourcePath: String?

  /// Slurm's defaults: backfill, multifactor with every weight 0.
  public init() {}
}

/// A setting read from a file and not modelled, kept so the user is told.
public struct IgnoredSetting: Sendable, Hashable, CustomStringConvertible {
  /// The 1-based line.
  public var line: Int
  /// The key as written, e.g. `SelectType` or `SchedulerParameters:bf_max_job_user`.
  public var key: String

  public init(line: Int, key: String) {
    self.line = line
    self.key = key
  }

  /// `Key (line N)`.
  public var description: String { "\(key) (line \(line))" }
}

/// One partition: what a `PartitionName=` line says that hpcsim records.
///
/// A trace names partitions by number (SWF field 16). A partition from a
/// `slurm.conf` is number *i* when it is the *i*-th `PartitionName` line
/// (not counting `PartitionName=DEFAULT`); in a YAML policy file the number
/// is the key. Jobs whose partition is not listed use the partition marked
/// default (`Default=YES`, or the YAML key `default`), else Slurm's defaults.
public struct PartitionSettings: Sendable, Hashable {
  /// The trace partition number, or `nil` for the YAML `default` entry.
  public var number: Int32?
  public var name: String
  /// Node count when `Nodes=` is a number or a host list hpcsim can count; `nil` for `ALL` or unknown.
  public var nodes: Int?
  /// `Nodes=` as written (a count, a host list or `ALL`); `nil` when not given.
  public var nodeList: String?
  /// Trace queue numbers (SWF field 15) that map to this partition (YAML `Queues`).
  public var queues: [Int32] = []
  /// The line the partition is defined on (for messages; 0 when unknown).
  public var line = 0
  /// `MaxTime`: a job asking for more is rejected.
  public var maxTime: SlurmDuration?
  /// `DefaultTime`: the time limit of jobs that ask for none.
  public var defaultTime: SlurmDuration?
  /// `MaxNodes`, `nil` for `UNLIMITED`: a job needing more is rejected.
  public var maxNodes: Int?
  /// `PriorityTier` (default 1): higher tiers are considered first.
  public var priorityTier: UInt32 = 1
  /// `PriorityJobFactor` (default 1): the partition factor is this over the largest.
  public var priorityJobFactor: UInt32 = 1
  /// `Default=YES`: jobs of unlisted partitions use this one.
  public var isDefault = false

  public init(number: Int32?, name: String) {
    self.number = number
    self.name = name
  }
}
