import Platform
import Scheduling
import SimKernel
import Simulation
import Workload

extension ReplayReport {
  /// The traced job's timeline (`hpcsim explain`), one event per line with
  /// its simulated time; `nil` when no job was traced.
  ///
  /// A pass line is printed when the job's reason, position or planned start
  /// changed, or when jobs passed it; runs of passes that changed nothing
  /// are summarised in one line, unless `allPasses`. The text depends only
  /// on the replay, so it is the same at every run.
  public func renderExplanation(allPasses: Bool = false) -> String? {
    guard let trace = explanation else { return nil }
    var renderer = ExplanationRenderer(
      trace: trace, arrivalOrder: options.first { $0.0 == "order" }?.1 ?? "submit" == "submit")
    renderer.lines.append(
      "job \(trace.jobID) in \(tracePath): policy \(policy) on \(grouped(Int(nodes))) nodes "
        + "(estimates: \(estimateSource))")
    renderer.render(allPasses: allPasses)
    return renderer.lines.joined(separator: "\n") + "\n"
  }
}

/// Builds the lines of `renderExplanation`.
struct ExplanationRenderer {
  let trace: JobTrace
  /// Whether the queue order is arrival order (jobs passing the traced one
  /// then backfill; under a priority order they may come first).
  let arrivalOrder: Bool
  var lines: [String] = []

  /// Width of the `t=...` column.
  let timeWidth: Int

  init(trace: JobTrace, arrivalOrder: Bool) {
    self.trace = trace
    self.arrivalOrder = arrivalOrder
    let latest = [trace.end, trace.start, trace.passes.last?.time, trace.job?.submitTime].compactMap { $0 }.max()
    timeWidth = 2 + (latest ?? .zero).formatCompact().count
  }

  mutating func event(_ time: SimTime, _ text: String) {
    let stamp = "t=" + time.formatCompact()
    lines.append(stamp + String(repeating: " ", count: max(1, timeWidth + 2 - stamp.count)) + text)
  }

  mutating func note(_ text: String) {
    lines.append(String(repeating: " ", count: timeWidth + 2) + text)
  }

  mutating func render(allPasses: Bool) {
    guard let job = trace.job else { return }
    event(
      job.submitTime,
      "submitted: \(plural(Int(job.nodes), "node")), estimate \(job.estimate.formatCompact()) s, "
        + "run time \(job.runTime.formatCompact()) s, user \(job.userID)")
    if let rejection = trace.rejection {
      event(job.submitTime, "rejected at submission: \(rejection.name)")
      return
    }
    renderPasses(allPasses: allPasses)
    guard let start = trace.start else { return }
    let wait = start - job.submitTime
    event(start, "started on nodes \(trace.nodes.intervalSetDescription) after waiting \(wait.formatCompact()) s")
    if let end = trace.end {
      event(end, trace.endState == .timeout ? "ended: killed at its time limit" : "ended: completed")
    }
    renderSummary(wait: wait)
  }

  /// What a pass line shows, to tell whether it changed.
  struct Shown: Equatable {
    var reason: PendingReason
    var position: Int?
    var plannedStart: SimTime?
  }

  mutating func renderPasses(allPasses: Bool) {
    var last: Shown?
    var skipped = 0
    var skippedFrom = SimTime.zero
    var skippedTo = SimTime.zero
    for record in trace.passes {
      let shown = Shown(reason: record.reason, position: record.position, plannedStart: record.plannedStart)
      if !allPasses && shown == last && record.passedBy.isEmpty {
        if skipped == 0 { skippedFrom = record.time }
        skipped += 1
        skippedTo = record.time
        continue
      }
      flushSkipped(&skipped, from: skippedFrom, to: skippedTo)
      passLine(record, reasonChanged: shown.reason != last?.reason)
      for passing in record.passedBy {
        event(
          record.time,
          "\(arrivalOrder ? "backfilled past it" : "started ahead of it"): job \(passing.id) "
            + "(\(plural(Int(passing.nodes), "node")), estimate \(passing.estimate.formatCompact()) s, "
            + "submitted t=\(passing.submitTime.formatCompact()))")
      }
      last = shown
    }
    flushSkipped(&skipped, from: skippedFrom, to: skippedTo)
  }

  mutating func flushSkipped(_ skipped: inout Int, from: SimTime, to: SimTime) {
    guard skipped > 0 else { return }
    note(
      "(\(plural(skipped, "more pass", "more passes")) unchanged, "
        + (from == to ? "t=\(from.formatCompact()))" : "t=\(from.formatCompact()) to t=\(to.formatCompact()))"))
    skipped = 0
  }

  mutating func passLine(_ record: PassRecord, reasonChanged: Bool) {
    var text = "pass \(record.number): \(record.reason.slurmName)"
    if reasonChanged { text += " (\(Self.gloss(record.reason)))" }
    if let position = record.position {
      text += ", \(ordinal(position)) of \(record.waiting) waiting"
    } else {
      text += ", \(record.waiting) waiting"
    }
    if let planned = record.plannedStart { text += ", planned start t=\(planned.formatCompact())" }
    text += ", \(record.busyNodes) nodes busy"
    event(record.time, text)
  }

  mutating func renderSummary(wait: SimTime) {
    guard let pending = trace.pending else { return }
    let parts = pending.byReason.filter { $0.microseconds != 0 }.map {
      "\($0.reason.slurmName) \(SimTime(microseconds: $0.microseconds).formatCompact()) s"
    }
    lines.append("pending: " + (parts.isEmpty ? "none (started at submission)" : parts.joined(separator: ", ")))
    if let recount = trace.pendingFromPasses, recount != pending {
      lines.append("warning: the pass records give a different split of the wait; please report this")
    }
  }

  /// What a reason means, for the first line showing it.
  static func gloss(_ reason: PendingReason) -> String {
    switch reason {
    case .priority: "jobs ahead of it in order come first"
    case .resources: "first in order, not enough free nodes"
    case .reservation: "waiting for an advance reservation"
    case .storageCapacity: "its burst-buffer footprint does not fit"
    case .qosMaxJobsPerUserLimit: "held: its user has MaxJobsPerUser jobs running or released"
    case .qosMaxNodePerUserLimit: "held: its user's nodes would exceed MaxTRESPerUser=node"
    }
  }
}

/// `1 node`, `3 nodes`.
func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
  "\(count) " + (count == 1 ? singular : pluralForm ?? singular + "s")
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`.
func ordinal(_ value: Int) -> String {
  let lastTwo = value % 100
  let suffix =
    (11...13).contains(lastTwo) ? "th" : value % 10 == 1 ? "st" : value % 10 == 2 ? "nd" : value % 10 == 3 ? "rd" : "th"
  return "\(value)\(suffix)"
}
