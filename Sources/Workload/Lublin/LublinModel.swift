#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The Lublin & Feitelson (2003) model of rigid parallel jobs, sized for a
/// machine of `nodes` nodes.
///
/// Reference: U. Lublin and D. G. Feitelson, "The workload on parallel
/// supercomputers: modeling the characteristics of rigid jobs", *JPDC*
/// 63(11):1105–1122, 2003. Semantics follow Lublin's C reference generator
/// (`m_lublin99.c`) as reproduced by GridSim's `WorkloadLublin99.java`:
///
/// - **Classes.** Batch and interactive jobs arrive in two independent
///   streams; the next job comes from the stream whose next arrival is
///   earlier (ties go to interactive). `mix = .typeless` uses one stream with
///   the whole-sample parameters instead.
/// - **Size** (nodes). Serial with probability SERIAL_PROB; otherwise
///   `par ~ two-stage-uniform(uLow, uMed, uHi, uProb)`, rounded to an integer
///   with probability POW2_PROB (power-of-two emphasis), and the size is
///   `round(2^par)` capped at `round(2^uHi)`.
/// - **Runtime** (seconds). `ln r ~ hyper-gamma(a1, b1, a2, b2, p)` with
///   `p = pa·nodes + pb` clamped to [0, 1]; samples above 12 (r > e¹² ≈ 45 h)
///   are redrawn; `r = ⌊e^x⌋ ≥ 1`.
/// - **Arrivals.** `ln gap ~ Gamma(aarr·ARAR, barr)` (redrawn above 13, i.e.
///   gaps above e¹³ s ≈ 5.1 days), modulated by a daily cycle of 48
///   half-hour buckets weighted by the Gamma(anum, bnum) CDF (see
///   `dailyCycleWeights(for:)`). Time 0 is `startHour`:00 of day 0.
///
/// On top of the model (which has no users nor estimates), hpcsim adds a
/// Zipf user model (`users`, `userZipfExponent`, `groups`) and a user
/// runtime-estimate model (`estimateModel`), each drawn from its own random
/// stream so that changing them leaves arrivals, sizes and runtimes intact.
public struct LublinModel: Hashable, Sendable {
  /// Which parameter sets generate the jobs.
  public enum Mix: String, Hashable, Sendable, CaseIterable {
    /// Two interleaved streams, `batch` and `interactive` (the default).
    case batchAndInteractive
    /// One stream with the `typeless` whole-sample parameters.
    case typeless
  }

  /// A job's class; its raw value is the SWF queue number written (field 15),
  /// 0 for interactive as the SWF page suggests. Typeless jobs get -1.
  public enum JobClass: Int, Hashable, Sendable {
    case interactive = 0
    case batch = 1
  }

  /// Nodes in the machine (`P`); sizes are drawn in nodes, `uHi = log2(P)`.
  public var nodes: Int
  /// Processors per node: every job's processor count (SWF fields 5 and 8)
  /// is its node count times this. Default 1.
  public var coresPerNode: Int = 1
  /// Which streams generate jobs. Default `.batchAndInteractive`.
  public var mix: Mix = .batchAndInteractive
  /// Batch parameters (used with `.batchAndInteractive`).
  public var batch: ClassParameters = .batch
  /// Interactive parameters (used with `.batchAndInteractive`).
  public var interactive: ClassParameters = .interactive
  /// Whole-sample parameters (used with `.typeless`).
  public var typeless: ClassParameters = .typeless
  /// Hour of the day (0…23) at time 0. Default 0 (midnight), as the reference.
  public var startHour: Int = 0
  /// Multiplies the arrival rate: every inter-arrival gap is divided by it,
  /// after the e¹³ cap. Default 1.
  ///
  /// Because the size and runtime laws are untouched, the expected offered
  /// load E[r·n]/(P·E[gap]) (see `expectation()`) is multiplied by exactly
  /// `loadScale`, and the gaps keep their coefficient of variation and daily
  /// cycle. (With a typeless model the same seed then gives the same jobs,
  /// sooner; with two classes the interleaving, hence each job, changes.) The paper's knob is to
  /// change `aarr` or `barr` (larger means fewer arrivals); that also changes
  /// the gap distribution's shape, since `ln gap` is gamma: dividing gaps by
  /// `s` shifts `ln gap` by `−ln s`, which no (aarr, barr) reproduces exactly.
  public var loadScale: Double = 1
  /// Number of distinct users (SWF field 12 is 1…`users`). Default 64.
  public var users: Int = 64
  /// Zipf exponent `s` of the user model: user `k` submits a job with
  /// probability ∝ 1/k^s, independently of the job. Default 1 (with 64
  /// users, user 1 submits about 21 % of jobs, users 1–32 about 86 %).
  public var userZipfExponent: Double = 1
  /// Number of groups: user `u` is in group `(u − 1) % groups + 1`. Default 8.
  public var groups: Int = 8
  /// How requested times (SWF field 9) are derived. Default `.tsafrir`.
  public var estimateModel: EstimateModel = .tsafrir
  /// Epoch seconds of time 0 written as `UnixStartTime`, or `nil` to omit.
  public var unixStartTime: Int64? = nil

  /// A model with the reference parameters for a machine of `nodes` nodes.
  public init(nodes: Int) {
    self.nodes = nodes
  }

  // MARK: - Constants of the reference

  /// Runtime samples with `ln r` above this are redrawn (e¹² s ≈ 45.2 h).
  public static let runtimeLogCap = 12.0
  /// Gap samples with `ln gap` above this are redrawn (e¹³ s ≈ 5.1 days).
  public static let gapLogCap = 13.0
  /// The largest runtime the model emits: ⌊e¹²⌋ = 162,754 s.
  public static let maxRuntimeSeconds = Int64(exp(runtimeLogCap))
  /// Half-hour buckets of the daily cycle.
  public static let bucketsPerDay = 48
  /// Seconds in one bucket.
  public static let secondsPerBucket = 1_800.0
  /// The reference's CYCLIC_DAY_START = 11, used as a *bucket* index: the
  /// Gamma(anum, bnum) daily curve is read over buckets 11…58 and wrapped, so
  /// its origin (fewest arrivals) falls at bucket 10, 05:00–05:30.
  public static let cyclicDayStart = 11

  // MARK: - Derived values

  /// Processors in the machine: `nodes × coresPerNode` (SWF `MaxProcs`).
  public var processors: Int { nodes * coresPerNode }

  /// The parameter sets in use, with their classes (`nil` for typeless).
  public var activeClasses: [(jobClass: JobClass?, parameters: ClassParameters)] {
    switch mix {
    case .batchAndInteractive: [(.batch, batch), (.interactive, interactive)]
    case .typeless: [(nil, typeless)]
    }
  }

  /// The effective size parameters of a class on this machine, in log2 nodes:
  /// `uHi = log2(nodes) − uHighBelowSystem` (at least 0),
  /// `uMed = uHi − uMedBelowHigh`, and for tiny machines `uLow ≤ uMed ≤ uHi`
  /// is restored by clamping (first `uLow` to `uHi`, then `uMed` into range).
  public func sizeRange(
    for parameters: ClassParameters
  ) -> (uLow: Double, uMed: Double, uHi: Double) {
    let uHi = max(0, log2(Double(nodes)) - parameters.uHighBelowSystem)
    let uLow = min(parameters.uLow, uHi)
    let uMed = min(max(uHi - parameters.uMedBelowHigh, uLow), uHi)
    return (uLow, uMed, uHi)
  }

  /// The largest size of a class: `round(2^uHi)`, never above `nodes`.
  public func maxJobNodes(for parameters: ClassParameters) -> Int {
    let uHi = sizeRange(for: parameters).uHi
    return max(1, min(nodes, Int((pow(2, uHi) + 0.5).rounded(.down))))
  }
}
