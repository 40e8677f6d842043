import Foundation
import Testing

@testable import Workload

/// The seeded generator and the samplers the Lublin model is built on.
@Suite struct LublinRandomTests {
  @Test func splitMix64_matchesPublishedOutputsForSeedZero() {
    var mixer = SplitMix64(state: 0)
    #expect(mixer.next() == 0xe220_a839_7b1d_cdaf)
    #expect(mixer.next() == 0x6e78_9e6a_a1b9_65f4)
    #expect(mixer.next() == 0x06c4_5d18_8009_454f)
  }

  @Test func xoshiro256StarStar_matchesReferenceOutputsFromState1234() {
    var rng = SeededGenerator(state: (1, 2, 3, 4))
    let outputs = (0..<4).map { _ in rng.next() }
    #expect(outputs == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
  }

  @Test func seededGenerator_isAFunctionOfTheSeedOnly() {
    for seed: UInt64 in [0, 1, 42, .max] {
      var a = SeededGenerator(seed: seed)
      var b = SeededGenerator(seed: seed)
      let first = (0..<100).map { _ in a.next() }
      #expect(first == (0..<100).map { _ in b.next() }, "seed \(seed)")
      var other = SeededGenerator(seed: seed &+ 1)
      #expect(first != (0..<100).map { _ in other.next() }, "seed \(seed)")
    }
  }

  @Test func streams_areDistinctFromEachOtherAndFromTheBaseSequence() {
    var base = SeededGenerator(seed: 7, stream: 0)
    var one = SeededGenerator(seed: 7, stream: 1)
    var two = SeededGenerator(seed: 7, stream: 2)
    let baseValues = Set((0..<10_000).map { _ in base.next() })
    let oneValues = (0..<1_000).map { _ in one.next() }
    let twoValues = (0..<1_000).map { _ in two.next() }
    #expect(baseValues.isDisjoint(with: oneValues))
    #expect(Set(oneValues).isDisjoint(with: twoValues))
  }

  @Test func unitIntervals_stayInRangeWithMeanOneHalf() {
    var rng = SeededGenerator(seed: 3)
    var sum = 0.0
    let n = 100_000
    for _ in 0..<n {
      let closedOpen = rng.nextUnitInterval()
      let openClosed = rng.nextOpenUnitInterval()
      #expect(closedOpen >= 0 && closedOpen < 1)
      #expect(openClosed > 0 && openClosed <= 1)
      sum += closedOpen
    }
    // SE of the mean is sqrt(1/12/n) = 0.00091; allow 5 SE.
    #expect(abs(sum / Double(n) - 0.5) < 0.0046, "seed 3")
  }

  /// Sample mean and variance of `n` draws.
  func moments(_ n: Int, _ draw: () -> Double) -> (mean: Double, variance: Double) {
    var sum = 0.0
    var squares = 0.0
    for _ in 0..<n {
      let x = draw()
      sum += x
      squares += x * x
    }
    let mean = sum / Double(n)
    return (mean, squares / Double(n) - mean * mean)
  }

  struct GammaCase: Sendable, CustomTestStringConvertible {
    let shape: Double
    let scale: Double
    let seed: UInt64
    var testDescription: String { "Gamma(\(shape), \(scale)) seed \(seed)" }
  }

  /// Shapes below 1, around 1, the model's arrival shape and its largest
  /// runtime shape (a2 = 639.1).
  static let gammaCases = [
    GammaCase(shape: 0.3, scale: 2, seed: 11), GammaCase(shape: 1, scale: 1, seed: 12),
    GammaCase(shape: 2.5, scale: 0.5, seed: 13), GammaCase(shape: 6.355, scale: 0.8531, seed: 14),
    GammaCase(shape: 639.1, scale: 0.0156, seed: 15),
  ]

  @Test(arguments: gammaCases)
  func gammaSampler_matchesTheoreticalMeanAndVariance(_ c: GammaCase) {
    var rng = SeededGenerator(seed: c.seed)
    let n = 200_000
    let (mean, variance) = moments(n) { rng.nextGamma(shape: c.shape, scale: c.scale) }
    let trueMean = c.shape * c.scale
    let trueVariance = c.shape * c.scale * c.scale
    // Standard errors: sqrt(var/n) for the mean, var·sqrt((2 + 6/shape)/n)
    // for the variance (gamma excess kurtosis is 6/shape). Allow 5 SE.
    let meanTolerance = 5 * (trueVariance / Double(n)).squareRoot()
    let varianceTolerance = 5 * trueVariance * ((2 + 6 / c.shape) / Double(n)).squareRoot()
    #expect(abs(mean - trueMean) < meanTolerance, "\(c.testDescription): mean \(mean) vs \(trueMean)")
    #expect(
      abs(variance - trueVariance) < varianceTolerance,
      "\(c.testDescription): variance \(variance) vs \(trueVariance)")
  }

  @Test func gammaSampler_followsTheGammaCDF() {
    // Kolmogorov–Smirnov distance against GammaDistribution.cdf.
    var rng = SeededGenerator(seed: 21)
    let n = 20_000
    let samples = (0..<n).map { _ in rng.nextGamma(shape: 6.355, scale: 0.8531) }.sorted()
    var distance = 0.0
    for (i, x) in samples.enumerated() {
      let f = GammaDistribution.cdf(x, shape: 6.355, scale: 0.8531)
      distance = max(distance, abs(f - Double(i) / Double(n)), abs(f - Double(i + 1) / Double(n)))
    }
    // The 0.1 % critical value is 1.95/sqrt(n) = 0.0138.
    #expect(distance < 0.0138, "seed 21: KS distance \(distance)")
  }

  @Test func exponentialAndTwoStageUniform_haveTheirMeans() {
    var rng = SeededGenerator(seed: 5)
    let n = 100_000
    let exponential = moments(n) { rng.nextExponential(mean: 3) }
    #expect(abs(exponential.mean - 3) < 5 * 3 / Double(n).squareRoot(), "seed 5")
    var below = 0
    for _ in 0..<n {
      let x = rng.nextTwoStageUniform(low: 1, med: 5, high: 7, probability: 0.875)
      #expect(x >= 1 && x < 7)
      if x < 5 { below += 1 }
    }
    let tolerance = 5 * (0.875 * 0.125 / Double(n)).squareRoot()
    #expect(abs(Double(below) / Double(n) - 0.875) < tolerance, "seed 5")
  }

  @Test func logGamma_matchesKnownValues() {
    let cases: [(Double, Double)] = [
      (0.5, 0.5723649429247001), (1, 0), (2, 0), (10, 12.801827480081469),
      (100, 359.1342053695754), (0.1, 2.252712651734206), (639.1, 3487.2139830735637),
    ]
    for (x, expected) in cases {
      let value = GammaDistribution.logGamma(x)
      #expect(abs(value - expected) <= 1e-12 * max(1, abs(expected)), "lgamma(\(x)) = \(value)")
    }
  }

  @Test func gammaCDF_matchesKnownValues() {
    let cases: [(x: Double, shape: Double, scale: Double, expected: Double)] = [
      (1, 1, 1, 1 - exp(-1)),  // exponential
      (2, 2, 1, 1 - 3 * exp(-2)),  // Erlang-2
      (6, 3, 2, 0.5768099188731566),  // P(3, 3) = 1 − 8.5 e^-3
      (1, 0.5, 2, 0.6826894921370859),  // chi-square(1) at 1 = erf(1/√2)
      (100, 100, 1, 0.5132987982791487),  // continued-fraction side
      (30, 6.1271, 5.274, 0.4817585937243065),  // the batch daily cycle
      (10, 639.1, 0.0156, 0.5355693020404327),  // the batch long-runtime gamma
    ]
    for c in cases {
      let value = GammaDistribution.cdf(c.x, shape: c.shape, scale: c.scale)
      #expect(abs(value - c.expected) < 1e-12, "Gamma(\(c.shape), \(c.scale)).cdf(\(c.x)) = \(value)")
    }
    #expect(GammaDistribution.cdf(0, shape: 2, scale: 1) == 0)
    #expect(GammaDistribution.cdf(-1, shape: 2, scale: 1) == 0)
    #expect(abs(GammaDistribution.cdf(1e6, shape: 2, scale: 1) - 1) < 1e-15)
  }
}
