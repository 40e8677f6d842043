/// Why a waiting job is not running, by Slurm's names (`squeue -o %r`).
///
/// ## Semantics (one reason per waiting job at every instant)
/// A replay gives every waiting job exactly one reason, decided at each
/// scheduling pass (and at QOS holds and releases) and kept until the next:
/// 1. the policy's own reasons (`SchedulingPolicy.policyPendingReason`): a
///    job held by a QOS limit (`ConstrainedScheduling`) its QOS reason, a job
///    waiting for an advance reservation `Reservation`;
/// 2. a job the policy passed over for burst-buffer space (its footprint
///    did not fit, `StorageSpace`): `StorageCapacity`, from the first pass
///    that passed it over until it starts;
/// 3. per node group, the first job in the policy's order that the pass did
///    not start (`SchedulingPolicy.resourcesHead(group:)`: FCFS's and
///    EASY's blocked head, conservative's first job still waiting):
///    `Resources`;
/// 4. every other waiting job: `Priority` (jobs ahead of it come first).
/// The time of reasons 1 and 2 is summed as it happens (`addPendingTime`,
/// the storage state), `Resources` when a group's head changes, and
/// `Priority` is the rest of the wait.
/// The reasons' seconds of a job add up to its wait exactly (integer
/// microseconds).
///
/// The raw values order the reasons in every output (columns, JSON keys).
/// Slurm's partition-limit reasons (`PartitionTimeLimit`, ...) never occur:
/// hpcsim rejects such jobs at submission (`RejectReason`).
public enum PendingReason: UInt8, Sendable, CaseIterable, Comparable {
  /// Higher-priority jobs come first (queued behind others).
  case priority
  /// Not enough free nodes for it now: the first job in the policy's order
  /// that could not start (per node group).
  case resources
  /// Waiting for an advance reservation's nodes (Slurm's `Reservation`).
  /// For the advance-reservation support to produce: a policy that has
  /// such jobs sets `accountsPendingTime`, adds their time in
  /// `addPendingTime(slot:into:)` (called once, as the job starts), answers
  /// `policyPendingReason(slot:)` with it while it holds (for `hpcsim
  /// explain` and audits), and does not report such a job as its
  /// `resourcesHead(group:)` meanwhile, so that the job's reasons stay one
  /// at a time. No policy produces it yet.
  case reservation
  /// Passed over by the policy because its burst-buffer footprint does not
  /// fit the storage tier (see `StorageSpace`; Slurm says `BurstBufferResources`).
  case storageCapacity
  /// Held by its QOS's `MaxJobsPerUser`.
  case qosMaxJobsPerUserLimit
  /// Held by its QOS's `MaxTRESPerUser=node`.
  case qosMaxNodePerUserLimit

  /// Slurm's spelling.
  public var slurmName: String {
    switch self {
    case .priority: "Priority"
    case .resources: "Resources"
    case .reservation: "Reservation"
    case .storageCapacity: "StorageCapacity"
    case .qosMaxJobsPerUserLimit: "QOSMaxJobsPerUserLimit"
    case .qosMaxNodePerUserLimit: "QOSMaxNodePerUserLimit"
    }
  }

  /// The snake-case name used in column and key names (`pending_<name>_s`).
  public var snakeName: String {
    switch self {
    case .priority: "priority"
    case .resources: "resources"
    case .reservation: "reservation"
    case .storageCapacity: "storage_capacity"
    case .qosMaxJobsPerUserLimit: "qos_max_jobs_per_user_limit"
    case .qosMaxNodePerUserLimit: "qos_max_node_per_user_limit"
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
