import Platform
import SimKernel
import Sweep
import TestSupport
import Testing
import Workload

private func job(_ id: Int64, submit: Int64, run: Int64, requested: Int64 = -1) -> Job {
  Job(
    id: id, submitTime: .seconds(submit), runTime: .seconds(run),
    estimate: .seconds(max(run, requested)), requestedTime: .seconds(requested), processors: 1)
}

@Suite("Retargeting a trace: speed, load, rebase and window")
struct RetargetTests {
  @Test("exact ratios come from decimal text and stay exact")
  func ratios() {
    #expect(ExactRatio(decimal: "1.5") == ExactRatio(3, 2))
    #expect(ExactRatio(decimal: "21.6") == ExactRatio(108, 5))
    #expect(ExactRatio(decimal: "2")?.description == "2")
    for bad in ["0", "0.0", "-1", "1e3", "abc", "", "1.2.3"] { #expect(ExactRatio(decimal: bad) == nil, "\(bad)") }
    #expect(SimTime.parseSeconds("1.5") == SimTime(microseconds: 1_500_000))
    #expect(SimTime.parseSeconds("0.0000001") == nil)
    #expect(SubmitWindow(parsing: "20:60") == SubmitWindow(start: .seconds(20), end: .seconds(60)))
    #expect(SubmitWindow(parsing: ":60") == SubmitWindow(start: nil, end: .seconds(60)))
    for bad in ["60:20", "20:20", ":", "20", "a:b"] { #expect(SubmitWindow(parsing: bad) == nil, "\(bad)") }
  }

  @Test("CEA Curie (21.6 GFLOPS/core) onto the Lvliang unit (17.6): run times x 27/22")
  func speedFactor() throws {
    let path = TestPaths.repoRoot + "/configs/tianhe2-lvliang.yaml"
    let (target, basis) = ReplayScenario.targetGFLOPSPerCore(of: try Machine.load(path: path))
    #expect(target == ExactRatio(88, 5))  // 422.4 GFLOPS / 24 cores = 17.6
    #expect(basis == "CPU peak of node type th2-compute: 422.4 GFLOPS / 24 cores")
    var scenario = ReplayScenario(tracePath: "unused.swf", machinePath: path)
    scenario.retarget.sourceGFLOPSPerCore = ExactRatio(decimal: "21.6")
    let retargeting = try scenario.traceRetargeting(for: try scenario.resolveMachine(header: SWFHeader()))
    #expect(retargeting.runTimeScale == ExactRatio(27, 22))
    // 22 s -> 27 s exactly; 1 s -> 1.2272727 s, rounded to 1,227,273 us;
    // the requested time (and so the estimate) scales the same way.
    let out = retargeting.apply(to: [job(1, submit: 0, run: 22, requested: 44), job(2, submit: 5, run: 1)]).jobs
    #expect(out[0].runTime == .seconds(27) && out[0].requestedTime == .seconds(54) && out[0].estimate == .seconds(54))
    #expect(out[1].runTime == SimTime(microseconds: 1_227_273) && out[1].requestedTime == .seconds(-1))
    #expect(out[1].submitTime == .seconds(5))  // speed leaves submit times alone
  }

  @Test("a speed factor on a trace's own machine needs a target speed")
  func speedWithoutTarget() throws {
    var scenario = ReplayScenario(tracePath: "unused.swf", processors: 4)
    scenario.retarget.sourceGFLOPSPerCore = ExactRatio(decimal: "21.6")
    let machine = try scenario.resolveMachine(header: SWFHeader())
    #expect(throws: ScenarioError.self) { try scenario.traceRetargeting(for: machine) }
    scenario.retarget.targetGFLOPSPerCore = ExactRatio(decimal: "10.8")
    #expect(try scenario.traceRetargeting(for: machine).runTimeScale == ExactRatio(2, 1))
  }

  @Test("load factor 2 halves offsets from the first submit; 3 rounds to the microsecond")
  func loadFactor() {
    let jobs = [job(1, submit: 100, run: 1), job(2, submit: 103, run: 1), job(3, submit: 110, run: 1)]
    let halved = TraceRetargeting(loadFactor: ExactRatio(2, 1)).apply(to: jobs).jobs
    #expect(halved.map(\.submitTime) == [.seconds(100), SimTime(microseconds: 101_500_000), .seconds(105)])
    let thirds = TraceRetargeting(loadFactor: ExactRatio(decimal: "3")).apply(to: jobs).jobs
    // 3 s / 3 = 1 s; 10 s / 3 = 3.333333 s.
    #expect(thirds.map(\.submitTime.microseconds) == [100_000_000, 101_000_000, 103_333_333])
    // 1 us / 2 = 0.5 us rounds up; 1.5 is a decimal ratio (3/2).
    let tiny = [job(1, submit: 0, run: 1), Job(id: 2, submitTime: SimTime(microseconds: 1), runTime: .zero, estimate: .zero, processors: 1)]
    #expect(TraceRetargeting(loadFactor: ExactRatio(2, 1)).apply(to: tiny).jobs[1].submitTime.microseconds == 1)
    let slower = TraceRetargeting(loadFactor: ExactRatio(decimal: "0.5")).apply(to: jobs).jobs
    #expect(slower.map(\.submitTime) == [.seconds(100), .seconds(106), .seconds(120)])
  }

  @Test("rebase moves the first job to the start and keeps (scaled) offsets")
  func rebase() {
    let jobs = [job(1, submit: 100, run: 1), job(2, submit: 103, run: 1)]
    let moved = TraceRetargeting(rebaseStart: .zero).apply(to: jobs).jobs
    #expect(moved.map(\.submitTime) == [.zero, .seconds(3)])
    let both = TraceRetargeting(loadFactor: ExactRatio(3, 1), rebaseStart: .seconds(7)).apply(to: jobs).jobs
    #expect(both.map(\.submitTime) == [.seconds(7), .seconds(8)])
  }

  @Test("the window keeps [start, end) of the trace's own times, before load and rebase")
  func window() {
    let jobs = (0..<8).map { job(Int64($0), submit: Int64($0) * 10, run: 1) }
    let kept = TraceRetargeting(
      window: SubmitWindow(start: .seconds(20), end: .seconds(60)), loadFactor: ExactRatio(2, 1),
      rebaseStart: .seconds(1_000)
    ).apply(to: jobs)
    #expect(kept.jobs.map(\.id) == [2, 3, 4, 5])  // 60 excluded
    #expect(kept.jobs.map(\.submitTime) == [.seconds(1_000), .seconds(1_005), .seconds(1_010), .seconds(1_015)])
    #expect(kept.outsideWindow == 4)
  }

  @Test("a whole replay: window, load, rebase and speed on the tiny fixture, recorded in the options")
  func scenario() throws {
    var scenario = ReplayScenario(tracePath: TestPaths.fixture("golden/tiny.swf"), policy: .fcfs)
    scenario.retarget.window = SubmitWindow(parsing: "20:60")
    scenario.retarget.loadFactor = ExactRatio(2, 1)
    scenario.retarget.rebaseStart = .seconds(1_000)
    scenario.retarget.sourceGFLOPSPerCore = ExactRatio(2, 1)
    scenario.retarget.targetGFLOPSPerCore = ExactRatio(1, 1)
    let report = try scenario.run()
    // Jobs 3-6 (submitted 20-50) at 1000, 1005, 1010, 1015, running 60, 400,
    // 20 and 40 s; job 6 needs 3 of the 4 nodes and waits for job 4 (1405).
    #expect(report.metrics.jobsReplayed == 4)
    #expect(report.metrics.firstSubmit == .seconds(1_000))
    #expect(report.metrics.lastEnd == .seconds(1_445))
    #expect(report.skipped.map(\.reason) == ["run_time_missing", "outside_window"])
    #expect(report.skipped.last?.count == 3)
    let options = Dictionary(uniqueKeysWithValues: report.options.map { ($0.0, $0.1) })
    #expect(options["retarget_window_seconds"] == "20:60")
    #expect(options["retarget_load_factor"] == "2")
    #expect(options["retarget_rebase_start_seconds"] == "1000")
    #expect(options["retarget_runtime_factor"] == "2")
    #expect(options["retarget_target_gflops_per_core"] == "1 (given)")
  }

  @Test("CEA Curie retargeted onto the Lvliang unit replays (skipped when ../shared is absent)")
  func ceaCurie() throws {
    guard let trace = TestPaths.sharedTrace("CEA-Curie-2011-2.1-cln.swf.gz") else {
      print("skipped: ../shared/traces/CEA-Curie-2011-2.1-cln.swf.gz is absent")
      return
    }
    var scenario = ReplayScenario(tracePath: trace, machinePath: TestPaths.repoRoot + "/configs/tianhe2-lvliang.yaml")
    scenario.retarget.sourceGFLOPSPerCore = ExactRatio(decimal: "21.6")
    // The cleaned trace starts at 31,656,837 s: its first week.
    scenario.retarget.window = SubmitWindow(start: nil, end: .seconds(31_656_837 + 7 * 86_400))
    scenario.retarget.rebaseStart = .zero
    let report = try scenario.run()
    #expect(report.metrics.firstSubmit == .zero)
    #expect(report.metrics.jobsReplayed > 1_000)
    #expect(report.options.contains { $0.0 == "retarget_runtime_factor" && $0.1 == "27/22 = 1.227273" })
  }
}
