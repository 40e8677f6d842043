import Foundation
import Scheduling
import SimKernel
import Testing
import Workload

/// Fair-share: usage accrual and decay, classic `2^(-U/S)` and Fair Tree
/// ranks, each checked against values worked out by hand.
@Suite("Multifactor priority: fair-share")
struct PriorityFairShareTests {
  /// Fair-share weight only, 5-minute periods, the given half-life (0 = no decay).
  static func config(halfLife: Int64 = 0, fairTree: Bool = true, shares: [Int32: UInt32] = [:]) -> MultifactorConfig {
    var config = MultifactorConfig()
    config.weightFairshare = 10_000
    config.decayHalfLifeSeconds = halfLife
    config.fairTree = fairTree
    config.accountShares = shares
    return config
  }

  /// Runs each `(group, user, nodes, start, end)` job through the order's
  /// hooks in time order, then a pass at `passAt` (so usage is accrued up to
  /// that period) with one waiting job of user 10 in account 1.
  static func order(
    _ config: MultifactorConfig, usage jobs: [(group: Int32, user: Int32, nodes: Int32, start: Int64, end: Int64)],
    passAt: Int64, waiting: (group: Int32, user: Int32) = (1, 10)
  ) -> MultifactorPriority {
    var order = MultifactorPriority(config: config)
    var events: [(time: Int64, sequence: Int, start: Bool, index: Int)] = []
    for (index, job) in jobs.enumerated() {
      events.append((job.start, events.count, true, index))
      events.append((job.end, events.count, false, index))
    }
    events.sort { $0.time != $1.time ? $0.time < $1.time : $0.sequence < $1.sequence }
    for event in events {
      let spec = jobs[event.index]
      let job = mfJob(Int64(event.index), submit: spec.start, nodes: spec.nodes, user: spec.user, group: spec.group)
      if event.start {
        order.jobStarted(job, slot: Int32(event.index), at: .seconds(event.time))
      } else {
        order.jobEnded(job, slot: Int32(event.index), startedAt: .seconds(spec.start), at: .seconds(event.time))
      }
    }
    var indices: [Int] = []
    let job = mfJob(999, submit: passAt, user: waiting.user, group: waiting.group)
    order.order(waitingView([job], at: passAt), into: &indices)
    return order
  }

  // MARK: - Usage

  @Test("usage is node-seconds, accrued per period, with no decay when the half-life is 0")
  func usageWithoutDecay() throws {
    // User 10: 2 nodes from 100 to 700 = 1200 node-s. User 20: 1 node from 0 to 200 = 200.
    // Both are complete by the end of period 3 (t = 900).
    let order = Self.order(
      Self.config(), usage: [(1, 10, 2, 100, 700), (2, 20, 1, 0, 200)], passAt: 900)
    #expect(try #require(order.usage(group: 1, user: 10)) == 1200)
    #expect(try #require(order.usage(group: 2, user: 20)) == 200)
  }

  @Test("usage decays by 2^(-elapsed / half-life) at every period, new usage included")
  func decayHalfLife() throws {
    // Half-life 600 s, periods of 300 s: each period multiplies usage by 2^-0.5.
    // User 10 runs 1 node from 0 to 300: at the end of period 1 Slurm adds the
    // 300 node-s and decays: 300 * 2^-0.5 = 212.13. Two periods later (t = 900)
    // one half-life has passed: half of that, 106.07.
    let atOne = Self.order(Self.config(halfLife: 600), usage: [(1, 10, 1, 0, 300)], passAt: 300)
    let one = try #require(atOne.usage(group: 1, user: 10))
    #expect(abs(one - 300 / 2.0.squareRoot()) < 1e-9)
    let atThree = Self.order(Self.config(halfLife: 600), usage: [(1, 10, 1, 0, 300)], passAt: 900)
    let three = try #require(atThree.usage(group: 1, user: 10))
    #expect(abs(three - one / 2) < 1e-9)
    // A job running through several periods with no event between them:
    // 1 node from 0 to 900 adds 300 in each of periods 1, 2, 3:
    // ((300 d + 300) d + 300) d with d = 2^-0.5.
    let long = Self.order(Self.config(halfLife: 600), usage: [(1, 10, 1, 0, 900)], passAt: 900)
    let d = 1 / 2.0.squareRoot()
    #expect(abs(try #require(long.usage(group: 1, user: 10)) - ((300 * d + 300) * d + 300) * d) < 1e-9)
  }

  @Test("a week-long half-life halves usage after 7 days of 5-minute periods")
  func slurmDefaultHalfLife() throws {
    let week: Int64 = 7 * 86_400
    let early = Self.order(Self.config(halfLife: week), usage: [(1, 10, 4, 0, 300)], passAt: 300)
    let late = Self.order(Self.config(halfLife: week), usage: [(1, 10, 4, 0, 300)], passAt: 300 + week)
    let ratio = try #require(late.usage(group: 1, user: 10)) / #require(early.usage(group: 1, user: 10))
    #expect(abs(ratio - 0.5) < 1e-12)
  }

  // MARK: - Classic

  @Test("classic: F = 2^(-UE/S) with the effective usage of Slurm's hierarchy")
  func classicFactors() throws {
    // Accounts 1 and 2 with equal shares. Usage: user 10 (account 1) 600,
    // user 11 (account 1) 0, user 20 (account 2) 200; root 800.
    //   account 1: U = 0.75, S = 0.5; account 2: U = 0.25, S = 0.5.
    //   user 10: UE = 0.75 + (0.75 - 0.75)/2 = 0.75, S = 0.25 -> 2^-3 = 0.125
    //   user 11: UE = 0 + (0.75 - 0)/2 = 0.375, S = 0.25 -> 2^-1.5
    //   user 20: UE = 0.25 (alone in its account), S = 0.5 -> 2^-0.5
    let order = Self.order(
      Self.config(fairTree: false),
      usage: [(1, 10, 1, 0, 600), (1, 11, 1, 600, 600), (2, 20, 1, 0, 200)], passAt: 900)
    #expect(abs(try #require(order.fairShareFactor(group: 1, user: 10)) - 0.125) < 1e-12)
    #expect(abs(try #require(order.fairShareFactor(group: 1, user: 11)) - 1 / (2 * 2.0.squareRoot())) < 1e-12)
    #expect(abs(try #require(order.fairShareFactor(group: 2, user: 20)) - 1 / 2.0.squareRoot()) < 1e-12)
  }

  @Test("classic: a user who used exactly its share gets 0.5; no usage at all gives 1.0")
  func classicHalf() throws {
    // Two accounts, one user each, equal shares, equal usage: U = S = 0.5 -> 2^-1.
    let even = Self.order(
      Self.config(fairTree: false), usage: [(1, 10, 1, 0, 300), (2, 20, 1, 0, 300)], passAt: 300)
    #expect(try #require(even.fairShareFactor(group: 1, user: 10)) == 0.5)
    let idle = Self.order(Self.config(fairTree: false), usage: [(1, 10, 1, 0, 0)], passAt: 300)
    #expect(try #require(idle.fairShareFactor(group: 1, user: 10)) == 1)
  }

  @Test("classic: shares from the config weigh the accounts")
  func classicShares() throws {
    // Account 1 has 3 shares, account 2 has 1: S = 0.75 and 0.25. Equal usage
    // (U = 0.5 each): account 1's user gets 2^(-0.5/0.75), account 2's 2^(-2).
    let order = Self.order(
      Self.config(fairTree: false, shares: [1: 3]), usage: [(1, 10, 1, 0, 300), (2, 20, 1, 0, 300)],
      passAt: 300)
    #expect(abs(try #require(order.fairShareFactor(group: 1, user: 10)) - pow(2, -0.5 / 0.75)) < 1e-12)
    #expect(abs(try #require(order.fairShareFactor(group: 2, user: 20)) - 0.25) < 1e-12)
  }

  // MARK: - Fair Tree

  @Test("Fair Tree: users ranked depth-first by LF = S/U; ties share a rank")
  func fairTreeRanks() throws {
    // Equal shares. Usage: account 1: user 10 600, user 11 0; account 2:
    // users 20 and 21 200 each; account 3: user 30 0. Root 1000.
    //   accounts: LF1 = (1/3)/0.6, LF2 = (1/3)/0.4, LF3 = inf -> order 3, 2, 1
    //   account 3: user 30 (inf); account 2: users 20, 21 (LF 1 each, tied);
    //   account 1: user 11 (inf), then user 10 (0.5/1 = 0.5).
    // Five users: 30 -> 5/5; 20, 21 -> 4/5 (tied); 11 -> 2/5 (rank 3 is
    // skipped after the tie); 10 -> 1/5.
    let order = Self.order(
      Self.config(),
      usage: [
        (1, 10, 1, 0, 600), (1, 11, 1, 900, 900), (2, 20, 1, 0, 200), (2, 21, 1, 0, 200), (3, 30, 1, 900, 900),
      ], passAt: 900)
    var factors: [Double?] = []
    for (group, user) in [(3, 30), (2, 20), (2, 21), (1, 11), (1, 10)] as [(Int32, Int32)] {
      factors.append(order.fairShareFactor(group: group, user: user))
    }
    #expect(factors == [5, 4, 4, 2, 1].map { Double($0) / 5 })
  }

  @Test("Fair Tree: accounts with equal LF have their users ranked together")
  func fairTreeMergedAccounts() throws {
    // Accounts 4 and 5, equal shares and equal usage (LF equal, 1).
    //   account 4: user 40 300 (LF 0.5/0.75 = 0.667), user 41 100 (LF 0.5/0.25 = 2)
    //   account 5: user 50 400 (LF 1/1 = 1)
    // Merged: 41 (2), 50 (1), 40 (0.667) -> 3/3, 2/3, 1/3.
    let order = Self.order(
      Self.config(), usage: [(4, 40, 1, 0, 300), (4, 41, 1, 0, 100), (5, 50, 1, 0, 400)], passAt: 600,
      waiting: (4, 41))
    #expect(try #require(order.fairShareFactor(group: 4, user: 41)) == 1)
    #expect(abs(try #require(order.fairShareFactor(group: 5, user: 50)) - 2.0 / 3) < 1e-12)
    #expect(abs(try #require(order.fairShareFactor(group: 4, user: 40)) - 1.0 / 3) < 1e-12)
  }

  @Test("Fair Tree factors match a direct implementation of fair_tree.html on random trees", arguments: 0..<20)
  func fairTreeMatchesReference(seed: UInt64) throws {
    // 8 accounts, 40 users, integer usages with zeros and deliberate equal
    // account totals; half-life 0 so usage is exact.
    var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    func next(_ bound: Int64) -> Int64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int64((state >> 33) % UInt64(bound))
    }
    var jobs: [(group: Int32, user: Int32, nodes: Int32, start: Int64, end: Int64)] = []
    for user in 0..<40 {
      let group = Int32(next(8))
      let usage = next(3) == 0 ? 0 : next(50) * 10
      jobs.append((group, Int32(100 + user), 1, 0, usage))
    }
    // Two accounts of one user each with equal usage: tied accounts.
    jobs.append((20, 500, 1, 0, 700))
    jobs.append((21, 501, 1, 0, 700))
    let order = Self.order(Self.config(), usage: jobs, passAt: 900, waiting: (20, 500))

    // The reference: LF per level, accounts by LF (ties merged, by group id),
    // users by LF, ranks from the user count down, ties sharing a rank.
    var usage: [Int32: [Int32: Double]] = [:]
    for job in jobs { usage[job.group, default: [:]][job.user, default: 0] += Double(job.end - job.start) }
    let root = usage.values.flatMap(\.values).reduce(0, +)
    let accounts = usage.keys.sorted()
    let accountShare = 1 / Double(accounts.count)
    func accountLevel(_ group: Int32) -> Double {
      let total = usage[group]!.values.reduce(0, +)
      return accountShare / (root > 0 ? total / root : 0)
    }
    func userLevel(_ group: Int32, _ user: Int32) -> Double {
      let total = usage[group]!.values.reduce(0, +)
      return (1 / Double(usage[group]!.count)) / (total > 0 ? usage[group]![user]! / total : 0)
    }
    let byLevel = accounts.sorted { (accountLevel($0), -$0) > (accountLevel($1), -$1) }
    let userCount = usage.values.map(\.count).reduce(0, +)
    var expected: [Int32: [Int32: Double]] = [:]
    var rankNoTies = userCount
    var position = 0
    while position < byLevel.count {
      var end = position + 1
      while end < byLevel.count && accountLevel(byLevel[end]) == accountLevel(byLevel[position]) { end += 1 }
      let members = byLevel[position..<end].flatMap { group in usage[group]!.keys.map { (group, $0) } }
        .sorted { userLevel($0.0, $0.1) > userLevel($1.0, $1.1) }
      var rank = rankNoTies
      var previous: Double? = nil
      for (group, user) in members {
        let level = userLevel(group, user)
        if level != previous { rank = rankNoTies }
        expected[group, default: [:]][user] = Double(rank) / Double(userCount)
        rankNoTies -= 1
        previous = level
      }
      position = end
    }
    for (group, users) in expected {
      for (user, factor) in users {
        #expect(order.fairShareFactor(group: group, user: user) == factor, "group \(group) user \(user)")
      }
    }
  }

  // MARK: - Schedules

  /// 2 nodes. User 1 (account 1) runs a 600 s whole-machine job from 0; at 10
  /// it submits another, at 20 user 2 (account 2) submits one. Both wait for 600.
  static let twoUsers = [
    mfJob(1, submit: 0, run: 600, nodes: 2, user: 1, group: 1),
    mfJob(2, submit: 10, run: 100, nodes: 2, user: 1, group: 1),
    mfJob(3, submit: 20, run: 100, nodes: 2, user: 2, group: 2),
  ]

  @Test("golden: fair-share lets the user who has not run go first")
  func fairShareReordersUsers() throws {
    // At 600 (a new period) usage is user 1: 1200 node-s, user 2: 0. Fair Tree:
    // account 2 (LF inf) before account 1 -> job 3 (10000) before job 2 (5000).
    let policy = FCFSPolicy(order: MultifactorPriority(config: Self.config()))
    let schedule = try replay(Self.twoUsers, nodes: 2, policy: policy)
    #expect(schedule == [s(1, 0, 600, "0-1"), s(2, 700, 800, "0-1"), s(3, 600, 700, "0-1")])
    // Arrival order runs them the other way round.
    let fifo = try replay(Self.twoUsers, nodes: 2, policy: FCFSPolicy())
    #expect(fifo == [s(1, 0, 600, "0-1"), s(2, 600, 700, "0-1"), s(3, 700, 800, "0-1")])
  }

  @Test("golden: EASY backfilling follows the same fair-share order")
  func fairShareUnderEASY() throws {
    let policy = EASYBackfilling(order: MultifactorPriority(config: Self.config(fairTree: false)))
    let schedule = try replay(Self.twoUsers, nodes: 2, policy: policy)
    #expect(schedule == [s(1, 0, 600, "0-1"), s(2, 700, 800, "0-1"), s(3, 600, 700, "0-1")])
  }
}
