import SimKernel
import Sweep
import Testing
import TestSupport
import Workload

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Perturbed job streams: seeded noise and load factors")
struct PerturbationTests {
  /// 1,000 jobs, one every 60 s, running 600 s, asking 1,200 s.
  static let jobs: [Job] = (0..<1000).map {
    Job(
      id: Int64($0), submitTime: .seconds(Int64($0) * 60), runTime: .seconds(600), estimate: .seconds(1200),
      requestedTime: .seconds(1200), processors: 1)
  }

  @Test func anIdentityPerturbationChangesNothing() throws {
    #expect(try JobPerturbation(seed: 9).apply(to: Self.jobs) == Self.jobs)
  }

  @Test func theSameSeedGivesTheSameJobsAndAnotherSeedOthers() throws {
    let noise = JobPerturbation(arrivalNoise: 0.2, runTimeNoise: 0.2, estimateNoise: 0.2, seed: 7)
    var other = noise
    other.seed = 8
    let first = try noise.apply(to: Self.jobs)
    #expect(try noise.apply(to: Self.jobs) == first)
    #expect(try other.apply(to: Self.jobs) != first)
  }

  @Test func arrivalJitterKeepsSubmitOrderAndTheFirstSubmitTime() throws {
    let jittered = try JobPerturbation(arrivalNoise: 1.5, seed: 3).apply(to: Self.jobs)
    #expect(jittered[0].submitTime == .zero)
    #expect(zip(jittered, jittered.dropFirst()).allSatisfy { $0.submitTime <= $1.submitTime })
    #expect(jittered.map(\.runTime) == Self.jobs.map(\.runTime))
    #expect(jittered.map(\.id) == Self.jobs.map(\.id))
  }

  @Test func aLoadFactorOfTwoHalvesEveryGapExactly() throws {
    let loaded = try JobPerturbation(loadFactor: 2).apply(to: Self.jobs)
    #expect(loaded.map(\.submitTime) == Self.jobs.map { SimTime(microseconds: $0.submitTime.microseconds / 2) })
    #expect(loaded.map(\.runTime) == Self.jobs.map(\.runTime))
  }

  @Test func noiseFactorsHaveMeanOne() throws {
    let noisy = try JobPerturbation(arrivalNoise: 0.3, runTimeNoise: 0.3, estimateNoise: 0.3, seed: 11)
      .apply(to: Self.jobs)
    let meanRun = noisy.reduce(0.0) { $0 + $1.runTime.secondsValue } / Double(noisy.count)
    let meanRequest = noisy.reduce(0.0) { $0 + $1.requestedTime.secondsValue } / Double(noisy.count)
    let span = noisy.last!.submitTime.secondsValue
    // Standard error of a mean of 1,000 factors with sigma 0.3: about 1 %.
    #expect(abs(meanRun / 600 - 1) < 0.04)
    #expect(abs(meanRequest / 1200 - 1) < 0.04)
    #expect(abs(span / (999 * 60) - 1) < 0.04)
    #expect(Set(noisy.map(\.runTime)).count > 900)
  }

  @Test func estimatesFollowTheAdmissionRules() throws {
    let noisy = JobPerturbation(runTimeNoise: 0.8, estimateNoise: 0.8, seed: 5)
    for job in try noisy.apply(to: Self.jobs) {
      #expect(job.estimate == max(job.runTime, job.requestedTime))
    }
    var oracle = noisy
    oracle.estimateSource = .runtime
    for job in try oracle.apply(to: Self.jobs) { #expect(job.estimate == job.runTime) }
    var kill = noisy
    kill.killAtWalltime = true
    let killed = try kill.apply(to: Self.jobs)
    for job in killed { #expect(job.estimate == job.requestedTime) }
    #expect(killed.contains { $0.runTime > $0.estimate })
  }

  @Test func theRunTimeFactorIsTheSecondNormalOfTheJob() throws {
    // One job: the three normals are arrival, run time, estimate.
    let job = [Self.jobs[0]]
    let sigma = 0.25
    let out = try JobPerturbation(runTimeNoise: sigma, seed: 99).apply(to: job)
    var generator = SeededGenerator(seed: 99)
    _ = generator.nextStandardNormal()
    let z = generator.nextStandardNormal()
    let expected = (600e6 * exp(sigma * z - sigma * sigma / 2)).rounded()
    #expect(out[0].runTime.microseconds == Int64(expected))
  }
}

@Suite("Mean, standard deviation and Student-t confidence intervals")
struct StatisticsTests {
  @Test(arguments: [
    (1, 12.706204736174705), (2, 4.302652729749464), (4, 2.7764451051977934), (9, 2.2621571628540993),
    (29, 2.045229642132703), (1000, 1.9623390808264078),
  ])
  func tQuantilesMatchTheTables(df: Int, expected: Double) {
    let t = StudentT.quantile(0.975, degreesOfFreedom: df)
    #expect(abs(t - expected) < 1e-9 * expected, "df \(df): \(t)")
  }

  @Test func fourValuesByHand() {
    // mean 2.5; squares 2.25+0.25+0.25+2.25 = 5; sd = sqrt(5/3);
    // half width = t(0.975, 3) * sd / 2 with t = 3.182446305284263.
    let stats = SampleStatistics([1, 2, 3, 4])
    #expect(stats.mean == 2.5)
    #expect(abs(stats.standardDeviation - (5.0 / 3).squareRoot()) < 1e-15)
    #expect(abs(stats.halfWidth - 3.182446305284263 * (5.0 / 3).squareRoot() / 2) < 1e-9)
    #expect(abs(stats.low - 0.4457397432) < 1e-9 && abs(stats.high - 4.5542602568) < 1e-9)
  }

  @Test func oneValueHasNoSpread() {
    let stats = SampleStatistics([7])
    #expect(stats.mean == 7 && stats.standardDeviation == 0 && stats.low == 7 && stats.high == 7)
  }

  @Test func equalValuesGiveAZeroWidthInterval() {
    let stats = SampleStatistics([3, 3, 3])
    #expect(stats.standardDeviation == 0 && stats.halfWidth == 0)
  }
}
