import SimKernel

/// Time spent pending, by reason (see `PendingReason`), in exact integer
/// microseconds: one job's, or a replay's total in job-microseconds.
///
/// A replay fills every reason but `priority` as they happen and sets
/// `priority` to the rest of the wait when the job ends, so the fields of a
/// job always add up to its wait.
public struct PendingTimes: Sendable, Hashable {
  public var priority: Int64 = 0
  public var resources: Int64 = 0
  public var reservation: Int64 = 0
  public var storageCapacity: Int64 = 0
  public var qosMaxJobsPerUserLimit: Int64 = 0
  public var qosMaxNodePerUserLimit: Int64 = 0

  public init() {}

  /// The microseconds of `reason`.
  @inlinable
  public subscript(reason: PendingReason) -> Int64 {
    get {
      switch reason {
      case .priority: priority
      case .resources: resources
      case .reservation: reservation
      case .storageCapacity: storageCapacity
      case .qosMaxJobsPerUserLimit: qosMaxJobsPerUserLimit
      case .qosMaxNodePerUserLimit: qosMaxNodePerUserLimit
      }
    }
    set {
      switch reason {
      case .priority: priority = newValue
      case .resources: resources = newValue
      case .reservation: reservation = newValue
      case .storageCapacity: storageCapacity = newValue
      case .qosMaxJobsPerUserLimit: qosMaxJobsPerUserLimit = newValue
      case .qosMaxNodePerUserLimit: qosMaxNodePerUserLimit = newValue
      }
    }
  }

  /// Every reason but `priority`, summed (µs).
  @inlinable
  public var nonPriority: Int64 {
    resources &+ reservation &+ storageCapacity &+ qosMaxJobsPerUserLimit &+ qosMaxNodePerUserLimit
  }

  /// Every reason, summed (µs): a job's wait.
  @inlinable public var total: Int64 { priority &+ nonPriority }

  /// Adds `other` reason by reason.
  @inlinable
  public mutating func add(_ other: PendingTimes) {
    priority &+= other.priority
    resources &+= other.resources
    reservation &+= other.reservation
    storageCapacity &+= other.storageCapacity
    qosMaxJobsPerUserLimit &+= other.qosMaxJobsPerUserLimit
    qosMaxNodePerUserLimit &+= other.qosMaxNodePerUserLimit
  }

  /// `(reason, microseconds)` for every reason, in reason order.
  public var byReason: [(reason: PendingReason, microseconds: Int64)] {
    PendingReason.allCases.map { ($0, self[$0]) }
  }
}

extension PendingTimes {
  /// A wait of `wait` spent entirely pending `Priority`.
  @inlinable
  public init(priorityOnly wait: SimTime) {
    self.init()
    priority = wait.microseconds
  }
}
