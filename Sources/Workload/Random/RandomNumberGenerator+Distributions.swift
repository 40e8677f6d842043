#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Deterministic samplers built only on `next()`.
///
/// None of these uses `Double.random(in:)`, whose algorithm the standard
/// library may change; each is a fixed formula of the 64-bit words, so with a
/// `SeededGenerator` the samples depend only on the seed (and on the platform's
/// `log`/`exp`/`pow`, which are correctly rounded or nearly so on glibc and
/// Darwin).
extension RandomNumberGenerator {
  /// A uniform value in [0, 1): the top 53 bits of one word, times 2^-53.
  ///
  /// - Complexity: one `next()`.
  @inlinable @inline(__always)
  public mutating func nextUnitInterval() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A uniform value in (0, 1], safe to pass to `log`.
  ///
  /// - Complexity: one `next()`.
  @inlinable @inline(__always)
  public mutating func nextOpenUnitInterval() -> Double {
    Double((next() >> 11) + 1) * 0x1p-53
  }

  /// An exponential sample with the given mean (inversion: `-mean·ln U`).
  ///
  /// - Parameter mean: the mean, > 0 (in whatever unit the caller uses).
  public mutating func nextExponential(mean: Double) -> Double {
    -log(nextOpenUnitInterval()) * mean
  }

  /// A standard normal sample by Marsaglia's polar method (the second value of
  /// each pair is discarded, so the generator needs no extra state).
  ///
  /// - Complexity: on average 2.55 `next()` calls, one `log`, one `sqrt`.
  public mutating func nextStandardNormal() -> Double {
    while true {
      let u = 2 * nextUnitInterval() - 1
      let v = 2 * nextUnitInterval() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
    }
  }

  /// A sample of Gamma(shape, scale) (mean `shape·scale`, variance
  /// `shape·scale²`).
  ///
  /// Algorithm: Marsaglia & Tsang, "A simple method for generating gamma
  /// variables", ACM TOMS 26(3), 2000: squeeze-and-reject on a cubed normal,
  /// accepting about 95–99 % of proposals for every shape ≥ 1. A shape below
  /// 1 uses `Gamma(shape+1)·U^(1/shape)` (same paper). This replaces the
  /// reference implementation's Jain (1991) method (sum of `⌊shape⌋`
  /// exponentials plus a beta–exponential mixture), which costs `⌊shape⌋`
  /// logarithms per sample: 639 for the batch runtime's second gamma. The two
  /// methods sample the same distribution but give different sequences.
  ///
  /// - Parameters:
  ///   - shape: α > 0.
  ///   - scale: β > 0.
  /// - Complexity: O(1) expected: about one normal, one uniform, one `log`.
  public mutating func nextGamma(shape: Double, scale: Double) -> Double {
    if shape < 1 {
      let boosted = nextGamma(shape: shape + 1, scale: scale)
      return boosted * pow(nextOpenUnitInterval(), 1 / shape)
    }
    let d = shape - 1.0 / 3.0
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x: Double
      var v: Double
      repeat {
        x = nextStandardNormal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = nextOpenUnitInterval()
      let x2 = x * x
      if u < 1 - 0.0331 * x2 * x2 { return d * v * scale }
      if log(u) < 0.5 * x2 + d * (1 - v + log(v)) { return d * v * scale }
    }
  }

  /// A sample of the hyper-gamma mixture: Gamma(a1, b1) with probability `p`,
  /// else Gamma(a2, b2). One uniform picks the branch (`u ≤ p`), as in the
  /// Lublin–Feitelson reference.
  ///
  /// - Parameter p: the weight of the first gamma, in [0, 1].
  public mutating func nextHyperGamma(
    a1: Double, b1: Double, a2: Double, b2: Double, p: Double
  ) -> Double {
    nextUnitInterval() <= p
      ? nextGamma(shape: a1, scale: b1) : nextGamma(shape: a2, scale: b2)
  }

  /// A sample of the two-stage uniform: uniform on [low, med) with
  /// probability `probability`, else uniform on [med, high).
  ///
  /// One uniform picks the stage (`u ≤ probability`), a second places the
  /// value, as in the Lublin–Feitelson reference.
  public mutating func nextTwoStageUniform(
    low: Double, med: Double, high: Double, probability: Double
  ) -> Double {
    let (a, b) = nextUnitInterval() <= probability ? (low, med) : (med, high)
    return a + nextUnitInterval() * (b - a)
  }
}
