import Foundation
import Platform
import Reporting
import Scheduling
import SimKernel
import Simulation
import Sweep
import TestSupport
import Testing
import Workload

/// Recomputes every waiting job's reason at every pass from the replay's
/// state (`PassInspection.reason(of:)`, O(queue) per pass), independently of
/// the replay's O(1) accounting, and sums each job's intervals; also checks
/// who is `Resources`.
final class ReasonAudit: PassTracer, ReplayObserver {
  /// Who must be the `Resources` job after a pass (one node group, no storage).
  enum HeadRule {
    /// Not checked.
    case none
    /// The first waiting job in arrival order (FCFS, EASY, conservative in arrival order).
    case firstInQueue
    /// The job at position 1 of the policy's order.
    case firstInOrder
  }

  /// The waiting job in a slot: its current reason since when, and its
  /// intervals so far.
  struct Waiting {
    var jobID: Int64
    var reason: PendingReason
    var since: SimTime
    var times = PendingTimes()

    mutating func close(at now: SimTime) { times[reason] += (now - since).microseconds }
  }

  let headRule: HeadRule
  var waiting: [Waiting?] = []
  /// Per job: the audit's split, and the replay's (`JobOutcome.pending`).
  var audited: [Int64: PendingTimes] = [:]
  var accounted: [Int64: PendingTimes] = [:]
  var waits: [Int64: Int64] = [:]
  var duplicateIDs = 0
  /// Passes after which the `Resources` job broke `headRule` (first few).
  var headProblems: [String] = []
  var passes = 0

  init(headRule: HeadRule) { self.headRule = headRule }

  /// Jobs the policy starts: their last reason holds until now. (A start
  /// refused for storage space reopens at `passApplied`.)
  func passDecided(at now: SimTime, queue: WaitingQueue, jobs: [Job], firstNewArrival: Int, decisions: [Decision]) {
    passes += 1
    for case .start(let index) in decisions {
      let slot = Int(queue[index].slot)
      guard slot < waiting.count, var job = waiting[slot] else { continue }
      job.close(at: now)
      audited[job.jobID, default: PendingTimes()].add(job.times)
      waiting[slot] = nil
    }
  }

  /// Every waiting job's reason from now on; an interval closes when it changes.
  func passApplied(_ inspection: some PassInspection) {
    let queue = inspection.queue
    let now = inspection.now
    var resources: [Int32] = []
    for index in queue.head..<queue.endIndex where queue[index].isLive {
      let slot = queue[index].slot
      if Int(slot) >= waiting.count { waiting.append(contentsOf: repeatElement(nil, count: Int(slot) + 1 - waiting.count)) }
      let reason = inspection.reason(of: slot)
      if reason == .resources { resources.append(slot) }
      if var job = waiting[Int(slot)] {
        guard job.reason != reason else { continue }
        job.close(at: now)
        job.reason = reason
        job.since = now
        waiting[Int(slot)] = job
      } else {
        waiting[Int(slot)] = Waiting(jobID: inspection.jobs[Int(slot)].id, reason: reason, since: now)
      }
    }
    checkHead(resources, inspection)
  }

  func checkHead(_ resources: [Int32], _ inspection: some PassInspection) {
    let queue = inspection.queue
    guard headRule != .none, !queue.isEmpty, headProblems.count < 5 else { return }
    let holds =
      resources.count == 1
      && (headRule == .firstInQueue
        ? resources[0] == queue[queue.head].slot : inspection.position(of: resources[0]) == 1)
    if !holds {
      headProblems.append(
        "t=\(inspection.now.formatCompact()): Resources \(resources), first in queue \(queue[queue.head].slot)")
    }
  }

  func jobEnded(_ outcome: JobOutcome) {
    let id = outcome.job.id
    if accounted[id] != nil { duplicateIDs += 1 }
    accounted[id] = outcome.pending
    waits[id] = outcome.waitTime.microseconds
  }

  /// Jobs whose audited split differs from the replay's (first few).
  func mismatches() -> [String] {
    var found: [String] = []
    for (id, times) in accounted.sorted(by: { $0.key < $1.key }) where (audited[id] ?? PendingTimes()) != times {
      found.append("job \(id): replay \(times), audit \(audited[id] ?? PendingTimes())")
      if found.count == 5 { break }
    }
    return found
  }
}

@Suite("Pending reasons: invariants on real traces")
struct PendingReasonAuditTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var trace: String
    var policy: PolicyKind
    var policyFile: String?
    var order = QueueOrderKind.submit
    /// A 50 TB, 2 GiB/s storage tier with seeded I/O demands (jobs wait for space).
    var storage = false
    var headRule: ReasonAudit.HeadRule
    var testDescription: String { name }
  }

  static let qosPolicy = """
    PriorityType: priority/basic
    SchedulerParameters: bf_job_part_count_reserve=1
    QOS:
      default: { MaxJobsPerUser: 2, MaxTRESPerUser: node=64 }
    """

  /// HPC2N (202,871 jobs) under EASY; NASA iPSC (18,239 jobs) under FCFS;
  /// KTH-SP2 (28,489 jobs) under conservative, EASY over Slurm's multifactor
  /// priority (a policy file), conservative over the default multifactor
  /// order, EASY under per-user QOS limits and EASY with a storage tier too
  /// small for its jobs' I/O (jobs wait for space); SDSC DataStar on its three
  /// partitions (one EASY per node group). Conservative on HPC2N takes
  /// minutes in a debug build, hence the smaller traces.
  static let cases = [
    Case(name: "HPC2N easy", trace: "HPC2N-2002-2.2-cln.swf.gz", policy: .easy, headRule: .firstInQueue),
    Case(name: "NASA iPSC fcfs", trace: "NASA-iPSC-1993-3.1-cln.swf.gz", policy: .fcfs, headRule: .firstInQueue),
    Case(name: "KTH conservative", trace: "KTH-SP2-1996-2.1-cln.swf.gz", policy: .conservative, headRule: .firstInQueue),
    Case(
      name: "KTH easy/multifactor", trace: "KTH-SP2-1996-2.1-cln.swf.gz", policy: .easy,
      policyFile: "configs/policy-easy-multifactor.yaml", headRule: .firstInOrder),
    Case(
      name: "KTH conservative/multifactor", trace: "KTH-SP2-1996-2.1-cln.swf.gz", policy: .conservative,
      order: .multifactor, headRule: .firstInOrder),
    Case(name: "KTH easy + QOS limits", trace: "KTH-SP2-1996-2.1-cln.swf.gz", policy: .easy, policyFile: "qos", headRule: .none),
    Case(
      name: "KTH easy + storage tier", trace: "KTH-SP2-1996-2.1-cln.swf.gz", policy: .easy, storage: true,
      headRule: .none),
    Case(
      name: "SDSC-DS easy on partitions", trace: "SDSC-DS-2004-2.1-cln.swf.gz", policy: .easy,
      policyFile: "configs/policy-sdsc-ds-partitions.yaml", headRule: .none),
  ]

  @Test(
    "per job, reasons equal a per-pass recount and sum to the wait; summary totals are the CSV's column sums",
    .enabled(if: TestPaths.sharedTracesDirectory != nil, "../shared/traces is absent"),
    arguments: cases)
  func invariants(_ test: Case) throws {
    guard let trace = TestPaths.sharedTrace(test.trace) else {
      print("SKIPPED: ../shared/traces/\(test.trace) is absent")
      return
    }
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var scenario = ReplayScenario(tracePath: trace, policy: test.policy, jobsOutPath: directory + "/jobs.csv")
    scenario.order = test.order
    if test.storage {
      scenario.storage.model = try IOModel(
        specification:
          "bytes-per-core-hour=2e10,seed=7,scratch-per-core=2e10,checkpoint-interval=3600,checkpoint-per-core=2e9")
      // 50 TB: jobs wait for space and for nodes (at 5 TB every wait is for space).
      scenario.storage.capacityPB = 0.05
      scenario.storage.bandwidthGiBs = 2
      scenario.storage.retention = .seconds(3600)
    }
    if let file = test.policyFile {
      let path = directory + "/qos.yaml"
      if file == "qos" { try Self.qosPolicy.write(toFile: path, atomically: true, encoding: .utf8) }
      scenario.policyConfig = try PolicyConfig.load(policyFile: file == "qos" ? path : TestPaths.repoRoot + "/" + file)
    }
    let audit = ReasonAudit(headRule: test.headRule)
    let report = try scenario.run(tracingWith: audit)

    #expect(audit.duplicateIDs == 0)
    #expect(audit.accounted.count == report.metrics.jobsReplayed)
    #expect(audit.mismatches() == [], "\(test.name)")
    #expect(audit.headProblems == [], "\(test.name)")
    #expect(audit.accounted.allSatisfy { $0.value.total == audit.waits[$0.key] && $0.value.priority >= 0 })

    // The CSV's columns read back, sum per row to the wait, and in total to the summary.
    var columnSums = PendingTimes()
    var rowsWithPending = 0
    for row in try JobsCSVReader.read(path: directory + "/jobs.csv") {
      guard let pending = row.pending else { continue }
      rowsWithPending += 1
      #expect(pending.total == row.waitingTime?.microseconds, "job \(row.jobID)")
      columnSums.add(pending)
    }
    #expect(rowsWithPending == report.metrics.jobsReplayed)
    var columnTotals = PendingTotals()
    columnTotals.add(columnSums)
    #expect(columnTotals == report.metrics.pending)
    #expect(report.metrics.pending.resources > 0)
    if let storage = report.storage {
      // The storage summary sums the same waits (as Double seconds).
      #expect(report.metrics.pending.storageCapacity > 0)
      #expect(
        abs(report.metrics.pending.storageCapacity.inSeconds - storage.capacityWaitSeconds)
          < 1e-12 * max(1, storage.capacityWaitSeconds))
    }
    if test.policyFile == "qos" {
      #expect(report.metrics.pending.qosMaxJobsPerUserLimit > 0)
      #expect(report.metrics.pending.qosMaxNodePerUserLimit > 0)
    }
  }
}
