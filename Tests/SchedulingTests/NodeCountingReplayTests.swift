import Platform
import Scheduling
import SimKernel
import Simulation
import Testing
import Workload

/// Records `(job, start, end)` and the node sets seen, reading node sets or
/// not as told.
private final class TimesRecorder: ReplayObserver {
  let usesNodeSets: Bool
  var times: [[Int64]] = []
  var nodeSetsSeen = 0

  init(usesNodeSets: Bool) { self.usesNodeSets = usesNodeSets }

  func jobEnded(_ outcome: JobOutcome) {
    times.append([outcome.job.id, outcome.startTime.microseconds, outcome.endTime.microseconds])
    if !outcome.nodes.isEmpty { nodeSetsSeen += 1 }
  }
}

/// When no observer reads node sets, the replay counts free nodes instead of
/// naming them: every start and end stays where it was.
@Suite struct NodeCountingReplayTests {
  static let policies: [(String, @Sendable () -> any SchedulingPolicy)] = [
    ("fcfs", { FCFSPolicy() }), ("easy", { EASYBackfilling() }),
    ("conservative", { ConservativeBackfilling(parameters: .unbounded) }),
  ]

  @Test(
    "the same schedule with named and counted nodes, over 12 seeds and three policies",
    arguments: 0..<3, 1...12)
  func sameSchedule(policyIndex: Int, seed: UInt64) throws {
    let (name, makePolicy) = Self.policies[policyIndex]
    var workload = SeededWorkload(seed: seed)
    let jobs = workload.jobs(count: 300, nodes: 48)
    var results: [TimesRecorder] = []
    for uses in [true, false] {
      let recorder = TimesRecorder(usesNodeSets: uses)
      var replay = Replay(totalNodes: 48, policy: makePolicy(), observer: recorder)
      var source = ArrayJobSource(jobs)
      try replay.run(&source)
      results.append(recorder)
    }
    #expect(results[0].times.count == 300, "\(name)")
    #expect(results[0].times == results[1].times, "\(name) seed \(seed)")
    // Node sets were named for the observer that reads them, not for the other.
    #expect(results[0].nodeSetsSeen == 300)
    #expect(results[1].nodeSetsSeen == 0)
  }

  @Test("an observer group reads node sets when any member does")
  func groupNeedsAny() {
    let counting = TimesRecorder(usesNodeSets: false)
    #expect(!ObserverGroup([counting, TimesRecorder(usesNodeSets: false)]).usesNodeSets)
    #expect(ObserverGroup([counting, TimesRecorder(usesNodeSets: true)]).usesNodeSets)
  }
}
