import Platform
import Scheduling
import SimKernel
import Workload

/// Advance reservations: no job whose estimated end crosses a window runs on
/// its nodes. For named nodes, no job holding nodes over part of a window by
/// its estimate (`[start, start + estimate)`) uses one of them; for counted
/// windows, at every instant of a window the jobs running by their estimates
/// leave the window's count free.
public struct ReservationGuarantee: ScheduleGuarantee {
  public let calendar: ReservationCalendar

  public init(calendar: ReservationCalendar) { self.calendar = calendar }

  public var description: String { "advance reservations (\(calendar.reservations.count))" }

  /// - Complexity: O(windows x n log n)
  public func check(_ schedule: CheckedSchedule, into log: inout ViolationLog) {
    for window in calendar.reservations {
      let (start, end) = (window.start.microseconds, window.end.microseconds)
      // Each job's time on its nodes as planned: to its estimated end, or
      // its real end when earlier.
      var meeting: [(entry: CheckedSchedule.Entry, end: Int64)] = []
      for entry in schedule.entries {
        let planned = min(entry.finish.microseconds, entry.start.microseconds &+ entry.job.estimate.microseconds)
        if window.overlaps(from: entry.start.microseconds, to: entry.start.microseconds &+ entry.job.estimate.microseconds) {
          meeting.append((entry, planned))
        }
      }
      if window.namesNodes {
        for (entry, _) in meeting {
          var hit = false
          entry.nodes.forEachRun { run in
            for range in window.nodes where run.lower < range.upperBound && run.upper >= range.lowerBound { hit = true }
          }
          if hit { record(entry, window, "runs on \(entry.nodes.intervalSetDescription), held by it", &log) }
        }
        continue
      }
      // A sweep over the window's start and the starts inside it.
      var instants = [start]
      for (entry, _) in meeting where entry.start.microseconds > start && entry.start.microseconds < end {
        instants.append(entry.start.microseconds)
      }
      for instant in instants {
        var busy: Int32 = 0
        var last: CheckedSchedule.Entry?
        for (entry, plannedEnd) in meeting where entry.start.microseconds <= instant && plannedEnd > instant {
          busy += Int32(entry.nodes.count)
          last = entry
        }
        if busy > schedule.totalNodes - window.count, let last {
          record(
            last, window,
            "\(busy) nodes busy at \(SimTime(microseconds: instant).formatCompact()) s, "
              + "leaving fewer than its \(window.count) of \(schedule.totalNodes)", &log)
          break
        }
      }
    }
  }

  func record(_ entry: CheckedSchedule.Entry, _ window: AdvanceReservation, _ detail: String, _ log: inout ViolationLog) {
    log.record(
      Violation(
        jobID: entry.job.id, line: entry.line,
        kind: .guarantee(
          name: "reservation",
          detail: "meets reservation '\(window.name)' [\(window.start.formatCompact()), \(window.end.formatCompact())) s: "
            + detail)))
  }
}
