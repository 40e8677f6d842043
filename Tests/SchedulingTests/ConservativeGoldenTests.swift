import Scheduling
import SimKernel
import Simulation
import Testing
import Workload

/// Golden schedules for conservative backfilling on small hand-checked
/// workloads. Each comment derives the expected schedule from the policy's
/// definition: every waiting job holds the earliest slot that delays no
/// reservation made before it.
@Suite("Conservative backfilling: golden schedules")
struct ConservativeGoldenTests {
  static var exact: ConservativeBackfilling { ConservativeBackfilling(parameters: .unbounded) }

  /// 4 nodes. Job 1 holds 2 nodes until 10. Job 2 (3 nodes, 5 s) waits for
  /// it; job 3 (all 4 nodes, 10 s) is queued behind job 2; job 4 (1 node,
  /// 20 s) arrives at 3 and fits now.
  static let secondReservation = [
    job(1, submit: 0, run: 10, nodes: 2),
    job(2, submit: 1, run: 5, nodes: 3),
    job(3, submit: 2, run: 10, nodes: 4),
    job(4, submit: 3, run: 20, nodes: 1),
  ]

  @Test("a job that would delay a later-queued job's reservation waits (EASY would start it)")
  func protectsEveryReservation() throws {
    // Plan: job 2 at [10, 15) leaves 1 node; job 3 at [15, 25) leaves none.
    // Job 4 at 3 would hold a node over [3, 23), crossing job 3's slot with
    // 0 nodes free: its earliest slot is 25, after job 3.
    let conservative = try replay(Self.secondReservation, nodes: 4, policy: Self.exact)
    #expect(conservative == [s(1, 0, 10, "0-1"), s(2, 10, 15, "0-2"), s(3, 15, 25, "0-3"), s(4, 25, 45, "0")])
    // EASY protects only the head (job 2: shadow 10, 1 extra node): job 4
    // takes the extra node at 3, and job 3 waits for it until 23.
    let easy = try replay(Self.secondReservation, nodes: 4, policy: EASYBackfilling())
    #expect(easy == [s(1, 0, 10, "0-1"), s(2, 10, 15, "0-1 3"), s(3, 23, 33, "0-3"), s(4, 3, 23, "2")])
  }

  @Test("a short job backfills when it ends before the reservations it crosses need its nodes")
  func backfillsShortJob() throws {
    // Same workload, but job 4 runs 5 s: [3, 8) ends before job 2's slot.
    var jobs = Self.secondReservation
    jobs[3] = job(4, submit: 3, run: 5, nodes: 1)
    let schedule = try replay(jobs, nodes: 4, policy: Self.exact)
    #expect(schedule == [s(1, 0, 10, "0-1"), s(2, 10, 15, "0-2"), s(3, 15, 25, "0-3"), s(4, 3, 8, "2")])
  }

  @Test("when a job ends early, every reservation moves up, in queue order")
  func compression() throws {
    // 4 nodes. Job 1 takes all 4, estimates 20 s, really runs 5. Plan at 3:
    // job 2 [20, 30) and job 3 [20, 30) (2 nodes each), job 4 (4 nodes) [30, 35).
    // At 5 job 1 ends: job 2 moves to 5 and starts, then job 3 (2 nodes left
    // over [5, 15)), then job 4 to 15, when both end.
    let jobs = [
      job(1, submit: 0, run: 5, nodes: 4, estimate: 20),
      job(2, submit: 1, run: 10, nodes: 2),
      job(3, submit: 2, run: 10, nodes: 2),
      job(4, submit: 3, run: 5, nodes: 4),
    ]
    let schedule = try replay(jobs, nodes: 4, policy: Self.exact)
    #expect(schedule == [s(1, 0, 5, "0-3"), s(2, 5, 15, "0-1"), s(3, 5, 15, "2-3"), s(4, 15, 20, "0-3")])
  }

  @Test("compression moves a later job past one that cannot move, without delaying it")
  func compressionKeepsLaterPromises() throws {
    // 4 nodes. Job 1: 3 nodes, estimate 30, runs 10. Job 2: 1 node for 100 s,
    // starts at 0 on the free node. Job 3 (4 nodes, 10 s) is planned at 100,
    // when job 2 ends. Job 4 (3 nodes, 20 s) fits [30, 50) after job 1's
    // estimate. At 10 job 1 ends early: job 3 cannot move (job 2 holds a node
    // until 100); job 4 moves up to 10, ending at 30, well before job 3's slot.
    let jobs = [
      job(1, submit: 0, run: 10, nodes: 3, estimate: 30),
      job(2, submit: 0, run: 100, nodes: 1),
      job(3, submit: 1, run: 10, nodes: 4),
      job(4, submit: 2, run: 20, nodes: 3),
    ]
    let schedule = try replay(jobs, nodes: 4, policy: Self.exact)
    #expect(schedule == [s(1, 0, 10, "0-2"), s(2, 0, 100, "3"), s(3, 100, 110, "0-3"), s(4, 10, 30, "0-2")])
  }

  @Test("bf_window: a job whose slot lies beyond the window holds none, and later jobs may take its nodes")
  func windowLeavesJobUnplanned() throws {
    // 4 nodes. Job 1 holds 2 until 100. Job 2 (4 nodes) could only start at
    // 100, beyond 1 + 50 s: no reservation. Job 3 (2 nodes, 200 s) then fits
    // now. Job 2 is planned once its slot comes within the window: at 202.
    let jobs = [
      job(1, submit: 0, run: 100, nodes: 2),
      job(2, submit: 1, run: 10, nodes: 4),
      job(3, submit: 2, run: 200, nodes: 2),
    ]
    let windowed = ConservativeBackfilling(parameters: BackfillParameters(maxJobTest: .max, window: .seconds(50)))
    #expect(try replay(jobs, nodes: 4, policy: windowed) == [s(1, 0, 100, "0-1"), s(2, 202, 212, "0-3"), s(3, 2, 202, "2-3")])
    // Without the window job 2 holds [100, 110) and job 3 waits until 110.
    #expect(try replay(jobs, nodes: 4, policy: Self.exact) == [s(1, 0, 100, "0-1"), s(2, 100, 110, "0-3"), s(3, 110, 310, "0-1")])
  }

  @Test("bf_max_job_test: jobs beyond the first N in the queue get no reservation and do not start")
  func maxJobTest() throws {
    // 4 nodes. Job 1 holds 2 until 10; job 2 (4 nodes) is planned at 10.
    // Job 3 (1 node, 2 s) would fit now, but with N = 1 it is not considered
    // until job 2 has started: at the next pass, 15, it is first and starts.
    let jobs = [
      job(1, submit: 0, run: 10, nodes: 2),
      job(2, submit: 1, run: 5, nodes: 4),
      job(3, submit: 2, run: 2, nodes: 1),
    ]
    let shallow = ConservativeBackfilling(parameters: BackfillParameters(maxJobTest: 1, window: .infinity))
    #expect(try replay(jobs, nodes: 4, policy: shallow) == [s(1, 0, 10, "0-1"), s(2, 10, 15, "0-3"), s(3, 15, 17, "0")])
    #expect(try replay(jobs, nodes: 4, policy: Self.exact) == [s(1, 0, 10, "0-1"), s(2, 10, 15, "0-3"), s(3, 2, 4, "2")])
  }

  @Test("bf_interval: backfilling waits for a multiple of the interval; strict-order starts do not")
  func interval() throws {
    // 4 nodes, interval 10 s. Job 1 (2 nodes) runs 0-7. Job 2 (4 nodes)
    // arrives at 1 and job 3 (1 node, 3 s) at 2: between multiples nothing
    // may pass job 2. At 7 job 2 is first and fits: it starts (strict order).
    // At 10 (a wake-up) job 3 is planned: nodes free at 12, rounded up to the
    // next multiple, 20. At 12 job 3 is first in the queue and fits: it starts.
    let jobs = [
      job(1, submit: 0, run: 7, nodes: 2),
      job(2, submit: 1, run: 5, nodes: 4),
      job(3, submit: 2, run: 3, nodes: 1),
    ]
    let periodic = ConservativeBackfilling(
      parameters: BackfillParameters(maxJobTest: .max, window: .infinity, interval: .seconds(10)))
    #expect(try replay(jobs, nodes: 4, policy: periodic) == [s(1, 0, 7, "0-1"), s(2, 7, 12, "0-3"), s(3, 12, 15, "0")])
    // At every event, job 3 backfills at 2: [2, 5) ends before job 2's slot at 7.
    #expect(try replay(jobs, nodes: 4, policy: Self.exact) == [s(1, 0, 7, "0-1"), s(2, 7, 12, "0-3"), s(3, 2, 5, "2")])
  }

  @Test("bf_resolution: planned ends round up, which can let a job into a gap")
  func resolution() throws {
    // 4 nodes. Job 1 (2 nodes, 7 s). Job 2 (4 nodes, 5 s) at 1. Job 3
    // (2 nodes, 6 s) at 2.
    let jobs = [
      job(1, submit: 0, run: 7, nodes: 2),
      job(2, submit: 1, run: 5, nodes: 4),
      job(3, submit: 2, run: 6, nodes: 2),
    ]
    // Exact: job 2 holds [7, 12); job 3's [2, 8) would cross it: planned [12, 18).
    #expect(try replay(jobs, nodes: 4, policy: Self.exact) == [s(1, 0, 7, "0-1"), s(2, 7, 12, "0-3"), s(3, 12, 18, "0-1")])
    // At 10 s resolution job 1 is planned to end at 10, so job 2 holds
    // [10, 20) and job 3's [2, 8) (rounded to 10) fits before it. Job 1 ends
    // at 7, early for the plan, but job 2 still needs job 3's nodes; job 3
    // ends at 8 and job 2 moves up to 8.
    let coarse = ConservativeBackfilling(
      parameters: BackfillParameters(maxJobTest: .max, window: .infinity, resolution: .seconds(10)))
    #expect(try replay(jobs, nodes: 4, policy: coarse) == [s(1, 0, 7, "0-1"), s(2, 8, 13, "0-3"), s(3, 2, 8, "2-3")])
  }

  @Test("the queue order decides who goes first among jobs arriving together")
  func orderAtSameInstant() throws {
    // 4 nodes; job 1 holds them all until 10; jobs 2-5 arrive together at 1.
    let jobs = [
      job(1, submit: 0, run: 10, nodes: 4),
      job(2, submit: 1, run: 30, nodes: 2),
      job(3, submit: 1, run: 5, nodes: 1),
      job(4, submit: 1, run: 10, nodes: 3),
      job(5, submit: 1, run: 100, nodes: 1),
    ]
    // Arrival order: 2 [10, 40), 3 [10, 15), 4 waits for 4 nodes... [40, 50),
    // 5 [10, 110) on the node left.
    let submit = try replay(jobs, nodes: 4, policy: Self.exact)
    #expect(submit == [s(1, 0, 10, "0-3"), s(2, 10, 40, "0-1"), s(3, 10, 15, "2"), s(4, 40, 50, "0-2"), s(5, 10, 110, "3")])
    // Shortest first: 3 [10, 15), 4 [10, 20), 2 [20, 50), 5 [15, 115).
    let sjf = try replay(jobs, nodes: 4, policy: ConservativeBackfilling(order: ShortestEstimateFirst(), parameters: .unbounded))
    #expect(sjf == [s(1, 0, 10, "0-3"), s(2, 20, 50, "1-2"), s(3, 10, 15, "0"), s(4, 10, 20, "1-3"), s(5, 15, 115, "0")])
  }

  @Test("the plan promises a start to every waiting job")
  func plannedStart() {
    var policy = Self.exact
    var queue = WaitingQueue()
    queue.append(slot: 0, nodes: 4, estimate: SimTime.seconds(10).microseconds)
    queue.append(slot: 1, nodes: 2, estimate: SimTime.seconds(5).microseconds)
    let jobs = [job(1, submit: 0, run: 10, nodes: 4), job(2, submit: 0, run: 5, nodes: 2)]
    let view = SchedulerView(
      now: .zero, freeNodes: 4, totalNodes: 4, queue: queue, running: RunningSet(), jobs: jobs,
      resourcesFreed: false, firstNewArrival: 0)
    var decisions: [Decision] = []
    policy.schedule(view, into: &decisions)
    // Job 1 starts; the policy asks to be woken for job 2's reservation.
    #expect(decisions == [.start(queueIndex: 0), .wakeUp(at: .seconds(10))])
    #expect(policy.plannedStart(slot: 0) == nil)  // started
    #expect(policy.plannedStart(slot: 1) == .seconds(10))
  }
}
