extension LublinModel {
  /// The parameters of one job class (batch, interactive, or the typeless
  /// whole-sample fit) of the Lublin–Feitelson model.
  ///
  /// Values are those of the reference implementation (Lublin's C code, as
  /// reproduced by GridSim's `WorkloadLublin99.java`), fitted to a 128-node
  /// system. The two size parameters that depend on the machine are stored
  /// relative to it (`uHighBelowSystem`, `uMedBelowHigh`), so that a
  /// 128-node model reproduces the table exactly and a larger one keeps the
  /// same shape: for a system of `P` nodes,
  /// `uHi = log2(P) − uHighBelowSystem` and `uMed = uHi − uMedBelowHigh`.
  public struct ClassParameters: Hashable, Sendable {
    // MARK: Size (in nodes)

    /// SERIAL_PROB: probability that a job is serial (1 node).
    public var serialProbability: Double
    /// POW2_PROB: probability (of all jobs, not of parallel ones) that a
    /// parallel job's log2-size is rounded to an integer. Serial and
    /// power-of-two share one uniform `u`: `u ≤ serial` is serial,
    /// `u ≤ serial + pow2` is a power of two, so among parallel jobs the
    /// rounded share is `pow2 / (1 − serial)`.
    public var powerOfTwoProbability: Double
    /// uLow: log2 of the smallest parallel size.
    public var uLow: Double
    /// `uHi − uMed`; the reference advises 1.5 … 3.5 (2.5 typical).
    public var uMedBelowHigh: Double
    /// `log2(P) − uHi`: 0 when the class's jobs may span the machine.
    public var uHighBelowSystem: Double
    /// uProb: weight of the first stage [uLow, uMed); advised 0.7 … 0.95.
    public var uProb: Double

    // MARK: Runtime: ln(runtime) ~ hyper-gamma

    /// Shape of the first gamma (short jobs).
    public var a1: Double
    /// Scale of the first gamma.
    public var b1: Double
    /// Shape of the second gamma (long jobs).
    public var a2: Double
    /// Scale of the second gamma.
    public var b2: Double
    /// Slope of the first gamma's weight `p = pa·nodes + pb` (per node).
    public var pa: Double
    /// Intercept of `p = pa·nodes + pb`.
    public var pb: Double

    // MARK: Arrivals

    /// Shape of the rush-hour gamma of ln(inter-arrival gap in seconds),
    /// before multiplication by `arar`.
    public var aarr: Double
    /// Scale of that gamma.
    public var barr: Double
    /// ARAR (arrive-rush-to-all ratio): the sampled shape is `aarr·arar`.
    public var arar: Double
    /// Shape of the daily-cycle gamma (in half-hour buckets).
    public var anum: Double
    /// Scale of the daily-cycle gamma (in half-hour buckets).
    public var bnum: Double

    public init(
      serialProbability: Double, powerOfTwoProbability: Double, uLow: Double,
      uMedBelowHigh: Double, uHighBelowSystem: Double, uProb: Double,
      a1: Double, b1: Double, a2: Double, b2: Double, pa: Double, pb: Double,
      aarr: Double, barr: Double, arar: Double, anum: Double, bnum: Double
    ) {
      self.serialProbability = serialProbability
      self.powerOfTwoProbability = powerOfTwoProbability
      self.uLow = uLow
      self.uMedBelowHigh = uMedBelowHigh
      self.uHighBelowSystem = uHighBelowSystem
      self.uProb = uProb
      self.a1 = a1
      self.b1 = b1
      self.a2 = a2
      self.b2 = b2
      self.pa = pa
      self.pb = pb
      self.aarr = aarr
      self.barr = barr
      self.arar = arar
      self.anum = anum
      self.bnum = bnum
    }

    /// Batch jobs: uLow 1.2, uMed 5, uHi 7 (on 128 nodes), uProb 0.875.
    public static let batch = ClassParameters(
      serialProbability: 0.2927, powerOfTwoProbability: 0.6686, uLow: 1.2,
      uMedBelowHigh: 2, uHighBelowSystem: 0, uProb: 0.875,
      a1: 6.57, b1: 0.823, a2: 639.1, b2: 0.0156, pa: -0.003, pb: 0.6986,
      aarr: 6.0415, barr: 0.8531, arar: 1.0519, anum: 6.1271, bnum: 5.2740)

    /// Interactive jobs: uLow 1, uMed 3, uHi 5.5 (on 128 nodes), uProb 0.705.
    public static let interactive = ClassParameters(
      serialProbability: 0.1541, powerOfTwoProbability: 0.625, uLow: 1,
      uMedBelowHigh: 2.5, uHighBelowSystem: 1.5, uProb: 0.705,
      a1: 3.8351, b1: 0.6605, a2: 7.073, b2: 0.6856, pa: -0.0118, pb: 0.9156,
      aarr: 6.5510, barr: 0.6621, arar: 0.9797, anum: 8.9186, bnum: 3.6680)

    /// The whole-sample fit, for when classes are not distinguished:
    /// uLow 0.8, uMed 4.5, uHi 7 (on 128 nodes), uProb 0.86.
    public static let typeless = ClassParameters(
      serialProbability: 0.244, powerOfTwoProbability: 0.576, uLow: 0.8,
      uMedBelowHigh: 2.5, uHighBelowSystem: 0, uProb: 0.86,
      a1: 4.2, b1: 0.94, a2: 312, b2: 0.03, pa: -0.0054, pb: 0.78,
      aarr: 10.2303, barr: 0.4871, arar: 1.0225, anum: 8.1737, bnum: 3.9631)
  }
}
