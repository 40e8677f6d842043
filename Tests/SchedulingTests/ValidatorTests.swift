import Platform
import Reporting
import Scheduling
import SimKernel
import Simulation
import Sweep
import Testing
import TestSupport
import Workload

#if canImport(Glibc)
  import Glibc
#endif

/// `ScheduleValidator` and `JobsCSVReader`: hand-made schedules that each
/// break one rule are caught with the expected message; schedules the
/// simulator writes (tiny, random and real traces) pass.
@Suite("Schedule validator")
struct ValidatorTests {
  /// A 4-node trace: jobs 1-4 run, job 5 (8 nodes) is rejected, record 6 is
  /// skipped (no run time). See Tests/Fixtures/validator/README.md.
  static let tinyTrace = TestPaths.fixture("validator/tiny.swf")

  /// Validates fixture `name` against `tinyTrace` as the CLI would.
  func validateFixture(_ name: String, policy: PolicyKind) throws -> ValidationReport {
    try validate(
      trace: Self.tinyTrace, csv: TestPaths.fixture("validator/" + name), policy: policy)
  }

  // MARK: - One broken rule per fixture

  struct BrokenCase: CustomTestStringConvertible, Sendable {
    var file: String
    var policy: PolicyKind
    var expected: [String]
    var testDescription: String { "\(file) (\(policy.rawValue))" }
  }

  static let brokenCases: [BrokenCase] = [
    BrokenCase(
      file: "start-before-submit.csv", policy: .easy,
      expected: ["job 3: starts at 0.500000 before its submit time 1.000000"]),
    BrokenCase(
      file: "wrong-run-time.csv", policy: .easy,
      expected: ["job 2: runs 6.000000 s (10.000000 to 16.000000) but its run time is 5.000000 s"]),
    // More nodes in use than exist, with every allocation the right size and
    // on the machine, means some node is held twice: both are reported.
    BrokenCase(
      file: "over-capacity.csv", policy: .easy,
      expected: [
        "job 2: starts at 5.000000 needing 3 nodes while 2 of 4 are in use",
        "job 2: starts at 5.000000 on node 1, which job 1 still holds",
      ]),
    BrokenCase(
      file: "node-shared.csv", policy: .easy,
      expected: ["job 3: starts at 10.000000 on node 2, which job 2 still holds"]),
    BrokenCase(
      file: "fcfs-order.csv", policy: .fcfs,
      expected: [
        "job 3: starts at 1.000000, before job 2 (submitted ahead of it, at 0.000000) starts at 10.000000"
      ]),
    BrokenCase(
      file: "missing-job.csv", policy: .fcfs,
      expected: ["job 4: is in the trace but has no row in the schedule"]),
    BrokenCase(
      file: "duplicate-job.csv", policy: .fcfs,
      expected: ["duplicate-job.csv:7: job 3: has a second row (the first is at line 3)"]),
    BrokenCase(
      file: "unknown-job.csv", policy: .fcfs,
      expected: ["unknown-job.csv:7: job 6: is not among the jobs the trace admits"]),
    BrokenCase(
      file: "wrongly-rejected.csv", policy: .fcfs,
      expected: ["job 3: is marked rejected (success 0) but needs only 1 of the 4 nodes"]),
    BrokenCase(
      file: "not-rejected.csv", policy: .fcfs,
      expected: ["job 5: needs 8 nodes of 4 but is not rejected (success 0, empty times and nodes)"]),
  ]

  @Test("a schedule breaking one rule is reported with exactly the expected message", arguments: brokenCases)
  func brokenRule(_ broken: BrokenCase) throws {
    let report = try validateFixture(broken.file, policy: broken.policy)
    #expect(!report.isValid)
    #expect(report.violations.map { $0.rendered(file: broken.file) } == broken.expected)
    #expect(report.violationCount == broken.expected.count)
    let text = report.renderText(file: broken.file)
    #expect(text.hasSuffix("\(broken.expected.count) violation\(broken.expected.count == 1 ? "" : "s")\n"))
  }

  @Test("the hand-checked FCFS schedule is valid under FCFS and EASY")
  func validFixture() throws {
    for policy in PolicyKind.allCases {
      let report = try validateFixture("valid-fcfs.csv", policy: policy)
      #expect(report.isValid, "\(policy): \(report.renderText(file: "valid-fcfs.csv"))")
      #expect(report.jobsChecked == 5)
      #expect(report.rejectedJobs == 1)
    }
    let fcfs = try validateFixture("valid-fcfs.csv", policy: .fcfs)
    #expect(
      fcfs.renderText(file: "valid-fcfs.csv")
        == "valid: 5 jobs checked (submit, run time, capacity 4 nodes, exclusive nodes, fcfs order), 1 rejected as larger than the machine\n"
    )
  }

  @Test("the JSON report names each violation's job, line, kind and message")
  func jsonReport() throws {
    let report = try validateFixture("duplicate-job.csv", policy: .fcfs)
    let json = report.jsonValue(file: "d.csv").rendered()
    #expect(json.contains(#""valid": false"#))
    #expect(json.contains(#""violation_count": 1"#))
    #expect(json.contains(#""job_id": 3"#) && json.contains(#""line": 7"#))
    #expect(json.contains(#""kind": "duplicate_row""#))
    #expect(json.contains(#""message": "d.csv:7: job 3: has a second row (the first is at line 3)""#))
  }

  @Test("only the first violations are kept, but all are counted")
  func violationLimit() throws {
    // An empty schedule: one missing row per job.
    let jobs = Self.randomWorkload(seed: 3, count: 300, nodes: 16)
    let report = ScheduleValidator(nodes: 16, violationLimit: 10).validate(trace: jobs, schedule: [])
    #expect(report.violationCount == 300)
    #expect(report.violations.count == 10)
    #expect(report.renderText(file: "x.csv").hasSuffix("... (280 more)\n300 violations\n"))
  }

  @Test("backfilling out of arrival order is a violation only under FCFS")
  func orderIsAnFCFSGuarantee() throws {
    #expect(try validateFixture("fcfs-order.csv", policy: .easy).isValid)
    #expect(try validateFixture("fcfs-order.csv", policy: .fcfs).violationCount == 1)
  }

  @Test("a malformed number stops the read with file, line and field")
  func malformedNumber() throws {
    let path = TestPaths.fixture("validator/malformed-number.csv")
    #expect(throws: JobsCSVError.notANumber(path: path, line: 3, field: "starting_time", token: "x")) {
      try JobsCSVReader.read(path: path)
    }
    do {
      _ = try JobsCSVReader.read(path: path)
    } catch {
      #expect(error.description == "\(path):3: field 'starting_time' = 'x' is not a number")
    }
  }

  // MARK: - The reader

  static let header = JobsCSVReader.columns.joined(separator: ",") + "\n"

  func parse(_ body: String) throws(JobsCSVError) -> [ScheduledRow] {
    try JobsCSVReader.parse(bytes: Array((Self.header + body).utf8), path: "j.csv")
  }

  @Test("times are read exactly in microseconds, never through Double")
  func exactTimes() throws {
    let rows = try parse(
      "7,0.000001,2,86400.5,1,1234567890.123456,-0.5,1234567889.623456,12,3,6.000000,0-1\r\n"
        + "8,1,1,1,0,,,,,,,\n")
    #expect(rows.count == 2)
    let row = try #require(rows.first)
    #expect(row.line == 2)
    #expect(row.submitTime == SimTime(microseconds: 1))
    #expect(row.requestedTime == SimTime(microseconds: 86_400_500_000))
    #expect(row.startTime == SimTime(microseconds: 1_234_567_890_123_456))
    #expect(row.executionTime == SimTime(microseconds: -500_000))
    #expect(row.stretchMillionths == 6_000_000)
    #expect(row.nodes == NodeSet(canonicalRuns: [NodeRun(0, 1)]))
    #expect(rows[1].success == false && rows[1].hasNoPlacement && rows[1].line == 3)
  }

  @Test("allocations in any order and touching runs become one canonical set")
  func nodeSets() throws {
    let rows = try parse("1,0,5,1,1,0,1,1,0,1,1.0,8 4-5 0-3\n")
    #expect(rows[0].nodes == NodeSet(canonicalRuns: [NodeRun(0, 5), NodeRun(8, 8)]))
  }

  struct BadInput: CustomTestStringConvertible, Sendable {
    var body: String
    var error: JobsCSVError
    var testDescription: String { error.description }
  }

  static let badInputs: [BadInput] = [
    BadInput(body: "1,0,1,1,1,0,1,1,0,1,1.0\n", error: .fieldCount(path: "j.csv", line: 2, found: 11)),
    BadInput(
      body: "1,0,1,1,1,0,1,1,0,1,1.0,0,\n", error: .fieldCount(path: "j.csv", line: 2, found: 13)),
    BadInput(
      body: "1,0,1,1,1,0.0000001,1,1,0,1,1.0,0\n",
      error: .tooManyDecimals(path: "j.csv", line: 2, field: "starting_time", token: "0.0000001")),
    BadInput(
      body: "1,,1,1,1,0,1,1,0,1,1.0,0\n",
      error: .emptyField(path: "j.csv", line: 2, field: "submission_time")),
    BadInput(
      body: "1.5,0,1,1,1,0,1,1,0,1,1.0,0\n",
      error: .notANumber(path: "j.csv", line: 2, field: "job_id", token: "1.5")),
    BadInput(
      body: "1,0,1,1,1,0,1,1,0,1,1.0,0\n2,0,1,1,1,12.,1,1,0,1,1.0,0\n",
      error: .notANumber(path: "j.csv", line: 3, field: "starting_time", token: "12.")),
    BadInput(
      body: "1,0,1,1,1,99999999999999999,1,1,0,1,1.0,0\n",
      error: .outOfRange(path: "j.csv", line: 2, field: "starting_time", token: "99999999999999999")),
    BadInput(body: "1,0,1,1,2,0,1,1,0,1,1.0,0\n", error: .badSuccess(path: "j.csv", line: 2, token: "2")),
    BadInput(body: "1,0,2,1,1,0,1,1,0,1,1.0,3-2\n", error: .badNodeSet(path: "j.csv", line: 2, token: "3-2")),
    BadInput(body: "1,0,2,1,1,0,1,1,0,1,1.0,0;1\n", error: .badNodeSet(path: "j.csv", line: 2, token: "0;1")),
    BadInput(
      body: "1,0,5,1,1,0,1,1,0,1,1.0,0-3 2\n",
      error: .repeatedNode(path: "j.csv", line: 2, token: "0-3 2", node: 2)),
  ]

  @Test("malformed rows are refused with file, line and column", arguments: badInputs)
  func badRow(_ bad: BadInput) {
    #expect(throws: bad.error) { try parse(bad.body) }
  }

  @Test("a file that is not a jobs.csv is refused at its header")
  func badHeader() {
    #expect(throws: JobsCSVError.emptyFile(path: "e.csv")) {
      try JobsCSVReader.parse(bytes: [], path: "e.csv")
    }
    #expect(throws: JobsCSVError.badHeader(path: "h.csv", found: "job_id,submit")) {
      try JobsCSVReader.parse(bytes: Array("job_id,submit\n1,2\n".utf8), path: "h.csv")
    }
    #expect(throws: JobsCSVError.self) { try JobsCSVReader.read(path: "/nonexistent/jobs.csv") }
  }

  // MARK: - Schedules the simulator writes

  @Test("the simulator's own schedules of random workloads pass, FCFS and EASY", arguments: PolicyKind.allCases)
  func randomReplays(policy: PolicyKind) throws {
    for seed in UInt64(1)...8 {
      let jobs = Self.randomWorkload(seed: seed, count: 400, nodes: 16)
      let path = ValidatorScratch.path("random-\(policy.rawValue)-\(seed).csv")
      defer { unlink(path) }
      let writer = try JobsCSVWriter(path: path)
      var replay = Replay(totalNodes: 16, policy: policy.makePolicy(), observer: writer)
      var source = ArrayJobSource(jobs)
      try replay.run(&source)
      try writer.commit()
      let rows = try JobsCSVReader.read(path: path)
      let report = ScheduleValidator(nodes: 16, guarantees: policy.scheduleGuarantees)
        .validate(trace: jobs, schedule: rows)
      #expect(report.isValid, "seed: \(seed), policy: \(policy): \(report.renderText(file: path))")
      #expect(report.jobsChecked == 400 && report.rowsRead == 400)
      if policy == .easy && seed == 1 {
        // EASY backfills here, so the FCFS promise must not hold: the check is real.
        let asFCFS = ScheduleValidator(nodes: 16, guarantees: [ArrivalOrderGuarantee()])
          .validate(trace: jobs, schedule: rows)
        #expect(asFCFS.violationCount > 0)
        #expect(asFCFS.violations.allSatisfy { $0.kind.name == "arrival_order_broken" })
      }
    }
  }

  @Test("jobs killed at their requested time + OverTimeLimit are valid only when the kill is expected")
  func walltimeKills() throws {
    // Every third job runs longer than it requested: with kills it ends at
    // requested + 60 s with success 0, and the estimate is the request.
    let jobs = Self.randomWorkload(seed: 9, count: 300, nodes: 16).enumerated().map { index, job in
      var job = job
      if index % 3 == 0 && job.runTime > .seconds(100) { job.requestedTime = .seconds(30) }
      job.estimate = job.requestedTime.microseconds >= 0 ? job.requestedTime : job.runTime
      return job
    }
    let overTime = SimTime.seconds(60)
    let killed = jobs.filter { $0.requestedTime.microseconds >= 0 && $0.runTime > $0.requestedTime + overTime }
    #expect(killed.count > 10)
    let path = ValidatorScratch.path("kills.csv")
    defer { unlink(path) }
    let writer = try JobsCSVWriter(path: path)
    var source = ArrayJobSource(jobs)
    var replay = Replay(
      totalNodes: 16, policy: FCFSPolicy(), observer: writer,
      options: ReplayOptions(killAtWalltime: true, overTimeLimit: overTime))
    try replay.run(&source)
    try writer.commit()
    let rows = try JobsCSVReader.read(path: path)
    let withKills = ScheduleValidator(nodes: 16, walltimeKill: overTime).validate(trace: jobs, schedule: rows)
    #expect(withKills.isValid, "\(withKills.renderText(file: path))")
    #expect(withKills.checks.contains("run time with walltime kills"))
    // The same schedule checked as if jobs always ran fully: each kill is a wrong run time.
    let withoutKills = ScheduleValidator(nodes: 16).validate(trace: jobs, schedule: rows)
    #expect(withoutKills.violationCount == killed.count)
    let killedIDs = Set(killed.map(\.id))
    #expect(withoutKills.violations.allSatisfy { killedIDs.contains($0.jobID) })
    #expect(withoutKills.violations.allSatisfy { $0.kind.name == "wrong_run_time" })
    // A killed job marked successful is caught.
    var tampered = rows
    let index = try #require(tampered.firstIndex { !$0.success && !$0.hasNoPlacement })
    tampered[index].success = true
    let report = ScheduleValidator(nodes: 16, walltimeKill: overTime).validate(trace: jobs, schedule: tampered)
    #expect(
      report.violations.map { $0.rendered(file: "k.csv") }
        == ["job \(tampered[index].jobID): has success 1 but is killed at its time limit"])
  }

  @Test("moving one real start by a microsecond is caught")
  func tamperedReplay() throws {
    let jobs = Self.randomWorkload(seed: 42, count: 200, nodes: 16)
    let path = ValidatorScratch.path("tampered.csv")
    defer { unlink(path) }
    let writer = try JobsCSVWriter(path: path)
    var source = ArrayJobSource(jobs)
    var replay = Replay(totalNodes: 16, policy: FCFSPolicy(), observer: writer)
    try replay.run(&source)
    try writer.commit()
    var rows = try JobsCSVReader.read(path: path)
    let index = try #require(rows.firstIndex { $0.success && ($0.executionTime?.microseconds ?? 0) > 0 })
    rows[index].finishTime = rows[index].finishTime.map { $0 + SimTime(microseconds: 1) }
    let report = ScheduleValidator(nodes: 16).validate(trace: jobs, schedule: rows)
    #expect(report.violations.map(\.kind.name).contains("wrong_run_time"))
    #expect(report.violations.allSatisfy { $0.jobID == rows[index].jobID })
  }

  /// A repeatable workload with bursts of equal submit times, zero run
  /// times, over-estimates and whole-machine jobs.
  static func randomWorkload(seed: UInt64, count: Int, nodes: Int32) -> [Job] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    func next(_ bound: Int64) -> Int64 {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return Int64(state % UInt64(bound))
    }
    var submit: Int64 = 0
    return (1...count).map { id in
      submit += next(4) == 0 ? 0 : next(30)
      let run = next(10) == 0 ? 0 : 1 + next(200)
      let size = next(12) == 0 ? nodes : Int32(1 + next(Int64(nodes / 2)))
      return Job(
        id: Int64(id) * 3, submitTime: .seconds(submit), runTime: .seconds(run),
        estimate: .seconds(run + next(300)), processors: size)
    }
  }

  // MARK: - Real traces

  struct RealCase: CustomTestStringConvertible, Sendable {
    var trace: String
    var policy: PolicyKind
    var testDescription: String { "\(trace) \(policy.rawValue)" }
  }

  static let realCases = ["SDSC-SP2-1998-4.2-cln.swf.gz", "KTH-SP2-1996-2.1-cln.swf.gz", "HPC2N-2002-2.2-cln.swf.gz"]
    .flatMap { trace in PolicyKind.allCases.map { RealCase(trace: trace, policy: $0) } }

  @Test(
    "real traces replayed by the simulator validate with zero violations",
    .enabled(if: TestPaths.sharedTracesDirectory != nil, "../shared/traces is absent"),
    arguments: realCases)
  func realTrace(_ real: RealCase) throws {
    let trace = try #require(TestPaths.sharedTrace(real.trace), "\(real.trace) is absent from ../shared/traces")
    let path = ValidatorScratch.path("\(real.trace)-\(real.policy.rawValue).csv")
    defer { unlink(path) }
    let replayed = try ReplayScenario(tracePath: trace, policy: real.policy, jobsOutPath: path).run()
    let report = try validate(trace: trace, csv: path, policy: real.policy)
    #expect(report.isValid, "\(report.renderText(file: path))")
    #expect(report.jobsChecked == replayed.counters.jobsSubmitted)
    #expect(report.rowsRead == replayed.counters.jobsSubmitted)
    #expect(report.checks.last == (real.policy == .fcfs ? "fcfs order" : "exclusive nodes"))
  }
}

extension ValidatorTests {
  /// Validates `csv` against `trace` on the trace's own machine, resolved as
  /// `hpcsim validate` resolves it.
  func validate(trace: String, csv: String, policy: PolicyKind) throws -> ValidationReport {
    let scenario = ReplayScenario(tracePath: trace, policy: policy)
    let (jobs, nodes) = try ScheduleValidator.admittedJobs(
      tracePath: trace, estimate: scenario.estimate, onBadRecord: scenario.onBadRecord
    ) { header in
      let machine = try scenario.resolveMachine(header: header)
      return (machine.nodes, machine.coresPerNode)
    }
    let rows = try JobsCSVReader.read(path: csv)
    return ScheduleValidator(nodes: nodes, guarantees: policy.scheduleGuarantees)
      .validate(trace: jobs, schedule: rows)
  }
}

/// Files the validator tests write, in one fresh temporary directory.
enum ValidatorScratch {
  static let directory: String = {
    let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array((base + "/hpcsim-validator-tests-XXXXXX").utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(made != nil, "cannot create a temporary directory")
    return String(cString: made!)
  }()

  /// A path in the scratch directory, not created.
  static func path(_ name: String) -> String { directory + "/" + name }
}
