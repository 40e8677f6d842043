import Foundation
import Platform
import Reporting
import Scheduling
import SimKernel
import Sweep
import TestSupport
import Testing
import Workload

/// Partitions and QOS limits: golden schedules of the hand-made fixtures in
/// Tests/Fixtures/policy, worked out by hand (comments show how), replayed
/// the way `hpcsim replay --policy-file` replays them and checked by the
/// validator.
@Suite("Partitions and QOS limits: golden schedules")
struct PartitionGoldenTests {
  /// The three policies a policy file can choose, with planning at every
  /// second (conservative) so that the fixtures' small times are exact.
  static let schedulers: [(String, @Sendable (inout PolicyConfig) -> Void)] = [
    ("fcfs", { $0.schedulerType = .builtin }),
    ("easy", { $0.schedulerParameters.bfJobPartCountReserve = 1 }),
    (
      "conservative",
      {
        $0.schedulerParameters.bfResolutionSeconds = 1
        $0.schedulerParameters.bfIntervalSeconds = 1
      }
    ),
  ]

  /// Replays a fixture trace under a fixture policy file (adjusted by
  /// `adjust`); returns the ran jobs as `id start-end [nodes]` by id, the
  /// rejected ids, the report and the validation result.
  static func run(
    trace: String, policy: String, adjust: (inout PolicyConfig) -> Void = { _ in }
  ) throws -> (schedule: [String], rejected: [Int64], report: ReplayReport, validation: ValidationReport, rows: [ScheduledRow]) {
    try run(tracePath: TestPaths.fixture(trace), policyPath: TestPaths.fixture(policy), adjust: adjust)
  }

  static func run(
    tracePath: String, policyPath: String, adjust: (inout PolicyConfig) -> Void = { _ in }
  ) throws -> (schedule: [String], rejected: [Int64], report: ReplayReport, validation: ValidationReport, rows: [ScheduledRow]) {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var scenario = ReplayScenario(tracePath: tracePath, jobsOutPath: directory + "/jobs.csv")
    var config = try PolicyConfig.load(policyFile: policyPath)
    adjust(&config)
    scenario.policyConfig = config
    let report = try scenario.run()
    let rows = try JobsCSVReader.read(path: directory + "/jobs.csv")
    let schedule = rows.filter { $0.startTime != nil }.sorted { $0.jobID < $1.jobID }.map {
      "\($0.jobID) \($0.startTime!.wholeSeconds)-\($0.finishTime!.wholeSeconds) [\($0.nodes.intervalSetDescription)]"
    }
    let rejected = rows.filter { $0.startTime == nil }.map(\.jobID).sorted()
    var resolved: ResolvedMachine?
    let (admitted, nodes) = try ScheduleValidator.admittedJobs(
      tracePath: scenario.tracePath, estimate: .requested, onBadRecord: .fail
    ) { header in
      let machine = try scenario.resolveMachine(header: header)
      resolved = machine
      return (machine.nodes, machine.coresPerNode)
    }
    let (jobs, expectedRejections, guarantees) = try scenario.constraintValidation(
      jobs: admitted, rows: rows, machine: resolved!)
    var validator = ScheduleValidator(nodes: nodes, guarantees: guarantees)
    validator.rejectedByConfiguration = expectedRejections
    return (schedule, rejected, report, validator.validate(trace: jobs, schedule: rows), rows)
  }

  // partitions.swf on 6 nodes: small = nodes 0-1 (MaxTime 20 s, DefaultTime
  // 15 s, MaxNodes 1), big = nodes 2-5; job 8 names partition 3, not
  // listed, so it goes to the first (default) partition, small.
  //   t=0  jobs 1 and 2 start on small (0, 1); job 2 asks no time: its
  //        limit and estimate become DefaultTime, 15 s. Job 3 waits: small
  //        is full, although big's 4 nodes are all free.
  //   t=1  job 4 takes big (2-5) until 31.
  //   t=2  job 5 asks 30 s > MaxTime 20 s: rejected. Job 6 needs 2 nodes >
  //        MaxNodes 1: rejected. t=3: job 7 needs 5 nodes, big has 4: rejected.
  //   t=8  job 2 ends (before its 15 s estimate): job 3 starts on node 1.
  //   t=10 job 1 ends: job 8 (waiting since 4) starts on node 0.
  //   t=31 job 4 ends: job 9 (big, waiting since 5) starts on 2-3.
  // Every policy gives this schedule: nothing could backfill.
  static let partitionSchedule = [
    "1 0-10 [0]", "2 0-8 [1]", "3 8-14 [1]", "4 1-31 [2-5]", "8 10-12 [0]", "9 31-34 [2-3]",
  ]

  @Test("jobs run only on their partition's nodes; partition limits reject with reasons", arguments: [0, 1, 2])
  func partitions(_ scheduler: Int) throws {
    let (name, adjust) = Self.schedulers[scheduler]
    let result = try Self.run(trace: "policy/partitions.swf", policy: "policy/partitions.yaml", adjust: adjust)
    #expect(result.schedule == Self.partitionSchedule, "\(name)")
    #expect(result.rejected == [5, 6, 7], "\(name)")
    let reasons = Dictionary(uniqueKeysWithValues: result.report.metrics.rejected.map { ($0.reason, $0.count) })
    #expect(reasons == ["partition_time_limit": 1, "partition_node_limit": 1, "larger_than_partition": 1], "\(name)")
    // Job 2's DefaultTime became its planned time.
    #expect(result.rows.first { $0.jobID == 2 }?.requestedTime == .seconds(15))
    #expect(result.validation.isValid, "\(name): \(result.validation.renderText(file: "jobs.csv", maxLines: 5))")
    #expect(result.validation.checks.contains("nodes within partitions (2)"))
    #expect(result.validation.renderText(file: "jobs.csv", maxLines: 5).contains("3 rejected as larger than the machine or by partition and QOS limits"))
  }

  // qos.swf on 8 nodes, EASY in arrival order. Queue 1: MaxJobsPerUser 1;
  // queue 2: MaxTRESPerUser node=2; queue 3: MaxSubmitJobsPerUser 2; queue
  // 0 has no QOS.
  //   t=0  user 1's jobs 1, 2 (queue 1): 1 starts on node 0; 2 is held.
  //   t=1  job 3 (7 nodes) starts on 1-7: the held job 2, ahead of it,
  //        does not block it.
  //   t=2  job 4 (user 3, 2 nodes) waits for nodes: head, shadow 21
  //        (job 3's end), 6 extra nodes. t=3: job 5 (user 3, 1 node) is held:
  //        2 + 1 > node=2.
  //   t=4, 5  jobs 6, 7 (user 4, queue 3) wait; t=6: job 8 is user 4's third
  //        job running or pending: rejected at submit.
  //   t=10 job 1 ends, job 2 is released (to the back of the queue). Free:
  //        node 0; head 4 needs 2; job 6 backfills on the extra nodes.
  //   t=21 job 3 ends: 4 (1-2), 7 (3) and 2 (4) start.
  //   t=31 jobs 4 and 2 end; job 5 is released and starts on node 1.
  static let qosSchedule = [
    "1 0-10 [0]", "2 21-31 [4]", "3 1-21 [1-7]", "4 21-31 [1-2]", "5 31-36 [1]", "6 10-110 [0]",
    "7 21-121 [3]",
  ]

  @Test("QOS limits hold jobs back without blocking others, and reject submits beyond the limit")
  func qosLimits() throws {
    let result = try Self.run(trace: "policy/qos.swf", policy: "policy/qos.yaml")
    #expect(result.schedule == Self.qosSchedule)
    #expect(result.rejected == [8])
    #expect(result.report.metrics.rejected.map(\.reason) == ["qos_max_submit_jobs_per_user"])
    #expect(result.validation.isValid, "\(result.validation.renderText(file: "jobs.csv", maxLines: 5))")
    #expect(result.validation.checks.contains("qos per-user limits"))
  }

  @Test("the validator catches a job placed outside its partition and a user over the limit")
  func validatorCatchesBreaches() throws {
    let layout = try PartitionLayout(
      partitions: [
        .init(name: "a", number: 1, nodes: 0..<2), .init(name: "b", number: 2, nodes: 2..<4),
      ], defaultPartition: 0)
    let limits = UserLimits(byQueue: [1: .init(maxJobsPerUser: 1)])
    let jobs = [
      Job(id: 1, submitTime: .zero, runTime: .seconds(5), estimate: .seconds(5), processors: 1, userID: 7,
          queueNumber: 1, partitionNumber: 1),
      Job(id: 2, submitTime: .zero, runTime: .seconds(5), estimate: .seconds(5), processors: 1, userID: 7,
          queueNumber: 1, partitionNumber: 2),
    ]
    // Job 2 of partition b (nodes 2-3) runs on node 1, alongside job 1 of the same user.
    let csv = JobsCSVWriter.header
      + "1,0.000000,1,5.000000,1,0.000000,5.000000,5.000000,0.000000,5.000000,1.000000,0,COMPLETED_SUCCESSFULLY,7,-1,1,1,0,0,0,0,0,0\n"
      + "2,0.000000,1,5.000000,1,0.000000,5.000000,5.000000,0.000000,5.000000,1.000000,1,COMPLETED_SUCCESSFULLY,7,-1,2,1,0,0,0,0,0,0\n"
    let rows = try JobsCSVReader.parse(bytes: Array(csv.utf8), path: "jobs.csv")
    let validator = ScheduleValidator(
      nodes: 4, guarantees: [PartitionGuarantee(layout: layout), UserLimitGuarantee(limits: limits)])
    let report = validator.validate(trace: jobs, schedule: rows)
    #expect(report.violationCount == 2)
    #expect(report.violations.map(\.jobID) == [2, 2])
  }

  @Test("real trace: SDSC DataStar on its three partitions, EASY and FCFS, validated")
  func dataStarPartitions() throws {
    guard let trace = TestPaths.sharedTrace("SDSC-DS-2004-2.1-cln.swf.gz") else {
      print("SKIPPED: ../shared/traces/SDSC-DS-2004-2.1-cln.swf.gz is absent")
      return
    }
    let policy = TestPaths.repoRoot + "/configs/policy-sdsc-ds-partitions.yaml"
    for (name, adjust) in [Self.schedulers[1], Self.schedulers[0]] {
      let result = try Self.run(tracePath: trace, policyPath: policy, adjust: adjust)
      #expect(result.validation.isValid, "\(name): \(result.validation.renderText(file: "jobs.csv", maxLines: 5))")
      // 28 jobs need more than their partition (e.g. 72+ processors in the
      // 72-processor interactive partition); 96 ask more than 18 h.
      let reasons = Dictionary(uniqueKeysWithValues: result.report.metrics.rejected.map { ($0.reason, $0.count) })
      #expect(reasons == ["larger_than_partition": 28, "partition_time_limit": 96], "\(name)")
      #expect(result.schedule.count == 84_921, "\(name)")
    }
  }

  @Test("real trace: KTH SP2 under per-user limits, every policy, validated")
  func kthUserLimits() throws {
    guard let trace = TestPaths.sharedTrace("KTH-SP2-1996-2.1-cln.swf.gz") else {
      print("SKIPPED: ../shared/traces/KTH-SP2-1996-2.1-cln.swf.gz is absent")
      return
    }
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let policy = directory + "/qos.yaml"
    try """
      PriorityType: priority/basic
      QOS:
        default: { MaxJobsPerUser: 2, MaxTRESPerUser: node=64, MaxSubmitJobsPerUser: 20 }
      """.write(toFile: policy, atomically: true, encoding: .utf8)
    // Conservative with Slurm's defaults (bf_resolution 60 s, bf_interval
    // 30 s): planning every second makes ~17 M wake-up passes on KTH, with or
    // without limits, which is too slow for a debug test.
    let conservative: @Sendable (inout PolicyConfig) -> Void = { _ in }
    for (name, adjust) in [Self.schedulers[0], Self.schedulers[1], ("conservative", conservative)] {
      let result = try Self.run(tracePath: trace, policyPath: policy, adjust: adjust)
      #expect(result.validation.isValid, "\(name): \(result.validation.renderText(file: "jobs.csv", maxLines: 5))")
      #expect(result.validation.checks.contains("qos per-user limits"))
      #expect(result.report.metrics.rejected.contains { $0.reason == "qos_max_submit_jobs_per_user" && $0.count > 0 }, "\(name)")
    }
  }
}
