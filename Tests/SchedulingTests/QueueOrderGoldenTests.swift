import Scheduling
import Simulation
import Testing
import Workload

/// Golden schedules for the queue orders under FCFS and EASY, worked out by
/// hand. One workload: job 1 holds the 4 nodes until 10 while four jobs
/// queue behind it, so at 10 the order alone decides who goes first.
@Suite("Queue orders: golden schedules")
struct QueueOrderGoldenTests {
  static let jobs = [
    job(1, submit: 0, run: 10, nodes: 4),
    job(2, submit: 1, run: 30, nodes: 2),
    job(3, submit: 2, run: 5, nodes: 1),
    job(4, submit: 3, run: 10, nodes: 3),
    job(5, submit: 4, run: 100, nodes: 1),
  ]

  struct Case: CustomTestStringConvertible, Sendable {
    var policy: PolicyKind
    var order: QueueOrderKind
    var expected: [ScheduledJob]
    var testDescription: String { "\(policy.rawValue)/\(order.rawValue)" }
  }

  static let cases: [Case] = [
    // Arrival order 2, 3, 4, 5. At 10: 2 and 3 start; 4 (3 nodes) blocks 5.
    // At 40 (job 2 ends) 4 and 5 start.
    Case(
      policy: .fcfs, order: .submit,
      expected: [s(1, 0, 10, "0-3"), s(2, 10, 40, "0-1"), s(3, 10, 15, "2"), s(4, 40, 50, "0-2"), s(5, 40, 140, "3")]),
    // Estimates 3 (5 s), 4 (10 s), 2 (30 s), 5 (100 s). At 10: 3 and 4
    // start; 2 (2 nodes) blocks. At 20 (job 4 ends) 2 and 5 start.
    Case(
      policy: .fcfs, order: .sjf,
      expected: [s(1, 0, 10, "0-3"), s(2, 20, 50, "0-1"), s(3, 10, 15, "0"), s(4, 10, 20, "1-3"), s(5, 20, 120, "2")]),
    // Sizes 3 (1), 5 (1, arrived later), 2 (2), 4 (3). At 10: 3, 5, 2 start;
    // 4 waits until 40.
    Case(
      policy: .fcfs, order: .smallest,
      expected: [s(1, 0, 10, "0-3"), s(2, 10, 40, "2-3"), s(3, 10, 15, "0"), s(4, 40, 50, "0 2-3"), s(5, 10, 110, "1")]),
    // Sizes 4 (3), 2 (2), 3 (1), 5 (1). At 10: 4 starts; 2 blocks the rest
    // until 20.
    Case(
      policy: .fcfs, order: .largest,
      expected: [s(1, 0, 10, "0-3"), s(2, 20, 50, "0-1"), s(3, 20, 25, "2"), s(4, 10, 20, "0-2"), s(5, 20, 120, "3")]),
    // At 10: 2 and 3 start; head 4: shadow 40 (job 2's end), 1 extra node,
    // which job 5 takes at 10.
    Case(
      policy: .easy, order: .submit,
      expected: [s(1, 0, 10, "0-3"), s(2, 10, 40, "0-1"), s(3, 10, 15, "2"), s(4, 40, 50, "0-2"), s(5, 10, 110, "3")]),
    // At 10: 3 and 4 start; head 2: shadow 20, extra 2 nodes, none free.
    // At 15 (job 3 ends) job 5 takes the free node on the extra nodes.
    Case(
      policy: .easy, order: .sjf,
      expected: [s(1, 0, 10, "0-3"), s(2, 20, 50, "1-2"), s(3, 10, 15, "0"), s(4, 10, 20, "1-3"), s(5, 15, 115, "0")]),
    // At 10: 3, 5, 2 start; head 4: shadow 40, no extra node.
    Case(
      policy: .easy, order: .smallest,
      expected: [s(1, 0, 10, "0-3"), s(2, 10, 40, "2-3"), s(3, 10, 15, "0"), s(4, 40, 50, "0 2-3"), s(5, 10, 110, "1")]),
    // At 10: 4 starts; head 2: shadow 20, extra 2. Job 3 ends by 20 and
    // backfills; at 15 job 5 takes an extra node.
    Case(
      policy: .easy, order: .largest,
      expected: [s(1, 0, 10, "0-3"), s(2, 20, 50, "0-1"), s(3, 10, 15, "3"), s(4, 10, 20, "0-2"), s(5, 15, 115, "3")]),
  ]

  @Test("each order under FCFS and EASY gives the hand-checked schedule", arguments: cases)
  func golden(_ golden: Case) throws {
    let policy = golden.policy.makePolicy(order: golden.order.makeOrder())
    #expect(policy.name == (golden.order == .submit ? golden.policy.rawValue : "\(golden.policy.rawValue)/\(golden.order.rawValue)"))
    #expect(try replay(Self.jobs, nodes: 4, policy: policy) == golden.expected)
  }

  @Test("an order survives the queue compacting under it")
  func compaction() throws {
    // 300 one-node jobs on 2 nodes, submitted together with estimates
    // 300, 299, ... 1 s: shortest first runs them from the last submitted
    // to the first. Starting them leaves tombstones, and the queue compacts
    // many times; every job still starts exactly once, in order.
    let jobs = (1...300).map { job(Int64($0), submit: 0, run: 301 - Int64($0), nodes: 1) }
    for policy in [PolicyKind.fcfs, .easy, .conservative] {
      let schedule = try replay(jobs, nodes: 2, policy: policy.makePolicy(order: ShortestEstimateFirst()))
      #expect(schedule.count == 300, "\(policy)")
      let starts = schedule.sorted { $0.id > $1.id }.map(\.start)
      #expect(starts == starts.sorted(), "\(policy): starts must follow increasing estimates")
    }
  }
}
