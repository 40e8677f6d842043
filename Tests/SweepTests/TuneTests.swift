import Foundation
import MPI
import Reporting
import Scheduling
import Sweep
import Testing
import TestSupport
import Workload

@Suite("hpcsim tune: search space, successive halving, policy files")
struct TuneTests {
  @Test func objectivesParseAndScore() {
    #expect(TuneObjective(parsing: "bsld") == .boundedSlowdown)
    #expect(TuneObjective(parsing: "wait-p95") == .waitP95)
    #expect(TuneObjective(parsing: "mix:1,0.5") == .mix(boundedSlowdownWeight: 1, waitHoursWeight: 0.5))
    for bad in ["", "mix:", "mix:1", "mix:-1,1", "mix:0,0", "p95"] { #expect(TuneObjective(parsing: bad) == nil, "\(bad)") }
    #expect(TuneObjective.mix(boundedSlowdownWeight: 2, waitHoursWeight: 3).score(boundedSlowdown: 5, waitP95Seconds: 7200) == 16)
  }

  @Test func rungsShrinkByEtaWhileBudgetsGrow() {
    var spec = TuneSpec(traces: ["t"])
    #expect(spec.rungSizes == [27, 9, 3, 1])
    #expect((0..<4).map { spec.budget(rung: $0) } == [2000, 6000, 18000, nil])
    spec.candidates = 4
    spec.eta = 2
    spec.minJobs = 100
    #expect(spec.rungSizes == [4, 2, 1])
    #expect((0..<3).map { spec.budget(rung: $0) } == [100, 200, nil])
    spec.candidates = 1
    #expect(spec.rungSizes == [1] && spec.budget(rung: 0) == nil)
  }

  @Test func candidatesDependOnlyOnSeedAndNumber() {
    var small = TuneSpec(traces: ["t"])
    small.candidates = 5
    small.seed = 9
    var large = small
    large.candidates = 40
    #expect(small.candidateList == Array(large.candidateList.prefix(5)))
    #expect(large.candidateList[0] == .baseline)
    #expect(Set(large.candidateList).count == 40)
    var other = small
    other.seed = 10
    #expect(other.candidateList.dropFirst() != small.candidateList.dropFirst())
    var weightsOnly = large
    weightsOnly.tuneBackfill = false
    #expect(weightsOnly.candidateList.allSatisfy { $0.reservations == 1 })
    #expect(weightsOnly.candidateList.map(\.weightAge) == large.candidateList.map(\.weightAge))
    #expect(large.candidateList.contains { $0.reservations == 0 })
    #expect(large.candidateList.allSatisfy { [$0.weightAge, $0.weightFairshare, $0.weightJobSize].allSatisfy { $0 <= 100_000 } })
  }

  @Test func aCandidatesPolicyFileIsWhatReplayReads() throws {
    var spec = TuneSpec(traces: ["t"])
    spec.candidates = 12
    for candidate in spec.candidateList {
      let config = try PolicyConfig.parse(policyYAML: candidate.policyYAML, path: "c.yaml")
      #expect(config.priorityType == .multifactor)
      #expect(config.multifactor.weightAge == candidate.weightAge)
      #expect(config.multifactor.weightFairshare == candidate.weightFairshare)
      #expect(config.multifactor.weightJobSize == candidate.weightJobSize)
      #expect(config.multifactor.favorSmall == candidate.favorSmall)
      #expect(config.policyChoice == (candidate.reservations == 1 ? .easy : .conservative))
      if candidate.reservations == 0 {
        #expect(config.schedulerParameters.bfWindowMinutes == candidate.windowMinutes)
        #expect(config.schedulerParameters.bfMaxJobTest == candidate.maxJobTest)
        #expect(config.schedulerParameters.bfResolutionSeconds == candidate.resolutionSeconds)
      }
      #expect(config.ignored.isEmpty)
    }
  }
}

// MARK: - Runs

extension TuneTests {
  /// A small real workload (the first 1,500 lines of KTH-SP2), or tiny.swf.
  static func workload(in directory: String) throws -> String {
    guard let kth = TestPaths.sharedTrace("KTH-SP2-1996-2.1-cln.swf.gz") else {
      return TestPaths.fixture("golden/tiny.swf")
    }
    let path = directory + "/kth-head.swf"
    let run = try launch("/bin/sh", ["-c", "gzip -dc '\(kth)' | head -n 1500 > '\(path)'"], environment: nil)
    try #require(run.status == 0)
    return path
  }

  @Test func theWrittenPolicyReplaysToTheScoreItClaims() throws {
    let directory = try makeTemporaryDirectory()
    let trace = try Self.workload(in: directory)
    var spec = TuneSpec(traces: [trace])
    spec.candidates = 6
    spec.minJobs = 200
    spec.seed = 3
    var options = TuneOptions(spec: spec, output: directory + "/best.yaml")
    options.logPath = directory + "/log.csv"
    options.progress = false
    #expect(TuneSession.run(options) == 0)
    let text = try readText(directory + "/best.yaml")
    let claimed = try #require(text.split(separator: "\n").first { $0.hasPrefix("# objective:") })
    let config = try PolicyConfig.load(policyFile: directory + "/best.yaml")
    var scenario = ReplayScenario(tracePath: trace)
    scenario.policyConfig = config
    let report = try scenario.run()
    #expect(claimed.contains("= \(formatDecimal(report.metrics.boundedSlowdown.mean, decimals: 6)) on whole traces"))
    // 6 + 2 evaluations, then the survivor and (if it was dropped) the baseline on the whole trace.
    let rows = try readText(directory + "/log.csv").split(separator: "\n")
    let last = rows.filter { $0.hasPrefix("2,") }
    #expect((1...2).contains(last.count) && last.contains { $0.hasPrefix("2,0,") })
    #expect(rows.count == 1 + 6 + 2 + last.count)
    #expect(rows[1].hasPrefix("0,0,\(trace),200,"))
  }

  @Test func anImpossibleFairnessBoundIsReported() throws {
    let directory = try makeTemporaryDirectory()
    var spec = TuneSpec(traces: [TestPaths.fixture("golden/tiny.swf")])
    spec.candidates = 3
    spec.maxUserBoundedSlowdown = 1
    var options = TuneOptions(spec: spec, output: directory + "/best.yaml")
    options.progress = false
    #expect(TuneSession.run(options) == 1)
    #expect(try readText(directory + "/best.yaml").contains("BREAKS the fairness bound"))
  }

  @Test(
    "tune gives the same bytes alone and under mpirun -n 3",
    .enabled(if: SweepBinary.path != nil && SweepBinary.mpirunAvailable, "no built hpcsim or no mpirun"))
  func tuneIsTheSameOnAnyNumberOfRanks() throws {
    let directory = try makeTemporaryDirectory()
    let trace = try Self.workload(in: directory)
    let hpcsim = try #require(SweepBinary.path)
    let env = MPIEnvironment.childEnvironment(from: ProcessInfo.processInfo.environment)
    let arguments = [
      "tune", trace, "--candidates", "7", "--min-jobs", "150", "--seed", "11", "--objective", "mix:1,0.1", "--quiet",
    ]
    let alone = try launch(
      hpcsim, arguments + ["-o", directory + "/alone.yaml", "--log", directory + "/alone.csv"], environment: env)
    #expect(alone.status == 0, "\(alone.standardError)")
    let spread = try launch(
      TestPaths.repoRoot + "/scripts/mpirun-hpcsim",
      ["-n", "3", "--", hpcsim] + arguments + ["-o", directory + "/n3.yaml", "--log", directory + "/n3.csv"],
      environment: env)
    #expect(spread.status == 0, "\(spread.standardError)")
    #expect(try readText(directory + "/n3.yaml") == readText(directory + "/alone.yaml"))
    #expect(try readText(directory + "/n3.csv") == readText(directory + "/alone.csv"))
    let replay = try launch(hpcsim, ["replay", trace, "--policy-file", directory + "/alone.yaml"], environment: env)
    #expect(replay.status == 0, "\(replay.standardError)")
    #expect(replay.standardOutput.contains("/multifactor"))
  }
}
