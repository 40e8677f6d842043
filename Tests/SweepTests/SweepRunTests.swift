import Reporting
import Scheduling
import Sweep
import Testing
import TestSupport
import Workload

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Sweeps in one process: results, failures, replicas, shards")
struct SweepRunTests {
  static let tiny = TestPaths.fixture("golden/tiny.swf")

  static func plan(_ yaml: String) throws -> SweepPlan {
    try SweepPlan.parse(yaml, path: "test-plan.yaml")
  }

  static func runAll(_ plan: SweepPlan) -> SweepResults {
    LocalSweepRunner.run(plan, runs: plan.runs)
  }

  @Test func eachScenarioReportsWhatAPlainReplayReports() throws {
    let plan = try Self.plan("traces: [\(Self.tiny)]\npolicies: [fcfs, easy]\n")
    let results = Self.runAll(plan)
    #expect(results.isComplete && results.failedScenarios == 0)
    for (id, kind) in [PolicyKind.fcfs, .easy].enumerated() {
      let report = try ReplayScenario(tracePath: Self.tiny, policy: kind).run()
      guard case .completed(let json, let metrics)? = results.results[id]?.outcome else {
        Issue.record("scenario \(id) has no report")
        continue
      }
      #expect(json == report.jsonValue())
      #expect(metrics == SweepMetric.values(of: report))
    }
    let csv = results.renderCSV().split(separator: "\n")
    #expect(csv.count == 3)
    #expect(csv[0].hasPrefix("scenario,status,trace,policy,machine,estimate,kill_at_walltime,load,jobs_replayed,"))
    #expect(csv[0].hasSuffix(",makespan_s,error"))
    // tiny.swf: 8 records, 6 replayed, 1 skipped (no run time), 1 rejected (8 > 4 processors).
    #expect(csv[1].hasPrefix("0,ok,\(Self.tiny),fcfs,trace,requested,false,1,6,1,1,0,"))
    #expect(csv[2].hasPrefix("1,ok,\(Self.tiny),easy,trace,requested,false,1,6,1,1,0,"))
    #expect(csv[1].hasSuffix(","))
  }

  @Test func theJSONHoldsScenarioIdStatusParametersAndTheReport() throws {
    let plan = try Self.plan("traces: [\(Self.tiny)]\npolicies: fcfs\n")
    let json = Self.runAll(plan).renderJSON()
    let report = try ReplayScenario(tracePath: Self.tiny, policy: .fcfs).run().jsonValue()
    guard case .object(let members) = report else { throw ScenarioError("not an object") }
    let expected = JSONValue.array([
      .object(
        [
          ("scenario", .int(0)), ("status", .string("ok")),
          (
            "parameters",
            .object([
              ("trace", .string(Self.tiny)), ("policy", .string("fcfs")), ("machine", .string("trace")),
              ("estimate", .string("requested")), ("kill_at_walltime", .bool(false)), ("load", .string("1")),
            ])
          ),
        ] + members)
    ])
    #expect(json == expected.rendered() + "\n")
  }

  @Test func aFailingScenarioIsReportedAndTheOthersStillRun() throws {
    let plan = try Self.plan("traces: [/nonexistent/trace.swf, \(Self.tiny)]\nmachines: [trace, no-such-machine.yaml]\n")
    let results = Self.runAll(plan)
    #expect(results.isComplete)
    #expect(results.failedScenarios == 3)
    let rows = results.renderCSV().split(separator: "\n").map(String.init)
    #expect(rows[1].hasPrefix("0,error,/nonexistent/trace.swf,easy,trace,"))
    #expect(rows[1].contains("/nonexistent/trace.swf"))
    #expect(rows[1].hasSuffix("No such file or directory") || rows[1].contains("cannot open"))
    #expect(rows[2].hasPrefix("1,error,/nonexistent/trace.swf,easy,no-such-machine.yaml,"))
    #expect(rows[3].hasPrefix("2,ok,\(Self.tiny),easy,trace,requested,false,1,6,"))
    #expect(rows[4].hasPrefix("3,error,\(Self.tiny),easy,no-such-machine.yaml,"))
    #expect(rows[4].contains("no-such-machine.yaml"))
    let json = results.renderJSON()
    #expect(json.contains("\"status\": \"error\",\n    \"parameters\""))
    #expect(json.contains("\"error\": \"no-such-machine.yaml: cannot read machine configuration"))
  }

  @Test func queueOrdersAndPolicyFilesRunAsReplayRunsThem() throws {
    let directory = try makeTemporaryDirectory()
    try writeFile(
      directory + "/mf.yaml",
      "SchedulerType: sched/backfill\nPriorityType: priority/multifactor\nPriorityWeightAge: 1000\n"
        + "SchedulerParameters: bf_job_part_count_reserve=1\n")
    try writeFile(
      directory + "/plan.yaml",
      "traces: [\(Self.tiny)]\npolicies: [easy/sjf, mf.yaml, missing.yaml]\n")
    let plan = try SweepPlan.load(path: directory + "/plan.yaml")
    let results = Self.runAll(plan)
    var sjf = ReplayScenario(tracePath: Self.tiny, policy: .easy)
    sjf.order = .sjf
    guard case .completed(let sjfReport, _)? = results.results[0]?.outcome,
      case .completed(let fileReport, _)? = results.results[1]?.outcome
    else {
      Issue.record("the order and policy-file scenarios did not complete: \(results.renderCSV())")
      return
    }
    #expect(sjfReport == (try sjf.run()).jsonValue())
    let file = fileReport.rendered()
    #expect(file.contains("\"policy\": \"easy/multifactor\""))
    #expect(file.contains("\"policy_config\": \"mf.yaml\""))
    let rows = results.renderCSV().split(separator: "\n")
    #expect(rows[2].hasPrefix("1,ok,\(Self.tiny),mf.yaml,trace,"))
    #expect(rows[3].hasPrefix("2,error,\(Self.tiny),missing.yaml,trace,"))
    #expect(rows[3].contains("missing.yaml"))
  }

  @Test func fieldsWithCommasAreQuoted() throws {
    let plan = try Self.plan("traces: [\"/nonexistent/a,b.swf\"]\n")
    let row = Self.runAll(plan).renderCSV().split(separator: "\n")[1]
    #expect(row.hasPrefix("0,error,\"/nonexistent/a,b.swf\",easy,"))
  }

  @Test func aScenarioWithoutNoiseMatchesTheFixturesGoldenSchedule() throws {
    // machines: trace:8 doubles the machine; job 8 (8 processors) then fits.
    let plan = try Self.plan("traces: [\(Self.tiny)]\nmachines: [trace:8]\n")
    let metrics = try #require(Self.runAll(plan).results[0]?.metrics)
    #expect(metrics[0] == 7 && metrics[1] == 0)
  }
}

// MARK: - Replicas

extension SweepRunTests {
  /// One job: submitted at 0, runs 100 s on 1 of 4 processors.
  static func oneJobTrace() throws -> String {
    let directory = try makeTemporaryDirectory()
    let path = directory + "/one.swf"
    try writeFile(path, "; MaxProcs: 4\n1 0 -1 100 1 -1 -1 1 200 -1 1 1 1 -1 -1 -1 -1 -1\n")
    return path
  }

  @Test func replicaStatisticsOfAOneJobTraceByHand() throws {
    let trace = try Self.oneJobTrace()
    let sigma = 0.2
    let plan = try Self.plan(
      "traces: [\(trace)]\nreplicas: 3\nseed: 42\nperturbation: { runtime: \(sigma) }\n")
    let results = Self.runAll(plan)
    // Replica r runs 100 s × exp(σ z − σ²/2), z the job's second normal
    // from the seed of (42, scenario 0, replica r); its makespan and mean
    // response equal that run time, its wait is 0.
    let runTimes: [Double] = plan.runs.map { run in
      var generator = SeededGenerator(seed: plan.perturbation(for: run).seed)
      _ = generator.nextStandardNormal()
      let z = generator.nextStandardNormal()
      return (100e6 * exp(sigma * z - sigma * sigma / 2)).rounded() / 1e6
    }
    #expect(Set(runTimes).count == 3)
    let mean = runTimes.reduce(0, +) / 3
    let sd = (runTimes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 2).squareRoot()
    let half = 4.302652729749464 * sd / 3.0.squareRoot()
    let makespan = SweepMetric.all.firstIndex { $0.name == "makespan_s" }!
    for replica in 0..<3 {
      #expect(results.results[replica]?.metrics?[makespan] == runTimes[replica])
    }
    let header = results.renderCSV().split(separator: "\n")[0].split(separator: ",", omittingEmptySubsequences: false)
    let row = results.renderCSV().split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
    func cell(_ name: String) -> Double? {
      header.firstIndex { $0 == name }.flatMap { Double(row[$0]) }
    }
    #expect(cell("replicas") == 3)
    #expect(cell("makespan_s_mean").map { abs($0 - mean) < 1e-6 } == true)
    #expect(cell("makespan_s_sd").map { abs($0 - sd) < 1e-6 } == true)
    #expect(cell("makespan_s_ci95_low").map { abs($0 - (mean - half)) < 1e-6 } == true)
    #expect(cell("makespan_s_ci95_high").map { abs($0 - (mean + half)) < 1e-6 } == true)
    #expect(cell("wait_mean_s_mean") == 0 && cell("wait_mean_s_sd") == 0)
    #expect(cell("jobs_replayed_mean") == 1 && cell("jobs_replayed_ci95_high") == 1)
    let json = results.renderJSON()
    #expect(json.contains("\"replicas\": 3,\n    \"statistics\": {\n      \"jobs_replayed\": {"))
    #expect(json.contains("\"replica\": 2,\n        \"hpcsim_version\""))
    #expect(json.contains("\"runtime_noise\": \"0.2\""))
  }

  @Test func replicasWithoutNoiseAreIdentical() throws {
    let plan = try Self.plan("traces: [\(Self.tiny)]\nreplicas: 3\nperturbation: {}\n")
    let results = Self.runAll(plan)
    let metrics = (0..<3).compactMap { results.results[$0]?.metrics }
    #expect(metrics.count == 3 && metrics[0] == metrics[1] && metrics[1] == metrics[2])
    #expect(results.renderCSV().contains(",3,6.000,0.000,6.000,6.000,"))
  }
}

// MARK: - Shards

extension SweepRunTests {
  static func shardedResults(_ plan: SweepPlan, count: Int) throws -> [(path: String, part: SweepPart)] {
    try (0..<count).map { index in
      let shard = Shard(index: index, count: count)
      let results = LocalSweepRunner.run(plan, runs: plan.runs.filter { shard.contains(run: $0.index) })
      // Through the file encoding, as `hpcsim merge` reads it.
      let bytes = SweepPart(shard: shard, results: results).encoded()
      return ("part\(index)", try SweepPart.decode(bytes, path: "part\(index)"))
    }
  }

  @Test func mergedShardsRenderExactlyTheWholeRun() throws {
    let plan = try Self.plan(
      "traces: [\(Self.tiny), /nonexistent.swf]\npolicies: [fcfs, easy]\nreplicas: 2\nload: [1, 3]\n")
    let whole = Self.runAll(plan)
    for count in [1, 3, 5] {
      let parts = try Self.shardedResults(plan, count: count)
      let merged = try SweepPart.merge(parts.reversed())
      #expect(merged.renderCSV() == whole.renderCSV())
      #expect(merged.renderJSON() == whole.renderJSON())
    }
  }

  @Test func mergeRefusesMissingDuplicateAndForeignParts() throws {
    let plan = try Self.plan("traces: [\(Self.tiny)]\npolicies: [fcfs, easy]\n")
    let parts = try Self.shardedResults(plan, count: 2)
    #expect(throws: MergeError.missingShards(["1/2"])) { try SweepPart.merge([parts[0]]) }
    #expect(throws: MergeError.duplicateShard(shard: "0/2", first: "part0", second: "again")) {
      try SweepPart.merge([parts[0], ("again", parts[0].part), parts[1]])
    }
    let other = try Self.shardedResults(try Self.plan("traces: [\(Self.tiny)]\npolicies: [easy, fcfs]\n"), count: 2)
    #expect(throws: MergeError.differentPlan(path: "part1", first: "part0")) {
      try SweepPart.merge([parts[0], other[1]])
    }
    #expect(throws: MergeError.notAPart(path: "x")) { try SweepPart.decode(Array("hello".utf8), path: "x") }
    var truncated = parts[0].part.encoded()
    truncated.removeLast(3)
    #expect(throws: MergeError.self) { try SweepPart.decode(truncated, path: "t") }
  }
}

/// Writes `text` to `path`.
func writeFile(_ path: String, _ text: String) throws {
  guard let file = fopen(path, "wb") else { throw ScenarioError("cannot create \(path)") }
  defer { fclose(file) }
  _ = text.withCString { fputs($0, file) }
}
