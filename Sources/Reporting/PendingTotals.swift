import Scheduling

/// A replay's waits summed by pending reason, in job-seconds exact to the
/// microsecond.
///
/// One job's pending times fit `Int64` microseconds (`PendingTimes`), but a
/// replay's sum may not: `Int64` microseconds end at about 9.2e12
/// job-seconds, which a storage-bound replay of 200,000 jobs queueing for
/// years of simulated time passes. So each reason keeps whole seconds and the
/// microseconds below a second apart (`JobSeconds`).
public struct PendingTotals: Sendable, Hashable {
  public var priority = JobSeconds()
  public var resources = JobSeconds()
  public var reservation = JobSeconds()
  public var storageCapacity = JobSeconds()
  public var qosMaxJobsPerUserLimit = JobSeconds()
  public var qosMaxNodePerUserLimit = JobSeconds()

  public init() {}

  /// Adds one job's (or any) pending times, reason by reason.
  ///
  /// - Complexity: O(1); a reason at zero costs one comparison.
  public mutating func add(_ times: PendingTimes) {
    priority.add(microseconds: times.priority)
    resources.add(microseconds: times.resources)
    reservation.add(microseconds: times.reservation)
    storageCapacity.add(microseconds: times.storageCapacity)
    qosMaxJobsPerUserLimit.add(microseconds: times.qosMaxJobsPerUserLimit)
    qosMaxNodePerUserLimit.add(microseconds: times.qosMaxNodePerUserLimit)
  }

  /// The total of `reason`.
  public subscript(reason: PendingReason) -> JobSeconds {
    switch reason {
    case .priority: priority
    case .resources: resources
    case .reservation: reservation
    case .storageCapacity: storageCapacity
    case .qosMaxJobsPerUserLimit: qosMaxJobsPerUserLimit
    case .qosMaxNodePerUserLimit: qosMaxNodePerUserLimit
    }
  }

  /// `(reason, total)` for every reason, in reason order.
  public var byReason: [(reason: PendingReason, total: JobSeconds)] {
    PendingReason.allCases.map { ($0, self[$0]) }
  }

  /// Every reason, summed: the sum of the waits.
  public var total: JobSeconds {
    var sum = JobSeconds()
    for reason in PendingReason.allCases { sum.add(self[reason]) }
    return sum
  }
}

/// A non-negative sum of times as whole seconds and the microseconds below a
/// second: exact, and good for up to 9.2e18 job-seconds. Compares with, and
/// is written as, integer microseconds when small (`410_000_000` is 410 s).
public struct JobSeconds: Sendable, Hashable, Comparable, ExpressibleByIntegerLiteral, CustomStringConvertible {
  /// Whole seconds.
  public private(set) var seconds: Int64 = 0
  /// Microseconds, `0 ..< 1_000_000`.
  public private(set) var microseconds: Int64 = 0

  public init() {}

  /// `microseconds` (not negative) as seconds and the rest.
  public init(microseconds: Int64) {
    precondition(microseconds >= 0, "a sum of pending times is never negative")
    add(microseconds: microseconds)
  }

  public init(integerLiteral microseconds: Int64) { self.init(microseconds: microseconds) }

  /// Whole seconds and the microseconds below a second, or `nil` when either
  /// is out of range (for values read back from the MPI wire format).
  public init?(seconds: Int64, microseconds: Int64) {
    guard seconds >= 0, (0..<1_000_000).contains(microseconds) else { return nil }
    self.seconds = seconds
    self.microseconds = microseconds
  }

  /// Adds `value` microseconds (not negative).
  public mutating func add(microseconds value: Int64) {
    guard value != 0 else { return }
    seconds += value / 1_000_000
    microseconds += value % 1_000_000
    if microseconds >= 1_000_000 {
      microseconds -= 1_000_000
      seconds += 1
    }
  }

  /// Adds another sum.
  public mutating func add(_ other: JobSeconds) {
    seconds += other.seconds
    add(microseconds: other.microseconds)
  }

  public var isZero: Bool { seconds == 0 && microseconds == 0 }

  /// The sum in seconds, rounded to a `Double`.
  public var inSeconds: Double { Double(seconds) + Double(microseconds) / 1e6 }

  /// The sum in microseconds, rounded to a `Double` (exact below 2^53 µs,
  /// about 9.0e9 s, like `Double(Int64)`).
  public var inMicroseconds: Double { Double(seconds) * 1e6 + Double(microseconds) }

  /// The sum in tenths of a second, rounded half up.
  public var tenths: Int64 { seconds * 10 + (microseconds + 50_000) / 100_000 }

  /// Seconds with exactly six decimals: `12.500000`.
  public var description: String {
    let rest = String(microseconds)
    return "\(seconds)." + String(repeating: "0", count: 6 - rest.count) + rest
  }

  public static func < (lhs: JobSeconds, rhs: JobSeconds) -> Bool {
    (lhs.seconds, lhs.microseconds) < (rhs.seconds, rhs.microseconds)
  }
}
