import Foundation
import Reporting
import Scheduling
import SimKernel
import Simulation
import Sweep
import TestSupport
import Testing
import Workload

/// Pending reasons on hand-made fixtures: every job's wait split by reason,
/// worked out by hand from `PendingReason`'s semantics (comments show how).
@Suite("Pending reasons: golden splits and timelines")
struct PendingReasonGoldenTests {
  /// Replays `trace` (a fixture) like `hpcsim replay --jobs-out` and returns
  /// each replayed job's split as read back from the jobs CSV, in whole
  /// seconds as `[id: [reason: seconds]]` (zero reasons left out), and the report.
  static func split(
    _ trace: String, policy: PolicyKind = .easy, policyFile: String? = nil, explain: Int64? = nil
  ) throws -> (byJob: [Int64: [PendingReason: Int64]], report: ReplayReport) {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var scenario = ReplayScenario(
      tracePath: TestPaths.fixture(trace), policy: policy, jobsOutPath: directory + "/jobs.csv")
    if let policyFile { scenario.policyConfig = try PolicyConfig.load(policyFile: TestPaths.fixture(policyFile)) }
    scenario.explainJobID = explain
    let report = try scenario.run()
    var byJob: [Int64: [PendingReason: Int64]] = [:]
    for row in try JobsCSVReader.read(path: directory + "/jobs.csv") {
      guard let pending = row.pending else { continue }
      #expect(pending.total == row.waitingTime?.microseconds, "job \(row.jobID)")
      byJob[row.jobID] = Self.seconds(pending)
    }
    return (byJob, report)
  }

  static func seconds(_ times: PendingTimes) -> [PendingReason: Int64] {
    var result: [PendingReason: Int64] = [:]
    for (reason, microseconds) in times.byReason where microseconds != 0 {
      result[reason] = microseconds / 1_000_000
    }
    return result
  }

  // golden/tiny.swf on 4 nodes (1: 2 nodes 0-100; 2: 4 nodes at 10, est 60;
  // 3: 1 node at 20, est 40; 4: 2 nodes at 30, est 200; 5: 1 node at 40,
  // est 10; 6: 3 nodes at 50, est 20; 8 rejected).
  // FCFS:
  //   t=10  job 2 cannot start (needs 4, 2 free): blocked head, Resources.
  //   t=20..50  jobs 3-6 wait behind it: Priority.
  //   t=100 job 1 ends, job 2 starts on all 4; job 3 (1 node, 0 free) heads.
  //   t=150 job 2 ends: 3, 4, 5 start; job 6 (3 nodes, 1 free) heads until
  //         job 4 ends at 350.
  //   2: R 90; 3: P 20-100 = 80, R 100-150 = 50; 4: P 120; 5: P 110;
  //   6: P 50-150 = 100, R 150-350 = 200.
  @Test("FCFS: the blocked head waits for Resources, everyone behind it for Priority")
  func fcfs() throws {
    let (byJob, report) = try Self.split("golden/tiny.swf", policy: .fcfs)
    #expect(
      byJob == [
        1: [:], 2: [.resources: 90], 3: [.priority: 80, .resources: 50], 4: [.priority: 120],
        5: [.priority: 110], 6: [.priority: 100, .resources: 200],
      ])
    #expect(report.metrics.pending.priority == 410_000_000)
    #expect(report.metrics.pending.resources == 340_000_000)
  }

  // EASY on the same trace:
  //   t=10  job 2 heads; shadow 100 (job 1's end), extra 0.
  //   t=20  job 3 ends by 60 <= 100: backfills. t=30 job 4 (2 nodes, 1 free) waits.
  //   t=40  job 5 ends by 50 <= 100: backfills. t=50 job 6 waits.
  //   t=100 job 2 starts; job 4 heads (0 free), shadow 160 (job 2's estimate).
  //   t=150 job 2 ends: job 4 starts; job 6 heads until job 4 ends at 350.
  //   2: R 90; 4: P 30-100 = 70, R 100-150 = 50; 6: P 50-150 = 100, R 200.
  @Test("EASY: backfilled jobs never wait; the head is Resources until it starts")
  func easy() throws {
    let (byJob, report) = try Self.split("golden/tiny.swf", policy: .easy)
    #expect(
      byJob == [
        1: [:], 2: [.resources: 90], 3: [:], 4: [.priority: 70, .resources: 50], 5: [:],
        6: [.priority: 100, .resources: 200],
      ])
    #expect(report.metrics.pending.priority == 170_000_000)
    #expect(report.metrics.pending.resources == 340_000_000)
    #expect(report.renderText().contains("pending (job-s)   Priority 170 (33.33 %)  Resources 340 (66.67 %)"))
  }

  // policy/qos.swf under qos.yaml (EASY; queue 1 MaxJobsPerUser 1, queue 2
  // MaxTRESPerUser node=2), schedule as in PartitionGoldenTests:
  //   job 2 (user 1) held at 0 by MaxJobsPerUser (job 1 runs) until job 1
  //     ends at 10, then waits behind the head (job 4) until 21:
  //     QOSMaxJobsPerUserLimit 10, Priority 11.
  //   job 4 (2 nodes) heads from 2 until 21: Resources 19.
  //   job 5 (user 3) held at 3: job 4's 2 nodes + 1 > node=2, until job 4
  //     ends at 31, then starts at once: QOSMaxNodePerUserLimit 28.
  //   jobs 6 and 7 wait behind job 4: Priority 4-10 = 6 and 5-21 = 16.
  @Test("QOS limits: a held job's time counts under its QOS reason, the rest as usual")
  func qosHolds() throws {
    let (byJob, report) = try Self.split("policy/qos.swf", policyFile: "policy/qos.yaml")
    #expect(
      byJob == [
        1: [:], 2: [.qosMaxJobsPerUserLimit: 10, .priority: 11], 3: [:], 4: [.resources: 19],
        5: [.qosMaxNodePerUserLimit: 28], 6: [.priority: 6], 7: [.priority: 16],
      ])
    let json = report.jsonValue().rendered()
    #expect(json.contains("\"QOSMaxJobsPerUserLimit\": 10.000000"))
    #expect(json.contains("\"QOSMaxNodePerUserLimit\": 28.000000"))
    #expect(json.contains("\"Priority\": 33.000000"))
  }

  @Test("explain on QOS limits: the held job's timeline shows the hold, then its place in the queue")
  func qosTimeline() throws {
    let (_, report) = try Self.split("policy/qos.swf", policyFile: "policy/qos.yaml", explain: 2)
    let trace = try #require(report.explanation)
    // Held at 0 (invisible to the policy: no position); released at 10 to
    // the back of the queue (4, 6 ahead? 6 started at 10: 4, 7 ahead).
    #expect(trace.passes.map(\.reason) == [.qosMaxJobsPerUserLimit, .qosMaxJobsPerUserLimit, .qosMaxJobsPerUserLimit, .qosMaxJobsPerUserLimit, .qosMaxJobsPerUserLimit, .qosMaxJobsPerUserLimit, .priority])
    #expect(trace.passes.first?.position == nil)
    #expect(trace.passes.last?.time == .seconds(10))
    #expect(trace.passes.last?.position == 3)
    #expect(trace.start == .seconds(21))
    #expect(trace.pendingFromPasses == trace.pending)
  }

  @Test("explain on EASY: the head's shadow time and who backfilled past it")
  func easyTimeline() throws {
    let (_, report) = try Self.split("golden/tiny.swf", policy: .easy, explain: 2)
    let trace = try #require(report.explanation)
    #expect(trace.passes.map(\.time) == [10, 20, 30, 40, 50].map { SimTime.seconds($0) })
    #expect(trace.passes.allSatisfy { $0.reason == .resources && $0.position == 1 && $0.plannedStart == .seconds(100) })
    #expect(trace.passes.flatMap(\.passedBy).map(\.id) == [3, 5])
    #expect(trace.passes.flatMap(\.passedBy).map(\.estimate) == [.seconds(40), .seconds(10)])
    #expect(trace.start == .seconds(100) && trace.end == .seconds(150))
    #expect(trace.pending?.resources == 90_000_000)
    let text = try #require(report.renderExplanation())
    #expect(
      text.hasSuffix(
        """
        t=10   submitted: 4 nodes, estimate 60 s, run time 50 s, user 2
        t=10   pass 2: Resources (first in order, not enough free nodes), 1st of 1 waiting, planned start t=100, 2 nodes busy
        t=20   pass 3: Resources, 1st of 1 waiting, planned start t=100, 3 nodes busy
        t=20   backfilled past it: job 3 (1 node, estimate 40 s, submitted t=20)
               (1 more pass unchanged, t=30)
        t=40   pass 5: Resources, 1st of 2 waiting, planned start t=100, 4 nodes busy
        t=40   backfilled past it: job 5 (1 node, estimate 10 s, submitted t=40)
               (1 more pass unchanged, t=50)
        t=100  started on nodes 0-3 after waiting 90 s
        t=150  ended: completed
        pending: Resources 90 s

        """))
  }

  @Test("explain on FCFS: the job becomes head when the job ahead starts; nobody passes it")
  func fcfsTimeline() throws {
    let (_, report) = try Self.split("golden/tiny.swf", policy: .fcfs, explain: 3)
    let trace = try #require(report.explanation)
    // Submitted at 20 behind job 2; at 100 job 2 starts and job 3 heads
    // (no node free; FCFS plans no start for it).
    #expect(trace.passes.map(\.reason) == [.priority, .priority, .priority, .priority, .resources])
    #expect(trace.passes.map(\.position) == [2, 2, 2, 2, 1])
    #expect(trace.passes.allSatisfy { $0.plannedStart == nil && $0.passedBy.isEmpty })
    #expect(trace.pending.map(Self.seconds) == [.priority: 80, .resources: 50])
    #expect(trace.pendingFromPasses == trace.pending)
  }

  @Test("conservative: the first job left waiting is Resources; reservations are planned starts")
  func conservativeTimeline() throws {
    var scenario = ReplayScenario(tracePath: TestPaths.fixture("golden/tiny.swf"), policy: .conservative)
    scenario.recordsProvenance = false
    scenario.explainJobID = 4
    let report = try scenario.run()
    let trace = try #require(report.explanation)
    // Job 4 (2 nodes, est 200) arrives at 30 behind job 2 (reserved at 100-160);
    // its reservation is 160 (after job 2); at 100 job 2 starts and job 4 is
    // first in order: Resources until it starts at 150 (job 2 ended early).
    #expect(trace.passes.first?.plannedStart == .seconds(160))
    #expect(trace.passes.first?.reason == .priority)
    #expect(trace.passes.last?.reason == .resources)
    #expect(trace.start == .seconds(150))
    #expect(trace.pending.map(Self.seconds) == [.priority: 70, .resources: 50])
  }
}
