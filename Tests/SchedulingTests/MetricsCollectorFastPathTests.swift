import Platform
@testable import Reporting
import Scheduling
import SimKernel
import Simulation
import Testing
import TestSupport
import Workload

@Suite("Metrics collector: per-job fast path gives the same numbers")
struct MetricsCollectorFastPathTests {
  @Test("the wait bins by bit length are the histogram's bins at, around and between every edge")
  func waitBinsMatchHistogram() {
    let bins = WaitBins()
    var waits: [Int64] = [0, 1, 999_999, 1_000_000, Int64.max, Int64.max - 1, 1 << 62, (1 << 62) - 1]
    var wait = 1_000_000.0
    while wait < 9e18 {
      waits.append(Int64(wait))
      wait *= 1.0013
    }
    for edge in WaitHistogram.lowerEdges.dropFirst() { waits += [edge - 1, edge, edge + 1] }
    for length in 20...62 { waits += [(1 << length) - 1, 1 << length, (1 << length) + 1] }
    let mismatches = waits.filter { bins.bin(microseconds: $0) != WaitHistogram.bin(microseconds: $0) }
    #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
  }

  @Test("τ in µs is the bounded-slowdown threshold")
  func thresholdLiteral() {
    #expect(MetricsCollector.boundedSlowdownThresholdMicroseconds == MetricsCollector.boundedSlowdownThreshold.microseconds)
  }

  @Test("a collector and the breakdown observer agree on 5,000 seeded jobs, past the reserved capacity")
  func collectorMatchesBreakdownObserver() {
    var random = SeededRandom(state: 99)
    func next(_ bound: Int64) -> Int64 { random.next(bound) }
    let metrics = MetricsCollector(totalNodes: 64, expectedJobs: 10)
    let breakdown = BreakdownCollector()
    var waits: [Int64] = []
    for id in 0..<5_000 {
      let submit = next(1_000_000) * 1_000_000
      let wait = next(4) == 0 ? next(1_000_000) : next(100_000) * 1_000_000
      let run = next(3) == 0 ? next(20_000_000) : next(50_000) * 1_000_000
      let job = Job(
        id: Int64(id), submitTime: SimTime(microseconds: submit), runTime: SimTime(microseconds: run),
        estimate: SimTime(microseconds: run), processors: Int32(1 + next(64)), userID: Int32(next(40)) - 2)
      let outcome = JobOutcome(
        job: job, startTime: SimTime(microseconds: submit + wait), endTime: SimTime(microseconds: submit + wait + run),
        nodes: NodeSet(run: NodeRun(0, job.nodes - 1)), state: .completed)
      metrics.jobEnded(outcome)
      breakdown.jobEnded(outcome)
      waits.append(wait)
    }
    #expect(metrics.waits == waits)
    let mine = metrics.breakdown()
    let reference = breakdown.summary()
    #expect(mine.waitHistogram == reference.waitHistogram)
    #expect(mine.bySize.map(\.stats) == reference.bySize.map(\.stats))
    #expect(mine.byUser.map(\.user) == reference.byUser.map(\.user))
    #expect(mine.byUser.map(\.stats) == reference.byUser.map(\.stats))
    #expect(metrics.summary().jobsReplayed == 5_000)
  }

  @Test(
    "the summary's percentiles and means are those of the sorted values, and a second summary repeats the first",
    arguments: [3_001, MetricsCollector.parallelSelectionThreshold + 1])
  func summaryMatchesSortedReference(jobs: Int) {
    var random = SeededRandom(state: 7)
    func next(_ bound: Int64) -> Int64 { random.next(bound) }
    let metrics = MetricsCollector(totalNodes: 64, expectedJobs: 100)
    var waits: [Int64] = []
    var slowdowns: [Double] = []
    for id in 0..<jobs {
      let submit = next(1_000_000) * 1_000_000
      let wait = next(5) == 0 ? 0 : next(200_000) * 1_000_000 + next(1_000_000)
      let run = 1 + next(30_000_000)
      let job = Job(
        id: Int64(id), submitTime: SimTime(microseconds: submit), runTime: SimTime(microseconds: run),
        estimate: SimTime(microseconds: run), processors: Int32(1 + next(64)), userID: 1)
      metrics.jobEnded(
        JobOutcome(
          job: job, startTime: SimTime(microseconds: submit + wait),
          endTime: SimTime(microseconds: submit + wait + run), nodes: NodeSet(run: NodeRun(0, job.nodes - 1)),
          state: .completed))
      waits.append(wait)
      slowdowns.append(max(1, Double(wait + run) / Double(max(run, 10_000_000))))
    }
    let sortedWaits = waits.sorted()
    let sortedSlowdowns = slowdowns.sorted()
    // Nearest rank: the ceil(p × n)-th smallest, 1-based.
    let median = sortedWaits.count / 2  // ceil(0.5 × n) - 1 for odd n
    let p95 = Int((0.95 * Double(sortedWaits.count)).rounded(.up)) - 1
    let first = metrics.summary()
    #expect(first.wait.median == Double(sortedWaits[median]) / 1e6)
    #expect(first.wait.p95 == Double(sortedWaits[p95]) / 1e6)
    #expect(first.wait.max == Double(sortedWaits.last!) / 1e6)
    #expect(first.boundedSlowdown.median == sortedSlowdowns[median])
    #expect(first.boundedSlowdown.p95 == sortedSlowdowns[p95])
    #expect(first.boundedSlowdown.max == sortedSlowdowns.last!)
    // The means add in end order, as the values came.
    #expect(first.wait.mean == waits.reduce(0.0) { $0 + Double($1) / 1e6 } / Double(jobs))
    #expect(first.boundedSlowdown.mean == slowdowns.reduce(0.0, +) / Double(jobs))
    let second = metrics.summary()
    #expect(second.wait == first.wait)
    #expect(second.boundedSlowdown == first.boundedSlowdown)
  }
}

@Suite("Metrics collector without the breakdown")
struct MetricsCollectorWithoutBreakdownTests {
  @Test("skipping the breakdown leaves the summary the same to the bit, and the breakdown empty")
  func sameSummary() {
    var random = SeededRandom(state: 11)
    let full = MetricsCollector(totalNodes: 32, expectedJobs: 50)
    let lean = MetricsCollector(totalNodes: 32, expectedJobs: 50, collectsBreakdown: false)
    for id in 0..<2_000 {
      let submit: Int64 = random.next(1_000_000) * 1_000_000
      let wait: Int64 = random.next(4) == 0 ? 0 : random.next(90_000) * 1_000_000
      let run: Int64 = 1 + random.next(20_000_000)
      let job = Job(
        id: Int64(id), submitTime: SimTime(microseconds: submit), runTime: SimTime(microseconds: run),
        estimate: SimTime(microseconds: run), processors: Int32(1 + random.next(32)), userID: Int32(random.next(9)))
      let outcome = JobOutcome(
        job: job, startTime: SimTime(microseconds: submit + wait), endTime: SimTime(microseconds: submit + wait + run),
        nodes: NodeSet(run: NodeRun(0, job.nodes - 1)), state: .completed)
      full.jobEnded(outcome)
      lean.jobEnded(outcome)
    }
    let (a, b) = (full.summary(), lean.summary())
    #expect(a.wait == b.wait)
    #expect(a.boundedSlowdown == b.boundedSlowdown)
    #expect(a.meanResponse == b.meanResponse)
    #expect(a.utilisation == b.utilisation)
    #expect(a.pending == b.pending)
    #expect(full.breakdown().byUser.count == 9)
    #expect(lean.breakdown().byUser.isEmpty)
    #expect(lean.breakdown().waitHistogram.counts.allSatisfy { $0 == 0 })
  }
}

@Suite("Nearest-rank percentiles")
struct NearestRankPercentileTests {
  @Test("several percentiles in any order are those of the sorted values", arguments: [1, 2, 7, 1_000, 4_099])
  func matchSortedReference(count: Int) {
    var random = SeededRandom(state: UInt64(count))
    // Many repeats, as waits of zero are.
    var values = (0..<count).map { _ in random.next(3) == 0 ? 0 : random.next(500) }
    let sorted = values.sorted()
    let percentiles = [0.95, 0.5, 0.99, 0.01, 1.0, 0.5]
    let expected = percentiles.map { p in sorted[min(max(Int((p * Double(count)).rounded(.up)), 1), count) - 1] }
    #expect(nearestRankPercentiles(&values, percentiles) == expected)
    #expect(values.sorted() == sorted)
  }
}
