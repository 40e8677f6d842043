import Platform
import Scheduling
import SimKernel
import Simulation
import Workload

/// One line of a schedule: `job start end nodes`, times in whole seconds.
struct ScheduledJob: Hashable, CustomStringConvertible {
  var id: Int64
  var start: Int64
  var end: Int64
  var nodes: String

  var description: String { "\(id) \(start)-\(end) [\(nodes)]" }
}

/// Records the schedule a replay produces.
final class ScheduleRecorder: ReplayObserver {
  var schedule: [ScheduledJob] = []
  var rejected: [Int64] = []
  var timedOut: [Int64] = []

  func jobEnded(_ outcome: JobOutcome) {
    if outcome.state == .timeout { timedOut.append(outcome.job.id) }
    schedule.append(
      ScheduledJob(
        id: outcome.job.id, start: outcome.startTime.wholeSeconds, end: outcome.endTime.wholeSeconds,
        nodes: outcome.nodes.intervalSetDescription))
  }

  func jobRejected(_ job: Job, reason: RejectReason) { rejected.append(job.id) }
}

/// A job for a hand-made fixture: `id submit run nodes estimate`.
func job(_ id: Int64, submit: Int64, run: Int64, nodes: Int32, estimate: Int64? = nil) -> Job {
  Job(
    id: id, submitTime: .seconds(submit), runTime: .seconds(run),
    estimate: .seconds(estimate ?? run), requestedTime: .seconds(estimate ?? run),
    processors: nodes)
}

/// Replays `jobs` on `nodes` nodes and returns the schedule sorted by job id.
func replay(_ jobs: [Job], nodes: Int32, policy: any SchedulingPolicy) throws -> [ScheduledJob] {
  let recorder = ScheduleRecorder()
  var replay = Replay(totalNodes: nodes, policy: policy, observer: recorder)
  var source = ArrayJobSource(jobs)
  try replay.run(&source)
  return recorder.schedule.sorted { $0.id < $1.id }
}

func s(_ id: Int64, _ start: Int64, _ end: Int64, _ nodes: String) -> ScheduledJob {
  ScheduledJob(id: id, start: start, end: end, nodes: nodes)
}
