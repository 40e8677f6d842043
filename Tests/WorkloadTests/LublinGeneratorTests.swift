import SimKernel
import Testing

@testable import Workload

/// The job stream: determinism, field ranges, class mix, stop criteria.
@Suite struct LublinGeneratorTests {
  func generate(
    _ model: LublinModel, seed: UInt64, jobs: Int? = nil, duration: SimTime? = nil
  ) throws -> [SWFRecord] {
    Array(try LublinGenerator(model: model, seed: seed, jobs: jobs, duration: duration))
  }

  @Test func sameSeed_givesTheSameRecords_differentSeedsDiffer() throws {
    let model = LublinModel(nodes: 1131)
    for seed: UInt64 in [0, 1, 42, 1_234_567] {
      let first = try generate(model, seed: seed, jobs: 3_000)
      let second = try generate(model, seed: seed, jobs: 3_000)
      #expect(first == second, "seed \(seed)")
      let other = try generate(model, seed: seed + 1, jobs: 3_000)
      #expect(first != other, "seeds \(seed) and \(seed + 1)")
    }
  }

  @Test(arguments: [LublinModel.Mix.batchAndInteractive, .typeless])
  func records_respectTheFieldContract(_ mix: LublinModel.Mix) throws {
    var model = LublinModel(nodes: 200)
    model.coresPerNode = 4
    model.mix = mix
    let seed: UInt64 = 99
    let records = try generate(model, seed: seed, jobs: 20_000)
    #expect(records.count == 20_000)
    var previous = SimTime.zero
    var queues = Set<Int64>()
    for (index, r) in records.enumerated() {
      let context = "seed \(seed), \(mix), job \(r.jobNumber)"
      #expect(r.jobNumber == Int64(index + 1), "\(context)")
      #expect(r.submitTime >= previous, "\(context): submit times must not decrease")
      #expect(r.submitTime.microseconds % 1_000_000 == 0, "\(context): whole seconds")
      previous = r.submitTime
      #expect(r.allocatedProcessors == r.requestedProcessors, "\(context)")
      #expect(r.allocatedProcessors % 4 == 0, "\(context): whole nodes of 4 cores")
      #expect((1...200).contains(r.allocatedProcessors / 4), "\(context): size in 1...nodes")
      #expect(r.runTime >= .seconds(1), "\(context)")
      #expect(r.runTime <= .seconds(LublinModel.maxRuntimeSeconds), "\(context): runtime <= e^12")
      #expect(r.requestedTime >= r.runTime, "\(context): estimate >= runtime")
      #expect(r.waitTime == .seconds(-1) && r.status == -1, "\(context): model fields are -1")
      #expect((1...64).contains(r.userID), "\(context)")
      #expect(r.groupID == (r.userID - 1) % 8 + 1, "\(context)")
      queues.insert(r.queueNumber)
    }
    #expect(queues == (mix == .typeless ? [-1] : [0, 1]), "seed \(seed)")
  }

  @Test func serialFraction_matchesSerialProb() throws {
    var model = LublinModel(nodes: 128)
    model.mix = .typeless
    for seed: UInt64 in [1, 2, 3] {
      let records = try generate(model, seed: seed, jobs: 20_000)
      let serial = records.filter { $0.allocatedProcessors == 1 }.count
      let fraction = Double(serial) / 20_000
      // 0.244 ± 4 SE, SE = sqrt(0.244 · 0.756 / 20000) = 0.0030.
      #expect(abs(fraction - 0.244) < 0.012, "seed \(seed): serial fraction \(fraction)")
    }
  }

  @Test func mixedSerialFraction_matchesTheRateWeightedClasses() throws {
    let model = LublinModel(nodes: 128)
    let expected = model.expectation().serialFraction
    // Between the batch and interactive SERIAL_PROB values.
    #expect(expected > 0.1541 && expected < 0.2927)
    let records = try generate(model, seed: 8, jobs: 20_000)
    let fraction = Double(records.filter { $0.allocatedProcessors == 1 }.count) / 20_000
    #expect(abs(fraction - expected) < 0.012, "seed 8: \(fraction) vs \(expected)")
  }

  @Test func powerOfTwoShare_amongParallelJobs_isConsistentWithPow2Prob() throws {
    var model = LublinModel(nodes: 128)
    model.mix = .typeless
    let parameters = LublinModel.ClassParameters.typeless
    // Rounded jobs are pow2 / (1 − serial) of parallel jobs; unrounded draws
    // add the sizes that happen to be powers of two (e.g. round(2^1.1) = 2).
    let rounded = parameters.powerOfTwoProbability / (1 - parameters.serialProbability)
    let sizes = model.sizeProbabilities(parameters)
    let parallel = sizes[2...].reduce(0, +)
    var pow2 = 0.0
    for size in 2..<sizes.count where size & (size - 1) == 0 { pow2 += sizes[size] }
    let expected = pow2 / parallel
    #expect(expected > rounded)
    let seed: UInt64 = 17
    let records = try generate(model, seed: seed, jobs: 20_000)
    let parallelSizes: [Int64] = records.map(\.allocatedProcessors).filter { $0 > 1 }
    let powersOfTwo = parallelSizes.filter { $0 & ($0 - 1) == 0 }.count
    let share = Double(powersOfTwo) / Double(parallelSizes.count)
    let tolerance = 4 * (expected * (1 - expected) / Double(parallelSizes.count)).squareRoot()
    #expect(abs(share - expected) < tolerance, "seed \(seed): share \(share), expected \(expected)")
    #expect(share > rounded - tolerance, "seed \(seed): share \(share) below POW2_PROB/(1-SERIAL_PROB)")
  }

  @Test func sizeLaw_atTheReferenceSystem_reproducesTheTable() {
    let model = LublinModel(nodes: 128)
    let batch = model.sizeRange(for: .batch)
    #expect(batch.uLow == 1.2 && batch.uMed == 5 && batch.uHi == 7)
    let interactive = model.sizeRange(for: .interactive)
    #expect(interactive.uLow == 1 && interactive.uMed == 3 && interactive.uHi == 5.5)
    let typeless = model.sizeRange(for: .typeless)
    #expect(typeless.uLow == 0.8 && typeless.uMed == 4.5 && typeless.uHi == 7)
    #expect(model.maxJobNodes(for: .interactive) == 45)
    let big = LublinModel(nodes: 1131)
    #expect(big.maxJobNodes(for: .batch) == 1131)
    let tiny = LublinModel(nodes: 1)
    #expect(tiny.sizeRange(for: .batch) == (0, 0, 0))
  }

  @Test func durationStop_endsAtTheFirstJobPastTheDuration() throws {
    let model = LublinModel(nodes: 1131)
    let day = SimTime.seconds(86_400)
    let oneDay = try generate(model, seed: 5, duration: day)
    let longer = try generate(model, seed: 5, jobs: oneDay.count + 1)
    #expect(!oneDay.isEmpty)
    #expect(Array(longer.prefix(oneDay.count)) == oneDay, "seed 5")
    #expect(oneDay.allSatisfy { $0.submitTime <= day }, "seed 5")
    #expect(longer[oneDay.count].submitTime > day, "seed 5")
    let both = try generate(model, seed: 5, jobs: 10, duration: day)
    #expect(both == Array(oneDay.prefix(10)))
  }

  @Test func estimateAndUserModels_doNotChangeTheJobs() throws {
    var model = LublinModel(nodes: 512)
    let seed: UInt64 = 31
    let tsafrir = try generate(model, seed: seed, jobs: 5_000)
    model.estimateModel = .exact
    model.users = 10
    let exact = try generate(model, seed: seed, jobs: 5_000)
    model.estimateModel = .factor(2)
    let doubled = try generate(model, seed: seed, jobs: 5_000)
    for (a, (b, c)) in zip(tsafrir, zip(exact, doubled)) {
      #expect(a.submitTime == b.submitTime && a.runTime == b.runTime, "seed \(seed) job \(a.jobNumber)")
      #expect(a.allocatedProcessors == c.allocatedProcessors, "seed \(seed) job \(a.jobNumber)")
      #expect(b.requestedTime == b.runTime, "exact estimate, job \(b.jobNumber)")
      #expect(c.requestedTime == .seconds(2 * c.runTime.wholeSeconds), "factor 2, job \(c.jobNumber)")
      #expect((1...10).contains(b.userID))
    }
  }

  @Test func tsafrirEstimates_clusterOnRoundLimits() throws {
    let seed: UInt64 = 4
    let records = try generate(LublinModel(nodes: 1131), seed: seed, jobs: 20_000)
    let limits = Set(LublinModel.roundLimits.map { SimTime.seconds($0) })
    #expect(records.allSatisfy { limits.contains($0.requestedTime) }, "seed \(seed)")
    let atMaximum = records.filter { $0.requestedTime == .seconds(172_800) }.count
    // At least the 15 % who always ask for the maximum (4 SE below).
    #expect(Double(atMaximum) / 20_000 > 0.15 - 0.01, "seed \(seed): \(atMaximum)")
    let accuracy = records.map { $0.runTime.secondsValue / $0.requestedTime.secondsValue }
    let meanAccuracy = accuracy.reduce(0, +) / Double(accuracy.count)
    // Users overestimate: real logs show mean accuracy of about 0.2-0.5.
    #expect(meanAccuracy > 0.05 && meanAccuracy < 0.6, "seed \(seed): mean accuracy \(meanAccuracy)")
  }

  @Test func users_followTheZipfLaw() throws {
    let seed: UInt64 = 6
    let records = try generate(LublinModel(nodes: 64), seed: seed, jobs: 20_000)
    let harmonic = (1...64).map { 1 / Double($0) }.reduce(0, +)
    let expected = 1 / harmonic  // 0.2108
    let share = Double(records.filter { $0.userID == 1 }.count) / 20_000
    #expect(abs(share - expected) < 4 * (expected * (1 - expected) / 20_000).squareRoot(), "seed \(seed): \(share)")
    let second = Double(records.filter { $0.userID == 2 }.count) / 20_000
    #expect(abs(second - expected / 2) < 4 * (expected / 2 / 20_000).squareRoot(), "seed \(seed): \(second)")
    #expect(Set(records.map(\.userID)).count > 50, "seed \(seed): most users appear")
  }

  @Test func dailyCycle_peaksDuringWorkingHours() {
    for parameters in [LublinModel.ClassParameters.batch, .interactive, .typeless] {
      let weights = LublinModel.dailyCycleWeights(for: parameters)
      #expect(weights.count == 48)
      #expect(abs(weights.reduce(0, +) / 48 - 1) < 1e-12)
      let busiest = weights.indices.max { weights[$0] < weights[$1] }!
      let quietest = weights.indices.min { weights[$0] < weights[$1] }!
      #expect((18..<36).contains(busiest), "busiest bucket \(busiest) should be 09:00-18:00")
      #expect((0..<16).contains(quietest), "quietest bucket \(quietest) should be 00:00-08:00")
    }
  }

  @Test func arrivals_followTheDailyCycle() throws {
    // Over 60 days, more jobs arrive 10:00-16:00 than 00:00-06:00.
    let seed: UInt64 = 10
    let records = try generate(LublinModel(nodes: 128), seed: seed, duration: .seconds(60 * 86_400))
    let hours = records.map { ($0.submitTime.wholeSeconds % 86_400) / 3_600 }
    let day = hours.filter { (10..<16).contains($0) }.count
    let night = hours.filter { (0..<6).contains($0) }.count
    #expect(day > 2 * night, "seed \(seed): \(day) day vs \(night) night arrivals")
  }

  @Test func badSettings_throwNamedErrors() {
    var model = LublinModel(nodes: 0)
    #expect(throws: LublinModelError.invalidParameter(name: "nodes", value: "0", requirement: "must be at least 1")) {
      try LublinGenerator(model: model, seed: 1, jobs: 10)
    }
    model.nodes = 16
    model.loadScale = 0
    #expect(throws: LublinModelError.self) { try LublinGenerator(model: model, seed: 1, jobs: 10) }
    model.loadScale = 1
    model.batch.a2 = 1_000  // ln(runtime) would almost never fall below 12
    #expect(throws: LublinModelError.self) { try LublinGenerator(model: model, seed: 1, jobs: 10) }
    model.batch = .batch
    #expect(throws: LublinModelError.unbounded) { try LublinGenerator(model: model, seed: 1) }
    let message = LublinModelError.invalidParameter(name: "nodes", value: "0", requirement: "must be at least 1").description
    #expect(message == "invalid Lublin model parameter 'nodes' = 0: must be at least 1")
  }
}
