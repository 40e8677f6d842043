import Platform
@testable import Reporting
import Scheduling
import SimKernel
import Simulation
import TestSupport
import Testing
import Workload

@Suite("Breakdowns by size class and user; Gantt windows")
struct ReportBreakdownTests {
  @Test(
    "size classes are powers of 4 in nodes",
    arguments: [(1, "1"), (2, "2-4"), (4, "2-4"), (5, "5-16"), (16, "5-16"), (17, "17-64"), (64, "17-64"),
      (65, "65-256"), (256, "65-256"), (257, ">256"), (16_000, ">256")])
  func sizeClasses(nodes: Int32, label: String) {
    #expect(JobSizeClass.all[JobSizeClass.index(nodes: nodes)].label == label)
  }

  @Test("tiny fixture under EASY: per-user and per-class numbers by hand")
  func tinyByHand() throws {
    var source = try TraceJobSource(
      path: TestPaths.fixture("golden/tiny.swf"), admission: JobAdmission(), onBadRecord: .fail)
    let collector = BreakdownCollector()
    var replay = Replay(totalNodes: 4, policy: EASYBackfilling(), observer: collector)
    try replay.run(&source)
    let breakdown = collector.summary()
    // Users (field 12): 1 -> jobs 1, 3, 6 (waits 0, 0, 300; bsld 1, 1, 16);
    // 2 -> jobs 2, 5 (waits 90, 0; bsld 140/50 = 2.8, 1); 3 -> job 4 (wait 120; bsld 320/200 = 1.6).
    #expect(breakdown.byUser.map(\.user) == [1, 2, 3])
    let user1 = breakdown.byUser[0].stats
    #expect(user1.jobs == 3 && user1.totalWait == 300 && user1.maxWait == 300)
    #expect(abs(user1.meanBoundedSlowdown - 6) < 1e-12)
    #expect(abs(breakdown.byUser[1].stats.meanBoundedSlowdown - 1.9) < 1e-12)
    #expect(breakdown.topUsersByTotalWait(2).map(\.user) == [1, 3])
    // Sizes: 1 node -> jobs 3, 5 (waits 0, 0); 2-4 -> jobs 1, 2, 4, 6 (waits 0, 90, 120, 300).
    #expect(breakdown.bySize.map(\.stats.jobs) == [2, 4, 0, 0, 0, 0])
    #expect(breakdown.bySize[1].stats.meanWait == 127.5)
    #expect(breakdown.waitHistogram.total == 6)
    #expect(breakdown.waitHistogram.counts[0] == 3)  // three waits under 1 s
  }

  @Test("wait histogram bins: under 1 s, then 20 per decade")
  func histogramBins() {
    func bin(_ seconds: Double) -> Int {
      let collector = BreakdownCollector()
      let job = Job(id: 1, submitTime: .zero, runTime: .seconds(1), estimate: .seconds(1), processors: 1)
      let start = SimTime.fractionalSeconds(seconds)
      collector.jobEnded(
        JobOutcome(job: job, startTime: start, endTime: start + .seconds(1), nodes: NodeSet(), state: .completed))
      return collector.summary().waitHistogram.counts.firstIndex { $0 > 0 }!
    }
    #expect(bin(0) == 0)
    #expect(bin(0.999) == 0)
    #expect(bin(1) == 1)
    #expect(bin(10) == 21)
    #expect(bin(100) == 41)
    #expect(bin(1e9) == WaitHistogram.binCount - 1)
    #expect(abs(WaitHistogram.upperEdge(20) - 10) < 1e-9)
  }

  @Test("the bin table gives the logarithm's bin for every wait, at and around each edge")
  func histogramTableMatchesLogarithm() {
    var waits: [Int64] = []
    var wait = 1_000_000.0
    while wait < 2e15 {
      waits.append(Int64(wait))
      wait *= 1.0007
    }
    for edge in WaitHistogram.lowerEdges.dropFirst() { waits += [edge - 1, edge, edge + 1] }
    let mismatches = waits.filter {
      $0 >= 1_000_000 && WaitHistogram.bin(microseconds: $0) != WaitHistogram.logarithmicBin(microseconds: $0)
    }
    #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
  }

  /// A finished job for the Gantt collector: `id`, start and end in hours, nodes.
  func ended(_ id: Int64, _ startHour: Int64, _ endHour: Int64, _ first: Int32, _ count: Int32, user: Int32 = 1)
    -> JobOutcome
  {
    let job = Job(
      id: id, submitTime: .seconds(startHour * 3_600), runTime: .seconds((endHour - startHour) * 3_600),
      estimate: .seconds((endHour - startHour) * 3_600), processors: count, userID: user)
    return JobOutcome(
      job: job, startTime: .seconds(startHour * 3_600), endTime: .seconds(endHour * 3_600),
      nodes: NodeSet(run: NodeRun(first, first + count - 1)), state: .completed)
  }

  /// Feeds `outcomes` to `collector` as a replay would: starts and ends in time order.
  func feed(_ outcomes: [JobOutcome], to collector: GanttCollector) {
    var events: [(time: SimTime, isEnd: Bool, outcome: JobOutcome)] = []
    for outcome in outcomes {
      events.append((outcome.startTime, false, outcome))
      events.append((outcome.endTime, true, outcome))
    }
    events.sort { $0.time != $1.time ? $0.time < $1.time : ($0.isEnd && !$1.isEnd) }
    for event in events {
      if event.isEnd {
        collector.jobEnded(event.outcome)
      } else {
        collector.jobStarted(event.outcome.job, at: event.time, nodes: event.outcome.nodes)
      }
    }
    collector.replayFinished(at: events.last!.time)
  }

  @Test("the busiest day is found in one pass, with jobs running through it")
  func busiestDay() throws {
    // Day 0: one node for 2 h. Day 1: a long job (4 nodes, hour 30 to hour 80)
    // plus 8 nodes for 10 h (hours 36-46). Day 2 (hours 48-72): only the long job.
    // Node-hours: day 0: 2; day 1: 4 x 18 + 80 = 152; day 2: 4 x 24 = 96.
    let collector = GanttCollector(window: nil)
    feed([ended(1, 0, 2, 0, 1), ended(2, 30, 80, 0, 4), ended(3, 36, 46, 4, 8)], to: collector)
    let window = try #require(collector.window())
    #expect(window.isBusiestDay)
    #expect(window.busyNodeMicroseconds == 152 * 3_600_000_000)
    #expect(window.bars.map(\.jobID) == [2, 3])
    #expect(window.bars[0].end == nil)  // still running when day 1 closed
    // Drawn where the day has jobs: from hour 30 to the day's end.
    #expect(window.start == .seconds(30 * 3_600) && window.end == .seconds(48 * 3_600))
  }

  @Test("a given window keeps the overlapping jobs, at most `cap`")
  func fixedWindow() throws {
    let collector = GanttCollector(window: (.seconds(10 * 3_600), .seconds(20 * 3_600)), cap: 2)
    feed(
      [ended(1, 0, 5, 0, 1), ended(2, 8, 12, 0, 1), ended(3, 11, 13, 1, 1), ended(4, 19, 30, 2, 1),
       ended(5, 20, 25, 3, 1)], to: collector)
    let window = try #require(collector.window())
    #expect(!window.isBusiestDay)
    #expect(window.bars.map(\.jobID) == [2, 3])
    #expect(window.omitted == 1)  // job 4 overlaps too; jobs 1 and 5 do not
  }
}
