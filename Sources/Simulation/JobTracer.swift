import Platform
import Scheduling
import SimKernel
import Workload

/// Traces one job through a replay (`hpcsim explain`): install it with
/// `Replay.trace(with:)` and among the replay's observers; read `trace` at
/// the end.
///
/// The job is the first submitted with number `jobID`. Jobs "passing" it are
/// those after it in arrival order (the queue's order) that a pass started
/// while it kept waiting.
///
/// - Complexity: O(arrivals) per pass until the job arrives, then O(queue)
///   per pass while it waits (finding positions); nothing after it starts.
public final class JobTracer: PassTracer, ReplayObserver {
  public private(set) var trace: JobTrace
  /// The job's slot and queue index while it waits.
  var slot: Int32 = -1
  var index = -1
  var waiting = false
  var passNumber = 0
  /// Starts decided this pass for jobs after it in the queue.
  var candidates: [(index: Int, slot: Int32)] = []

  public init(jobID: Int64) { trace = JobTrace(jobID: jobID) }

  /// Done once the job started or was refused: no more passes to record.
  public var isDone: Bool { trace.start != nil || trace.rejection != nil }

  public func passDecided(
    at now: SimTime, queue: WaitingQueue, jobs: [Job], firstNewArrival: Int, decisions: [Decision]
  ) {
    passNumber += 1
    if trace.job == nil { find(in: queue, jobs: jobs, from: firstNewArrival) }
    guard waiting else { return }
    if index >= queue.endIndex || queue[index].slot != slot {
      // The replay compacted its queue since the last pass.
      index = (queue.head..<queue.endIndex).first { queue[$0].slot == slot } ?? -1
      precondition(index >= 0, "traced job \(trace.jobID) is no longer in the queue")
    }
    candidates.removeAll()
    for case .start(let started) in decisions where started > index {
      candidates.append((started, queue[started].slot))
    }
  }

  func find(in queue: WaitingQueue, jobs: [Job], from first: Int) {
    for position in max(first, queue.head)..<queue.endIndex where queue[position].isLive {
      let candidate = queue[position].slot
      if jobs[Int(candidate)].id == trace.jobID {
        trace.job = jobs[Int(candidate)]
        slot = candidate
        index = position
        waiting = true
        return
      }
    }
  }

  public func passApplied(_ inspection: some PassInspection) {
    guard waiting else { return }
    let queue = inspection.queue
    guard queue[index].isLive else {
      waiting = false
      return
    }
    var passedBy: [PassingJob] = []
    for candidate in candidates where !queue[candidate.index].isLive {
      let job = inspection.jobs[Int(candidate.slot)]
      passedBy.append(PassingJob(id: job.id, submitTime: job.submitTime, nodes: job.nodes, estimate: job.estimate))
    }
    trace.passes.append(
      PassRecord(
        number: passNumber, time: inspection.now, reason: inspection.reason(of: slot),
        position: inspection.position(of: slot), waiting: queue.liveCount, busyNodes: inspection.busyNodes,
        plannedStart: inspection.plannedStart(of: slot), passedBy: passedBy))
  }

  /// Whether `job` is the traced one (same number and submit time).
  func isTraced(_ job: Job) -> Bool {
    job.id == trace.jobID && trace.job?.submitTime == job.submitTime
  }

  public func jobStarted(_ job: Job, at time: SimTime, nodes: NodeSet) {
    guard trace.start == nil, isTraced(job) else { return }
    trace.start = time
    trace.nodes = nodes
  }

  public func jobEnded(_ outcome: JobOutcome) {
    guard trace.end == nil, trace.start != nil, isTraced(outcome.job) else { return }
    trace.end = outcome.endTime
    trace.endState = outcome.state
    trace.pending = outcome.pending
  }

  public func jobRejected(_ job: Job, reason: RejectReason) {
    guard trace.job == nil, job.id == trace.jobID else { return }
    trace.job = job
    trace.rejection = reason
  }
}
