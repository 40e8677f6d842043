/// Why a waiting job is not running, by Slurm's names (`squeue -o %r`).
public enum PendingReason: UInt8, Sendable, CaseIterable, Comparable {
  /// Higher-priority jobs come first (queued behind others).
  case priority
  /// Not enough free nodes for it now.
  case resources
  /// Held by its QOS's `MaxJobsPerUser`.
  case qosMaxJobsPerUserLimit
  /// Held by its QOS's `MaxTRESPerUser=node`.
  case qosMaxNodePerUserLimit

  /// Slurm's spelling.
  public var slurmName: String {
    switch self {
    case .priority: "Priority"
    case .resources: "Resources"
    case .qosMaxJobsPerUserLimit: "QOSMaxJobsPerUserLimit"
    case .qosMaxNodePerUserLimit: "QOSMaxNodePerUserLimit"
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
