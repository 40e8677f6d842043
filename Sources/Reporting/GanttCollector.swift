import Platform
import SimKernel
import Simulation
import Workload

/// The jobs of one time window, for the report's Gantt chart: at most `cap`
/// of them, whatever the trace's size.
///
/// The window is either given, or the busiest day: days are `[k × 86,400 s,
/// (k+1) × 86,400 s)` of trace time, and the busiest is the one with the most
/// node-seconds used (the earliest on ties). It is found in one pass without
/// a set of running jobs: the node-seconds of a day are those of the jobs
/// that ended in it plus, in O(1), those of the jobs still running at its end
/// (from running sums of nodes and of nodes × start). When a day beats the
/// best so far, its ended jobs are kept; the jobs that were still running are
/// collected later, as they end (they started before the day's end and end
/// at or after it). Memory: two days of at most `cap` bars.
public final class GanttCollector: ReplayObserver {
  /// One job drawn: when, where, whose.
  public struct Bar: Sendable, Hashable {
    public var jobID: Int64
    public var user: Int32
    public var start: SimTime
    /// `nil` when the job ran past the window; it is drawn to the window's end.
    public var end: SimTime?
    public var nodes: NodeSet
  }

  /// What the chart shows.
  public struct Window: Sendable, Hashable {
    public var start: SimTime
    public var end: SimTime
    /// Bars to draw, sorted by start then job id.
    public var bars: [Bar]
    /// Jobs in the window that were not kept (beyond `cap`).
    public var omitted: Int
    /// Whether the window was chosen as the busiest day.
    public var isBusiestDay: Bool
    /// Node-time used in the day, in node-microseconds (busiest-day mode).
    public var busyNodeMicroseconds: Int64
  }

  public static let day: Int64 = 86_400_000_000
  /// Jobs drawn at most.
  public let cap: Int
  let fixed: (start: Int64, end: Int64)?
  /// All mutable state in one value, so an event costs one exclusive access.
  var state: State

  /// Collects the jobs overlapping `[start, end)`, or with `nil` the busiest day.
  public init(window: (start: SimTime, end: SimTime)?, cap: Int = 2_000) {
    self.cap = cap
    fixed = window.map { ($0.start.microseconds, $0.end.microseconds) }
    state = State(cap: cap)
  }

  public func jobStarted(_ job: Job, at time: SimTime, nodes: NodeSet) {
    guard fixed == nil else { return }
    state.started(nodes: Int64(job.nodes), at: time.microseconds)
  }

  public func jobEnded(_ outcome: JobOutcome) {
    if let (low, high) = fixed {
      state.endedInFixedWindow(outcome, low: low, high: high)
    } else {
      state.ended(outcome)
    }
  }

  public func replayFinished(at time: SimTime) {
    guard fixed == nil, let day = state.dayIndex else { return }
    state.closeDay(day)
    state.dayIndex = nil
  }

  struct State {
    let cap: Int
    // Fixed window.
    var bars: [Bar] = []
    var omitted = 0
    // Busiest day: the current day.
    var dayIndex: Int64?
    var dayBars: [Bar] = []
    var dayOmitted = 0
    /// Node-microseconds in the current day of the jobs that ended in it.
    var dayBusy: Int64 = 0
    /// Nodes of the running jobs.
    var runningNodes: Int64 = 0
    /// Σ nodes × max(start, current day's start) over the running jobs.
    var runningStarts: Int64 = 0
    // The best day so far; `bestEnd` is its end, for collecting its running jobs.
    var best: Window?
    var bestEnd: Int64 = 0

    init(cap: Int) { self.cap = cap }

    mutating func endedInFixedWindow(_ outcome: JobOutcome, low: Int64, high: Int64) {
      let start = outcome.startTime.microseconds
      let end = outcome.endTime.microseconds
      // Overlaps [low, high); a zero-length job counts when it lies inside.
      guard start < high && (end > low || (start == end && start >= low)) else { return }
      if bars.count < cap { bars.append(Self.bar(outcome, end: outcome.endTime)) } else { omitted += 1 }
    }

    mutating func started(nodes: Int64, at time: Int64) {
      advance(to: time)
      runningNodes += nodes
      runningStarts += nodes * time
    }

    mutating func ended(_ outcome: JobOutcome) {
      let start = outcome.startTime.microseconds
      let end = outcome.endTime.microseconds
      advance(to: end)
      let nodes = Int64(outcome.job.nodes)
      let dayStart = (dayIndex ?? 0) * GanttCollector.day
      runningNodes -= nodes
      runningStarts -= nodes * max(start, dayStart)
      // A job the best day saw running: it belongs to that day's chart.
      if best != nil && start < bestEnd && end >= bestEnd {
        if best!.bars.count < cap { best!.bars.append(Self.bar(outcome, end: nil)) } else { best!.omitted += 1 }
      }
      guard end > dayStart || (start == end && start >= dayStart) else { return }
      dayBusy += nodes * (end - max(start, dayStart))
      if dayBars.count < cap { dayBars.append(Self.bar(outcome, end: outcome.endTime)) } else { dayOmitted += 1 }
    }

    static func bar(_ outcome: JobOutcome, end: SimTime?) -> Bar {
      Bar(jobID: outcome.job.id, user: outcome.job.userID, start: outcome.startTime, end: end, nodes: outcome.nodes)
    }

    /// Closes every day that ends at or before `time`.
    @inline(__always)
    mutating func advance(to time: Int64) {
      guard let day = dayIndex else {
        dayIndex = floorDivide(time, GanttCollector.day)
        return
      }
      guard time >= (day + 1) * GanttCollector.day else { return }
      let today = floorDivide(time, GanttCollector.day)
      closeDay(day)
      // Days with no event in between hold only the jobs running through
      // them: all alike, so the first stands for the rest.
      if today > day + 1 && runningNodes > 0 {
        dayBars.removeAll(keepingCapacity: true)
        dayOmitted = 0
        dayBusy = 0
        runningStarts = runningNodes * (day + 1) * GanttCollector.day
        closeDay(day + 1)
      }
      dayIndex = today
      dayBars.removeAll(keepingCapacity: true)
      dayOmitted = 0
      dayBusy = 0
      // Every running job started before today.
      runningStarts = runningNodes * today * GanttCollector.day
    }

    /// Finishes day `day`; keeps it if it is the busiest so far. Its running
    /// jobs join its bars as they end.
    mutating func closeDay(_ day: Int64) {
      let dayEnd = (day + 1) * GanttCollector.day
      let busy = dayBusy + runningNodes * dayEnd - runningStarts
      guard busy > (best?.busyNodeMicroseconds ?? -1) else { return }
      best = Window(
        start: SimTime(microseconds: day * GanttCollector.day), end: SimTime(microseconds: dayEnd), bars: dayBars,
        omitted: dayOmitted, isBusiestDay: true, busyNodeMicroseconds: busy)
      bestEnd = dayEnd
    }
  }

  static func drawOrder(_ a: Bar, _ b: Bar) -> Bool {
    if a.start != b.start { return a.start < b.start }
    if a.jobID != b.jobID { return a.jobID < b.jobID }
    return (a.nodes.runs.first?.lower ?? 0) < (b.nodes.runs.first?.lower ?? 0)
  }

  /// The window to draw, or `nil` when no job ran. A busiest day is drawn
  /// over the part of it that has jobs.
  public func window() -> Window? {
    if let (low, high) = fixed {
      return Window(
        start: SimTime(microseconds: low), end: SimTime(microseconds: high),
        bars: state.bars.sorted(by: Self.drawOrder), omitted: state.omitted, isBusiestDay: false,
        busyNodeMicroseconds: 0)
    }
    guard var window = state.best else { return nil }
    window.bars.sort(by: Self.drawOrder)
    let first = window.bars.map(\.start).min() ?? window.start
    let last = window.bars.map { $0.end ?? window.end }.max() ?? window.end
    let (low, high) = (max(window.start, first), min(window.end, last))
    if high > low { (window.start, window.end) = (low, high) }
    return window
  }
}
