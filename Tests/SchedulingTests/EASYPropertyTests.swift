@testable import Scheduling
import SimKernel
import Simulation
import Testing
import Workload

/// EASY's promise over many seeded random workloads: once a job is the
/// blocked head, its reservation (the shadow time) never moves later and it
/// starts by it, when estimates are never shorter than run times.
@Suite("EASY backfilling: properties")
struct EASYPropertyTests {
  @Test("the head job's reservation is never delayed")
  func headNeverDelayed() throws {
    var headsSeen = 0
    for seed in ConservativePropertyTests.seeds {
      let (jobs, nodes) = ConservativePropertyTests.workload(seed: seed)
      let heads = HeadLog()
      let schedule = try replay(jobs, nodes: nodes, policy: HeadWatcher(log: heads))
      var broken = heads.delays
      for scheduled in schedule {
        if let shadow = heads.first[scheduled.id], SimTime.seconds(scheduled.start) > shadow {
          broken.append("job \(scheduled.id) reserved at \(shadow) as head started at \(scheduled.start)")
        }
      }
      #expect(broken.isEmpty, "seed: \(seed), nodes: \(nodes): \(broken.joined(separator: "; "))")
      headsSeen += heads.first.count
      if !broken.isEmpty { return }
    }
    // The check is real only if jobs do get blocked.
    #expect(headsSeen > 1_000, "only \(headsSeen) blocked heads in 200 workloads")
  }
}

/// Each head job's first shadow time, and any pass that moved it later.
final class HeadLog {
  var first: [Int64: SimTime] = [:]
  var latest: [Int64: SimTime] = [:]
  var delays: [String] = []
}

/// Runs `EASYBackfilling` (arrival order) and, after each pass ending with a
/// blocked head, records that head's shadow time.
struct HeadWatcher: SchedulingPolicy {
  var inner = EASYBackfilling()
  let log: HeadLog
  var name: String { inner.name }
  var usesBackfillIndex: Bool { inner.usesBackfillIndex }

  mutating func schedule(_ view: SchedulerView, into decisions: inout [Decision]) {
    inner.schedule(view, into: &decisions)
    guard inner.headBlocked else { return }
    var started = Set<Int>()
    for case .start(let index) in decisions { started.insert(index) }
    let queue = view.queue
    var index = queue.head
    while index < queue.endIndex && (!queue[index].isLive || started.contains(index)) { index += 1 }
    guard index < queue.endIndex else { return }
    let id = view.jobs[Int(queue[index].slot)].id
    let shadow = SimTime(microseconds: inner.shadowTime)
    if log.first[id] == nil { log.first[id] = shadow }
    if let previous = log.latest[id], shadow > previous {
      log.delays.append("job \(id)'s reservation moved from \(previous) to \(shadow) at \(view.now)")
    }
    log.latest[id] = shadow
  }
}
