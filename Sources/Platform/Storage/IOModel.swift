#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import SimKernel

/// A seeded model of jobs' I/O demands, for traces that record none
/// (`--io-model`; documented in docs/formats/io-demands.md).
///
/// A job of `p` processors that runs `r` seconds moves a volume
/// `V = bytesPerCoreHour × p × r / 3600 × f` through the tier, where `f` is
/// 1 (`dist=fixed`) or log-normal with mean 1, `f = exp(σZ − σ²/2)`
/// (`dist=lognormal`). `inputShare × V` is staged in and the rest staged
/// out; `scratchPerCore × p` bytes are held while it runs; with a
/// `checkpointInterval`, `checkpointPerCore × p` bytes are written at every
/// checkpoint. Bytes are rounded to the nearest byte.
///
/// `Z` depends only on the seed and the job's id (a SplitMix64 hash of both,
/// then Box-Muller), not on the order jobs are read or on which other jobs
/// exist: a time window or a load factor leaves each job's demand unchanged.
public struct IOModel: Sendable, Hashable {
  /// How the volume varies between jobs of equal size.
  public enum Distribution: String, Sendable, Hashable, CaseIterable {
    /// Every job moves exactly its mean volume.
    case fixed
    /// Log-normal factor with mean 1 and shape `sigma`.
    case lognormal
  }

  /// Mean bytes staged (in + out) per core-hour of computing.
  public var bytesPerCoreHour: Double
  public var distribution: Distribution
  /// σ of the log-normal factor.
  public var sigma: Double
  public var seed: UInt64
  /// The share of the volume staged in (the rest is staged out), in [0, 1].
  public var inputShare: Double
  /// Scratch bytes held per processor while the job runs.
  public var scratchPerCore: Double
  /// Bytes written per processor at each checkpoint.
  public var checkpointPerCore: Double
  /// Computing time between checkpoints; zero for none.
  public var checkpointInterval: SimTime

  public init(
    bytesPerCoreHour: Double, distribution: Distribution = .lognormal, sigma: Double = 1, seed: UInt64 = 0,
    inputShare: Double = 0.5, scratchPerCore: Double = 0, checkpointPerCore: Double = 0,
    checkpointInterval: SimTime = .zero
  ) {
    self.bytesPerCoreHour = bytesPerCoreHour
    self.distribution = distribution
    self.sigma = sigma
    self.seed = seed
    self.inputShare = inputShare
    self.scratchPerCore = scratchPerCore
    self.checkpointPerCore = checkpointPerCore
    self.checkpointInterval = checkpointInterval
  }

  /// The demand of job `id` with `processors` processors running `runTime`.
  ///
  /// - Complexity: O(1): two hashes, one `log`, one `cos`, one `exp`.
  public func demand(jobID id: Int64, processors: Int32, runTime: SimTime) -> IODemand {
    let cores = Double(max(0, processors))
    let hours = Double(max(0, runTime.microseconds)) / 3.6e9
    var factor = 1.0
    if distribution == .lognormal && sigma > 0 {
      factor = exp(sigma * standardNormal(jobID: id) - sigma * sigma / 2)
    }
    let volume = bytesPerCoreHour * cores * hours * factor
    let input = Self.bytes(volume * inputShare)
    let output = Self.bytes(volume * (1 - inputShare))
    let checkpointing = checkpointInterval.microseconds > 0 && checkpointPerCore > 0
    return IODemand(
      inputBytes: input, outputBytes: output, scratchBytes: Self.bytes(scratchPerCore * cores),
      checkpointBytes: checkpointing ? Self.bytes(checkpointPerCore * cores) : 0,
      checkpointInterval: checkpointing ? checkpointInterval : .zero)
  }

  /// `value` rounded to whole bytes (halves away from zero, as
  /// `rounded()`), within [0, 10^18].
  static func bytes(_ value: Double) -> Int64 {
    guard value.isFinite, value > 0 else { return 0 }
    // `rounded()` calls libm's `round`; for 0 < v <= 10^18 < 2^63 the
    // truncation is exact and so is `v - trunc(v)`, so this is the same.
    let clamped = min(value, 1e18)
    let whole = Int64(clamped)
    return clamped - Double(whole) >= 0.5 ? whole + 1 : whole
  }

  /// A standard normal draw that depends only on `seed` and `jobID`.
  func standardNormal(jobID: Int64) -> Double {
    let key = Self.mix(seed ^ Self.mix(UInt64(bitPattern: jobID)))
    let first = Self.mix(key &+ 0x9E37_79B9_7F4A_7C15)
    let second = Self.mix(key &+ 0x3C6E_F372_FE94_F82A)
    // Uniforms in (0, 1] and [0, 1) from the top 53 bits.
    let u1 = (Double(first >> 11) + 1) * 0x1p-53
    let u2 = Double(second >> 11) * 0x1p-53
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// The SplitMix64 finaliser (Steele, Lea & Flood 2014).
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
