import Scheduling
import Simulation
import Workload
import Testing

/// Golden schedules on small hand-checked workloads. Each expectation was
/// worked out by hand from the policy's definition; the comments show how.
@Suite("Golden schedules")
struct GoldenScheduleTests {
  /// 4 nodes. Job 1 holds 2 nodes until 10. Job 2 (3 nodes) waits for it.
  /// Job 3 (1 node, 2 s) arrives at 1.
  static let blockedHead = [
    job(1, submit: 0, run: 10, nodes: 2),
    job(2, submit: 0, run: 5, nodes: 3),
    job(3, submit: 1, run: 2, nodes: 1),
  ]

  @Test("FCFS: nobody passes a blocked head")
  func fcfsBlockedHead() throws {
    // t=10: job 1 ends; job 2 takes nodes 0-2, job 3 node 3.
    let schedule = try replay(Self.blockedHead, nodes: 4, policy: FCFSPolicy())
    #expect(schedule == [s(1, 0, 10, "0-1"), s(2, 10, 15, "0-2"), s(3, 10, 12, "3")])
  }

  @Test("EASY: a short job backfills before the shadow time")
  func easyBackfillsShortJob() throws {
    // t=1: head job 2 needs 3, free 2; shadow 10 (job 1 ends), extra 4-3 = 1.
    // Job 3 ends at 3 <= 10: it starts now on node 2.
    let schedule = try replay(Self.blockedHead, nodes: 4, policy: EASYBackfilling())
    #expect(schedule == [s(1, 0, 10, "0-1"), s(2, 10, 15, "0-2"), s(3, 1, 3, "2")])
  }

  @Test("EASY: no backfilling that would delay the head's reservation")
  func easyRefusesDelayingBackfill() throws {
    // 4 nodes. Job 1: 2 nodes until 10. Job 2 (head, 4 nodes): shadow 10, extra 0.
    // Job 3: 2 nodes for 20 s fits now but would end at 22 > 10 and needs 2 > extra 0:
    //   it must wait; it starts when job 2 ends at 15.
    // Job 4: 1 node, 5 s, arrives at 3: ends at 8 <= 10, so it backfills at 3.
    let jobs = [
      job(1, submit: 0, run: 10, nodes: 2),
      job(2, submit: 1, run: 5, nodes: 4),
      job(3, submit: 2, run: 20, nodes: 2),
      job(4, submit: 3, run: 5, nodes: 1),
    ]
    let schedule = try replay(jobs, nodes: 4, policy: EASYBackfilling())
    #expect(
      schedule == [s(1, 0, 10, "0-1"), s(2, 10, 15, "0-3"), s(3, 15, 35, "0-1"), s(4, 3, 8, "2")])
  }

  @Test("EASY: a long job may backfill on the extra nodes, and uses them up")
  func easyExtraNodes() throws {
    // 6 nodes. Job 1: 4 nodes until 10. Job 2 (head): 5 nodes -> shadow 10,
    // free at shadow 6, extra 1. Job 3: 1 node for 100 s: ends after the shadow
    // but fits in the extra node: starts at 2. Job 4: 1 node for 100 s: extra
    // is used up, so it waits for the head: starts at 10+5 = 15 ... but at 15
    // job 2 ends and frees 5 nodes; job 4 starts at 15.
    let jobs = [
      job(1, submit: 0, run: 10, nodes: 4),
      job(2, submit: 1, run: 5, nodes: 5),
      job(3, submit: 2, run: 100, nodes: 1),
      job(4, submit: 3, run: 100, nodes: 1),
    ]
    let schedule = try replay(jobs, nodes: 6, policy: EASYBackfilling())
    #expect(
      schedule == [
        s(1, 0, 10, "0-3"), s(2, 10, 15, "0-3 5"), s(3, 2, 102, "4"), s(4, 15, 115, "0"),
      ])
  }

  @Test("EASY plans with estimates, not run times")
  func easyUsesEstimates() throws {
    // 4 nodes. Job 1 runs 10 s but estimates 100: the head's shadow is 100.
    // Job 3 (2 nodes, runs 5 but estimates 50) ends by estimate at 52 <= 100:
    // backfills at 2. Job 1 really ends at 10, so job 2 starts at 10 once
    // job 3 is gone? No: job 3 holds nodes 2-3 until 7, so job 2 (4 nodes)
    // starts at 10 when job 1 ends.
    let jobs = [
      job(1, submit: 0, run: 10, nodes: 2, estimate: 100),
      job(2, submit: 1, run: 5, nodes: 4, estimate: 5),
      job(3, submit: 2, run: 5, nodes: 2, estimate: 50),
    ]
    let schedule = try replay(jobs, nodes: 4, policy: EASYBackfilling())
    #expect(schedule == [s(1, 0, 10, "0-1"), s(2, 10, 15, "0-3"), s(3, 2, 7, "2-3")])
  }

  @Test("same instant: completions free nodes before arrivals are scheduled")
  func sameTimeOrder() throws {
    // 2 nodes. Job 1 holds both until 10. Jobs 2 and 3 arrive at exactly 10:
    // they see the freed nodes. Job 2 has run time 0 and ends at 10.
    let jobs = [
      job(1, submit: 0, run: 10, nodes: 2),
      job(2, submit: 10, run: 0, nodes: 2),
      job(3, submit: 10, run: 3, nodes: 1),
    ]
    for policy: any SchedulingPolicy in [FCFSPolicy(), EASYBackfilling()] {
      let schedule = try replay(jobs, nodes: 2, policy: policy)
      // Job 2 takes both nodes at 10 and ends at 10; job 3 then starts at 10.
      #expect(schedule == [s(1, 0, 10, "0-1"), s(2, 10, 10, "0-1"), s(3, 10, 13, "0")], "\(policy.name)")
    }
  }

  @Test("a job larger than the machine is rejected and does not stall the queue")
  func rejection() throws {
    let recorder = ScheduleRecorder()
    var replay = Replay(totalNodes: 4, policy: FCFSPolicy(), observer: recorder)
    var source = ArrayJobSource([
      job(1, submit: 0, run: 10, nodes: 8),
      job(2, submit: 1, run: 10, nodes: 4),
    ])
    let counters = try replay.run(&source)
    #expect(recorder.rejected == [1])
    #expect(recorder.schedule == [s(2, 1, 11, "0-3")])
    #expect(counters.jobsRejected == 1)
  }
}

@Suite("Walltime enforcement")
struct WalltimeTests {
  @Test("a job still running at its requested time + OverTimeLimit ends there as a timeout")
  func killAtLimit() throws {
    // Job 1 asks 10 s but would run 20: killed at 10 + 5 (overtime) = 15.
    // Job 2 asks 30 and runs 20: unaffected. Job 3 has no request (-1): never killed.
    var jobs = [
      job(1, submit: 0, run: 20, nodes: 1, estimate: 10),
      job(2, submit: 0, run: 20, nodes: 1, estimate: 30),
      job(3, submit: 0, run: 50, nodes: 1, estimate: 50),
    ]
    jobs[2].requestedTime = .seconds(-1)
    let recorder = ScheduleRecorder()
    var replay = Replay(
      totalNodes: 4, policy: EASYBackfilling(), observer: recorder,
      options: ReplayOptions(killAtWalltime: true, overTimeLimit: .seconds(5)))
    var source = ArrayJobSource(jobs)
    try replay.run(&source)
    let schedule = recorder.schedule.sorted { $0.id < $1.id }
    #expect(schedule == [s(1, 0, 15, "0"), s(2, 0, 20, "1"), s(3, 0, 50, "2")])
    #expect(recorder.timedOut == [1])
  }
}
