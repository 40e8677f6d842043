import Scheduling
import Sweep
import Testing
import TestSupport
import Workload

@Suite("Sweep plans: parsing, expansion order and errors")
struct PlanTests {
  static let full = """
    name: four-by-four
    traces: [a.swf, /abs/b.swf.gz]
    policies: [fcfs, easy]
    machines: [trace, trace:512, machines/m.yaml]
    estimate: [requested, runtime]
    kill_at_walltime: [false, true]
    over_time_limit: 5
    load: [1, 1.5]
    cores_per_node: 4
    on_bad_record: skip
    replicas: 3
    seed: 42
    perturbation: { arrival: 0.05, runtime: 0.2 }
    common_random_numbers: yes
    output: out/sweep
    """

  @Test func everyKeyIsRead() throws {
    let plan = try SweepPlan.parse(Self.full, path: "plans/p.yaml")
    #expect(plan.name == "four-by-four")
    #expect(plan.traces == ["a.swf", "/abs/b.swf.gz"])
    #expect(plan.policies.map(\.name) == ["fcfs", "easy"])
    #expect(plan.machines == [.trace(processors: nil), .trace(processors: 512), .config(path: "machines/m.yaml")])
    #expect(plan.estimates == [.requested, .runtime])
    #expect(plan.killAtWalltime == [false, true])
    #expect(plan.overTimeLimitMinutes == 5)
    #expect(plan.loads == [1, 1.5])
    #expect(plan.coresPerNode == 4)
    #expect(plan.onBadRecord == .skip)
    #expect(plan.replicas == 3)
    #expect(plan.seed == 42)
    #expect(plan.noise == NoiseLevels(arrival: 0.05, runTime: 0.2, estimate: 0))
    #expect(plan.commonRandomNumbers)
    #expect(plan.scenarioCount == 2 * 2 * 3 * 2 * 2 * 2)
    #expect(plan.runCount == plan.scenarioCount * 3)
  }

  @Test func policiesTakeQueueOrdersAndPolicyFiles() throws {
    let plan = try SweepPlan.parse(
      "traces: [a]\npolicies: [fcfs, easy/sjf, conservative/multifactor, p/mf.yaml, slurm.conf]\n", path: "d/p.yaml")
    let policies = plan.policies
    #expect(policies.map(\.name) == ["fcfs", "easy/sjf", "conservative/multifactor", "p/mf.yaml", "slurm.conf"])
    #expect(policies[1].kind == .easy && policies[1].order == .sjf && policies[1].file == nil)
    #expect(policies[2].kind == .conservative && policies[2].order == .multifactor)
    #expect(policies[3].file == .yaml("p/mf.yaml") && policies[4].file == .slurmConf("slurm.conf"))
    #expect(policies.map(\.costFactor) == [1, 3, 9, 6, 6])
    let sjf = try plan.replayScenario(for: plan.scenarios[1])
    #expect(sjf.policy == .easy && sjf.order == .sjf && sjf.policyConfig == nil)
    #expect(throws: PolicyConfigError.self) { try plan.replayScenario(for: plan.scenarios[3]) }
  }

  @Test func relativePathsResolveAgainstThePlansDirectory() throws {
    let plan = try SweepPlan.parse(Self.full, path: "plans/p.yaml")
    #expect(plan.resolve("a.swf") == "plans/a.swf")
    #expect(plan.resolve("/abs/b.swf.gz") == "/abs/b.swf.gz")
    let here = try SweepPlan.parse("traces: x.swf", path: "p.yaml")
    #expect(here.resolve("x.swf") == "x.swf")
    let onConfig = try #require(plan.scenarios.first { $0.machine == .config(path: "machines/m.yaml") })
    let replay = try plan.replayScenario(for: onConfig)
    #expect(replay.machinePath == "plans/machines/m.yaml")
    #expect(replay.tracePath == "plans/a.swf")
  }

  @Test func defaultsGiveOneEASYScenarioPerTrace() throws {
    let plan = try SweepPlan.parse("traces: [x.swf, y.swf]\n", path: "dir/my-plan.yaml")
    #expect(plan.name == "my-plan")
    #expect(plan.scenarios.map(\.policy.name) == ["easy", "easy"])
    #expect(plan.scenarios.map(\.machine) == [.trace(processors: nil), .trace(processors: nil)])
    #expect(plan.replicas == 1 && plan.noise.isZero)
    #expect(plan.output == nil)
  }

  @Test func replicasWithoutAPerturbationGetTheDefaultNoise() throws {
    let plan = try SweepPlan.parse("traces: x.swf\nreplicas: 4\n", path: "p.yaml")
    #expect(plan.noise == NoiseLevels.replicaDefault)
    let explicit = try SweepPlan.parse("traces: x.swf\nreplicas: 4\nperturbation: {}\n", path: "p.yaml")
    #expect(explicit.noise.isZero)
  }

  @Test func theGridExpandsTraceFirstLoadLastReplicasInnermost() throws {
    let plan = try SweepPlan.parse(
      """
      traces: [t1, t2]
      policies: [fcfs, easy]
      estimate: [requested, runtime]
      load: [1, 2]
      replicas: 2
      """, path: "p.yaml")
    let labels = plan.scenarios.map {
      "\($0.id):\($0.trace)/\($0.policy.name)/\($0.estimate.rawValue)/\($0.load)"
    }
    #expect(labels == [
      "0:t1/fcfs/requested/1.0", "1:t1/fcfs/requested/2.0", "2:t1/fcfs/runtime/1.0", "3:t1/fcfs/runtime/2.0",
      "4:t1/easy/requested/1.0", "5:t1/easy/requested/2.0", "6:t1/easy/runtime/1.0", "7:t1/easy/runtime/2.0",
      "8:t2/fcfs/requested/1.0", "9:t2/fcfs/requested/2.0", "10:t2/fcfs/runtime/1.0", "11:t2/fcfs/runtime/2.0",
      "12:t2/easy/requested/1.0", "13:t2/easy/requested/2.0", "14:t2/easy/runtime/1.0", "15:t2/easy/runtime/2.0",
    ])
    let runs = plan.runs
    #expect(runs.count == 32)
    #expect(runs.map(\.index) == Array(0..<32))
    #expect(runs[5].scenario.id == 2 && runs[5].replica == 1)
  }

  @Test func perturbationSeedsDependOnScenarioAndReplicaUnlessCommon() throws {
    let text = "traces: [t1, t2]\npolicies: [fcfs, easy]\nreplicas: 2\n"
    let plan = try SweepPlan.parse(text, path: "p.yaml")
    let seeds = plan.runs.map { plan.perturbation(for: $0).seed }
    #expect(Set(seeds).count == seeds.count)
    let common = try SweepPlan.parse(text + "common_random_numbers: true\n", path: "p.yaml")
    let runs = common.runs
    // Run 0 is (t1, fcfs, replica 0); run 2 is (t1, easy, replica 0).
    #expect(common.perturbation(for: runs[0]).seed == common.perturbation(for: runs[2]).seed)
    #expect(common.perturbation(for: runs[0]).seed != common.perturbation(for: runs[1]).seed)
    #expect(common.perturbation(for: runs[0]).seed != common.perturbation(for: runs[4]).seed)
  }

  @Test func theFixturePlanExpandsToEightScenarios() throws {
    let plan = try SweepPlan.load(path: TestPaths.fixture("sweep/tiny-plan.yaml"))
    #expect(plan.scenarioCount == 8)
    #expect(plan.resolve(plan.traces[0]) == TestPaths.fixture("sweep/../golden/tiny.swf"))
  }

  @Test func dispatchOrderIsLargestFirstTiesInRunOrder() throws {
    let small = TestPaths.fixture("golden/tiny.swf")
    let large = TestPaths.fixture("swf/tiny-crlf.swf")
    let missing = "/nonexistent/trace.swf"
    let plan = try SweepPlan.parse(
      "traces: [\(missing), \(small), \(large)]\npolicies: [fcfs, easy]\n", path: "p.yaml")
    let order = plan.dispatchOrder(plan.runs).map(\.index)
    // Sizes: crlf > tiny; easy costs twice fcfs; the missing trace last.
    let tinyBytes = try readText(small).utf8.count
    let crlfBytes = try readText(large).utf8.count
    #expect(crlfBytes > tinyBytes && crlfBytes < 2 * tinyBytes)
    #expect(order == [5, 3, 4, 2, 0, 1])
  }
}

// MARK: - Errors

extension PlanTests {
  struct ErrorCase: Sendable, CustomTestStringConvertible {
    let yaml: String
    let expected: String
    var testDescription: String { expected }
  }

  static let errorCases: [ErrorCase] = [
    .init(
      yaml: "traces: [a]\npolices: [fcfs]\n",
      expected: "p.yaml:2: unknown key 'polices' in the plan; expected one of: name, traces, policies,"),
    .init(yaml: "name: x\n", expected: "p.yaml: missing required key 'traces'"),
    .init(yaml: "traces: []\n", expected: "p.yaml:1: key 'traces' must be a value or a non-empty list of values, got an empty list"),
    .init(
      yaml: "traces: [a]\npolicies:\n  - fcfs\n  - lottery\n",
      expected: "p.yaml:4: unknown policy 'lottery'; expected one of fcfs, easy, conservative, optionally with a queue order as POLICY/ORDER (ORDER: submit, sjf,"),
    .init(yaml: "traces: [a]\npolicies: [easy/fifo]\n", expected: "p.yaml:2: unknown policy 'easy/fifo'"),
    .init(yaml: "traces: [a]\nestimate: [guess]\n", expected: "p.yaml:2: key 'estimate' must be requested, runtime or predicted, got 'guess'"),
    .init(yaml: "traces: [a]\nreplicas: 0\n", expected: "p.yaml:2: key 'replicas' must be a positive integer, got '0'"),
    .init(yaml: "traces: [a]\nload: [1, -2]\n", expected: "p.yaml:2: key 'load' must be a positive number, got '-2'"),
    .init(yaml: "traces: [a]\nmachines: [trace:0]\n", expected: "p.yaml:2: key 'machines' must be trace, trace:N"),
    .init(yaml: "traces: [a]\nseed: -1\n", expected: "p.yaml:2: key 'seed' must be an integer from 0 to 2^64-1, got '-1'"),
    .init(
      yaml: "traces: [a]\nperturbation:\n  runtime: 0.1\n  arival: 0.1\n",
      expected: "p.yaml:4: unknown key 'arival' in 'perturbation'; expected one of: arrival, runtime, estimate"),
    .init(yaml: "traces: [a]\nkill_at_walltime: maybe\n", expected: "p.yaml:2: key 'kill_at_walltime' must be true or false, got 'maybe'"),
    .init(yaml: "traces: [a]\ntraces: [b]\n", expected: "p.yaml:1: key 'traces' appears more than once"),
    .init(yaml: "traces: [a\n", expected: "p.yaml:2: YAML syntax error"),
    .init(yaml: "- a\n- b\n", expected: "p.yaml:1: a sweep plan is a mapping with at least 'traces', got a list"),
    .init(yaml: "", expected: "p.yaml: a sweep plan is a mapping with at least 'traces', got an empty file"),
  ]

  @Test(arguments: errorCases)
  func badPlansAreRejectedWithFileLineAndKey(_ c: ErrorCase) {
    #expect {
      _ = try SweepPlan.parse(c.yaml, path: "p.yaml")
    } throws: { error in
      let text = "\(error)"
      return text.hasPrefix(c.expected) ? true : { print("got: \(text)"); return false }()
    }
  }

  @Test func anUnreadablePlanNamesTheFile() {
    #expect(throws: PlanError.self) { try SweepPlan.load(path: "/nonexistent/plan.yaml") }
    do {
      _ = try SweepPlan.load(path: "/nonexistent/plan.yaml")
    } catch {
      #expect(error.description == "/nonexistent/plan.yaml: cannot read sweep plan: No such file or directory")
    }
  }

  @Test func theUnknownKeyFixtureNamesItsLine() {
    let path = TestPaths.fixture("sweep/unknown-key.yaml")
    do {
      _ = try SweepPlan.load(path: path)
      Issue.record("the plan with 'polices' was accepted")
    } catch {
      #expect(error.line == 3)
      #expect(error.description.hasPrefix(path + ":3: unknown key 'polices'"))
    }
  }

  @Test func shardsParseOnlyValidShares() {
    #expect(Shard(parsing: "0/2") == Shard(index: 0, count: 2))
    #expect(Shard(parsing: "3/4")?.contains(run: 7) == true)
    #expect(Shard(parsing: "3/4")?.contains(run: 8) == false)
    for bad in ["2/2", "-1/2", "1/0", "1", "a/b", "1/2/3", ""] {
      #expect(Shard(parsing: bad) == nil, "\(bad)")
    }
  }
}
