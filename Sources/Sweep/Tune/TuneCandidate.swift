import Scheduling
import Workload

#if canImport(Glibc)
  import Glibc
#endif

/// One point of `hpcsim tune`'s search space: multifactor priority weights
/// and backfill knobs, rendered as a YAML policy file (the form
/// `replay --policy-file` reads), which is also how it is evaluated, so the
/// file written for the winner reproduces exactly what was measured.
public struct TuneCandidate: Sendable, Hashable {
  public var weightAge: UInt32
  public var weightFairshare: UInt32
  public var weightJobSize: UInt32
  public var favorSmall: Bool
  /// `bf_job_part_count_reserve`: 1 is EASY, 0 conservative backfilling.
  public var reservations: Int
  /// `bf_window` in minutes (conservative only).
  public var windowMinutes: Int
  /// `bf_max_job_test` (conservative only).
  public var maxJobTest: Int
  /// `bf_resolution` in seconds (conservative only).
  public var resolutionSeconds: Int

  /// hpcsim's multifactor defaults under EASY: age 1000, fair-share 10000,
  /// job size 1000 (`MultifactorConfig.hpcsimDefaults`); always candidate 0,
  /// so the search starts from the baseline.
  public static let baseline = TuneCandidate(
    weightAge: 1000, weightFairshare: 10000, weightJobSize: 1000, favorSmall: false, reservations: 1,
    windowMinutes: 1440, maxJobTest: 500, resolutionSeconds: 60)

  /// The values sampled for the backfill knobs.
  public static let windows = [60, 240, 1440, 2880]
  public static let jobTests = [50, 100, 500, 1000]
  public static let resolutions = [1, 60, 300]

  /// A random candidate: each weight is 0 with probability 1/4, else
  /// log-uniform on [10, 100000] (rounded); `PriorityFavorSmall` is a coin
  /// flip; with `backfill`, EASY or conservative with equal chance and the
  /// knobs uniform over their lists; without, EASY.
  public static func random(using generator: inout SeededGenerator, backfill: Bool) -> TuneCandidate {
    func weight() -> UInt32 {
      let zero = generator.nextUnitInterval() < 0.25
      let exponent = 1 + 4 * generator.nextUnitInterval()
      return zero ? 0 : UInt32(pow(10, exponent).rounded())
    }
    func pick<T>(_ values: [T]) -> T { values[Int(generator.next() % UInt64(values.count))] }
    let age = weight()
    let fairshare = weight()
    let size = weight()
    let favorSmall = generator.next() & 1 == 1
    var candidate = TuneCandidate(
      weightAge: age, weightFairshare: fairshare, weightJobSize: size, favorSmall: favorSmall, reservations: 1,
      windowMinutes: 1440, maxJobTest: 500, resolutionSeconds: 60)
    // Drawn whether used or not, so `backfill` does not shift the weights.
    let reservations = Int(generator.next() & 1)
    let window = pick(windows)
    let jobTest = pick(jobTests)
    let resolution = pick(resolutions)
    if backfill {
      candidate.reservations = reservations
      candidate.windowMinutes = window
      candidate.maxJobTest = jobTest
      candidate.resolutionSeconds = resolution
    }
    return candidate
  }

  /// The candidate as a YAML policy file, keys in Slurm's spelling.
  public var policyYAML: String {
    """
    SchedulerType: sched/backfill
    PriorityType: priority/multifactor
    PriorityWeightAge: \(weightAge)
    PriorityWeightFairshare: \(weightFairshare)
    PriorityWeightJobSize: \(weightJobSize)
    PriorityFavorSmall: \(favorSmall ? "YES" : "NO")
    SchedulerParameters: \(schedulerParameters)

    """
  }

  /// `bf_job_part_count_reserve=1` alone for EASY; the planner's knobs too
  /// for conservative.
  var schedulerParameters: String {
    reservations == 1
      ? "bf_job_part_count_reserve=1"
      : "bf_job_part_count_reserve=0,bf_window=\(windowMinutes),bf_max_job_test=\(maxJobTest),"
        + "bf_resolution=\(resolutionSeconds)"
  }

  /// A one-line summary for tables: `easy age=1000 fs=10000 size=1000`.
  public var summary: String {
    var text = reservations == 1 ? "easy" : "conservative(window=\(windowMinutes),test=\(maxJobTest),res=\(resolutionSeconds))"
    text += " age=\(weightAge) fs=\(weightFairshare) size=\(weightJobSize)"
    if favorSmall { text += " favor-small" }
    return text
  }
}
