import Platform
@testable import Scheduling
import SimKernel
import Simulation
import Testing
import TestSupport
import Workload

/// Replays `jobs` on `nodes` nodes around `reservations`.
func replay(
  _ jobs: [Job], nodes: Int32, policy: any SchedulingPolicy, reservations: [AdvanceReservation]
) throws -> [ScheduledJob] {
  let recorder = ScheduleRecorder()
  var replay = Replay(totalNodes: nodes, policy: policy, observer: recorder)
  replay.reservations = ReservationCalendar(reservations)
  var source = ArrayJobSource(jobs)
  try replay.run(&source)
  return recorder.schedule.sorted { $0.id < $1.id }
}

@Suite("Advance reservations: golden schedules")
struct ReservationGoldenTests {
  /// Tests/Fixtures/reservations/maintenance.swf, by hand: 4 nodes, every
  /// node in maintenance over [100, 150).
  static let maintenanceJobs = [
    job(1, submit: 0, run: 50, nodes: 2, estimate: 60),
    job(2, submit: 10, run: 80, nodes: 2, estimate: 120),
    job(3, submit: 20, run: 30, nodes: 2, estimate: 40),
    job(4, submit: 60, run: 10, nodes: 4, estimate: 50),
    job(5, submit: 70, run: 20, nodes: 1, estimate: 25),
  ]
  static let maintenance = AdvanceReservation(
    name: "maint", start: .seconds(100), end: .seconds(150), count: 4, isMaintenance: true)

  @Test("FCFS: a job whose estimate crosses the window waits for its end and blocks the queue")
  func fcfsMaintenance() throws {
    // Job 2 ([10, 130) by estimate) crosses [100, 150): it starts at 150, job 3
    // beside it; job 4 needs every node, free at 230; job 5 waits behind it.
    let schedule = try replay(Self.maintenanceJobs, nodes: 4, policy: FCFSPolicy(), reservations: [Self.maintenance])
    #expect(
      schedule == [
        s(1, 0, 50, "0-1"), s(2, 150, 230, "0-1"), s(3, 150, 180, "2-3"), s(4, 230, 240, "0-3"),
        s(5, 240, 260, "0"),
      ])
  }

  @Test("EASY and conservative: jobs that end before the window backfill; the head is reserved after it")
  func backfillingMaintenance() throws {
    // Job 2's reservation is 150 (the window ends); job 3 ([20, 60)) and job 5
    // ([70, 95)) end before the window and start at once; job 4 ([60, 110))
    // crosses it and, needing all 4 nodes, waits for job 2's end at 230.
    let expected = [
      s(1, 0, 50, "0-1"), s(2, 150, 230, "0-1"), s(3, 20, 50, "2-3"), s(4, 230, 240, "0-3"), s(5, 70, 90, "0"),
    ]
    for policy: any SchedulingPolicy in [EASYBackfilling(), ConservativeBackfilling(parameters: .unbounded)] {
      #expect(try replay(Self.maintenanceJobs, nodes: 4, policy: policy, reservations: [Self.maintenance]) == expected)
    }
  }

  @Test("named nodes: a job crossing the window needs nodes outside it, even when counts say it fits")
  func namedNodes() throws {
    let jobs = [
      job(1, submit: 0, run: 50, nodes: 2, estimate: 50),
      job(2, submit: 0, run: 60, nodes: 2, estimate: 60),
      job(3, submit: 10, run: 200, nodes: 2, estimate: 200),
      job(4, submit: 55, run: 30, nodes: 2, estimate: 30),
    ]
    let reserved = AdvanceReservation(name: "cab", start: .seconds(100), end: .seconds(150), nodes: [2..<4])
    // Jobs ending before the window take the reserved nodes first (job 1 on
    // 2-3), so job 2 gets 0-1. At 50 nodes 2-3 are free and, by count, job 3
    // fits; but it crosses the window, so it waits for 0-1 at 60. FCFS
    // holds job 4 behind it.
    #expect(
      try replay(jobs, nodes: 4, policy: FCFSPolicy(), reservations: [reserved]) == [
        s(1, 0, 50, "2-3"), s(2, 0, 60, "0-1"), s(3, 60, 260, "0-1"), s(4, 60, 90, "2-3"),
      ])
    // EASY reserves the refused head from the next planned end (60), and
    // conservative gives its refused slot up: either way job 4 (ending
    // before the window) takes nodes 2-3 at once.
    for policy: any SchedulingPolicy in [EASYBackfilling(), ConservativeBackfilling(parameters: .unbounded)] {
      #expect(
        try replay(jobs, nodes: 4, policy: policy, reservations: [reserved]) == [
          s(1, 0, 50, "2-3"), s(2, 0, 60, "0-1"), s(3, 60, 260, "0-1"), s(4, 55, 85, "2-3"),
        ])
    }
  }

  @Test("a counted reservation leaves the machine short by its count over the window")
  func countedReservation() throws {
    // 4 nodes, 3 held over [100, 200): a 2-node job crossing it must wait.
    let jobs = [job(1, submit: 0, run: 150, nodes: 1, estimate: 150), job(2, submit: 10, run: 100, nodes: 2, estimate: 100)]
    let held = AdvanceReservation(name: "three", start: .seconds(100), end: .seconds(200), count: 3)
    for policy: any SchedulingPolicy in [FCFSPolicy(), EASYBackfilling(), ConservativeBackfilling(parameters: .unbounded)] {
      // Job 1 crosses the window on the one node left; job 2 would need 2 more,
      // so it starts when the window ends.
      #expect(
        try replay(jobs, nodes: 4, policy: policy, reservations: [held]) == [
          s(1, 0, 150, "0"), s(2, 200, 300, "0-1"),
        ])
    }
  }
}

@Suite("Advance reservations: properties")
struct ReservationPropertyTests {
  /// 1 to 3 windows over the workload's span: the whole machine, a count, or
  /// named nodes.
  static func reservations(seed: UInt64, nodes: Int32) -> [AdvanceReservation] {
    var random = SeededWorkload(seed: seed &+ 7_777)
    return (0..<(1 + random.next(3))).map { index in
      let start = random.next(1_400)
      let end = start + 1 + random.next(300)
      switch random.next(3) {
      case 0:
        return AdvanceReservation(name: "r\(index)", start: .seconds(start), end: .seconds(end), count: nodes)
      case 1:
        let count = Int32(1 + random.next(Int64(nodes) - 1))
        return AdvanceReservation(name: "r\(index)", start: .seconds(start), end: .seconds(end), count: count)
      default:
        let lower = Int32(random.next(Int64(nodes) - 1))
        let upper = lower + 1 + Int32(random.next(Int64(nodes - lower - 1)))
        return AdvanceReservation(name: "r\(index)", start: .seconds(start), end: .seconds(end), nodes: [lower..<upper])
      }
    }
  }

  static let policies: [String] = ["fcfs", "easy", "conservative", "easy/sjf"]

  static func policy(_ name: String) -> any SchedulingPolicy {
    switch name {
    case "fcfs": FCFSPolicy()
    case "easy": EASYBackfilling()
    case "easy/sjf": EASYBackfilling(order: QueueOrderKind.sjf.makeOrder())
    default: ConservativeBackfilling(parameters: .unbounded)
    }
  }

  @Test("no job holds reserved nodes during a window, and every job runs", arguments: policies)
  func windowsRespected(policyName: String) throws {
    var crossingsAvoided = 0
    for seed in ConservativePropertyTests.seeds {
      let (jobs, nodes) = ConservativePropertyTests.workload(seed: seed)
      let windows = Self.reservations(seed: seed, nodes: nodes)
      let schedule = try replay(jobs, nodes: nodes, policy: Self.policy(policyName), reservations: windows)
      #expect(schedule.count == jobs.count, "seed \(seed): \(schedule.count) of \(jobs.count) jobs ran")
      let estimates = Dictionary(uniqueKeysWithValues: jobs.map { ($0.id, $0.estimate.wholeSeconds) })
      var broken: [String] = []
      for window in windows {
        let (start, end) = (window.start.wholeSeconds, window.end.wholeSeconds)
        // Jobs holding nodes over some of the window, by estimate.
        let crossing = schedule.filter { job in
          let estimatedEnd = job.start + estimates[job.id]!
          return job.start < end && estimatedEnd > start && estimatedEnd > job.start
        }
        if window.namesNodes {
          let reserved = window.nodes.flatMap { Array($0) }
          for job in crossing {
            let used = NodeSet(intervalSet: Substring(job.nodes))!
            if reserved.contains(where: used.contains) {
              broken.append("job \(job.id) [\(job.start), +\(estimates[job.id]!)) on \(job.nodes) meets \(window.name)")
            }
          }
        } else {
          // At every instant of the window where a job starts or the window
          // does, the running jobs leave the count free (run times never
          // exceed estimates here, so the plan's promise is physical).
          for instant in Set([start] + crossing.map(\.start).filter { $0 >= start && $0 < end }) {
            let busy = schedule.filter { $0.start <= instant && $0.end > instant }
              .reduce(Int32(0)) { $0 + Int32(NodeSet(intervalSet: Substring($1.nodes))!.count) }
            if busy > nodes - window.count {
              broken.append("\(busy) nodes busy at \(instant) in \(window.name) holding \(window.count) of \(nodes)")
            }
          }
        }
        crossingsAvoided += jobs.count - crossing.count
      }
      #expect(broken.isEmpty, "seed \(seed), \(policyName), \(nodes) nodes: \(broken.joined(separator: "; "))")
      if !broken.isEmpty { return }
    }
    #expect(crossingsAvoided > 1_000)
  }

  @Test("without windows, the reservation paths are never taken: schedules equal plain replays")
  func emptyCalendarChangesNothing() throws {
    for seed in ConservativePropertyTests.seeds.prefix(50) {
      let (jobs, nodes) = ConservativePropertyTests.workload(seed: seed)
      for name in Self.policies {
        #expect(
          try replay(jobs, nodes: nodes, policy: Self.policy(name), reservations: [])
            == replay(jobs, nodes: nodes, policy: Self.policy(name)))
      }
    }
  }

  @Test("EASY around windows over no nodes' time equals EASY: the planned path agrees with the fast one")
  func plannedEASYMatchesFastEASY() throws {
    // A window far beyond every job is pending throughout, so every pass
    // takes the planned path; it never binds, so schedules must agree.
    for seed in ConservativePropertyTests.seeds {
      let (jobs, nodes) = ConservativePropertyTests.workload(seed: seed)
      let far = AdvanceReservation(name: "far", start: .seconds(1_000_000_000), end: .seconds(1_000_000_001), count: 1)
      for order in [QueueOrderKind.submit, .sjf, .largest] {
        let planned = try replay(jobs, nodes: nodes, policy: EASYBackfilling(order: order.makeOrder()), reservations: [far])
        let fast = try replay(jobs, nodes: nodes, policy: EASYBackfilling(order: order.makeOrder()))
        #expect(planned == fast, "seed \(seed), order \(order)")
        if planned != fast { return }
      }
    }
  }
}

@Suite("Advance reservations: settings")
struct ReservationSettingsTests {
  @Test("scontrol form: names, relative start, Slurm durations, MAINT")
  func scontrolForm() throws {
    let settings = try ReservationSettings(scontrol: "ReservationName=maint StartTime=now+2days Duration=4:00:00 Nodes=ALL Flags=MAINT")
    #expect(settings.name == "maint")
    #expect(settings.start == 172_800)
    #expect(settings.duration == 14_400)
    #expect(settings.nodes == .all)
    #expect(settings.isMaintenance)
    let named = try ReservationSettings(scontrol: "StartTime=86400 EndTime=90000 Nodes=384-511,0")
    #expect(named.nodes == .indices([0..<1, 384..<512]))
    #expect(named.duration == 3_600)
    #expect(try ReservationSettings(scontrol: "StartTime=0 Duration=90 NodeCnt=8").duration == 5_400)
  }

  @Test("bad settings name the key and say what is expected", arguments: [
    ("StartTime=x Duration=10 Nodes=ALL", "StartTime"),
    ("StartTime=10 Nodes=ALL", "Duration"),
    ("StartTime=10 Duration=10", "Nodes"),
    ("StartTime=10 Duration=10 NodeCnt=0", "NodeCnt"),
    ("StartTime=10 Duration=10 Nodes=5-2", "Nodes"),
    ("StartTime=10 EndTime=5 Nodes=ALL", "EndTime"),
    ("StartTime=10 Duration=10 Nodes=ALL Users=bob", "Users"),
    ("StartTime=10 Duration=10 Nodes=ALL Flags=DAILY", "Flags"),
  ])
  func badSettings(text: String, key: String) {
    #expect(throws: ReservationSettings.ParseError.self) { try ReservationSettings(scontrol: text) }
    do {
      _ = try ReservationSettings(scontrol: text)
    } catch {
      #expect(error.key == key)
    }
  }

  @Test("nodes beyond the machine are refused when resolved")
  func beyondMachine() throws {
    let settings = try ReservationSettings(scontrol: "StartTime=0 Duration=10 Nodes=0-7")
    guard case .failure(let error) = settings.resolved(totalNodes: 4) else {
      Issue.record("8 nodes resolved on a 4-node machine")
      return
    }
    #expect(error.key == "Nodes")
    #expect(error.expected.contains("4 nodes"))
  }
}
