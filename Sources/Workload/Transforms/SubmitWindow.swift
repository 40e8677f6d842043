import SimKernel

/// A half-open interval `[start, end)` of submit times, in the trace's own
/// time (before any load factor or rebase): `--window START:END`.
public struct SubmitWindow: Sendable, Hashable, CustomStringConvertible {
  /// The first submit time included, or `nil` for no lower bound.
  public var start: SimTime?
  /// The first submit time excluded, or `nil` for no upper bound.
  public var end: SimTime?

  /// A window; at least one bound, and `start < end` when both are given.
  public init(start: SimTime?, end: SimTime?) {
    precondition(start != nil || end != nil, "a window needs a bound")
    if let start, let end { precondition(start < end, "a window must end after it starts") }
    self.start = start
    self.end = end
  }

  /// Parses `START:END` in seconds (decimals allowed); either side may be
  /// empty (`86400:` or `:604800`). `nil` when malformed or empty.
  public init?(parsing text: String) {
    let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2 else { return nil }
    let start = parts[0].isEmpty ? nil : SimTime.parseSeconds(String(parts[0]))
    let end = parts[1].isEmpty ? nil : SimTime.parseSeconds(String(parts[1]))
    if !parts[0].isEmpty && start == nil { return nil }
    if !parts[1].isEmpty && end == nil { return nil }
    guard start != nil || end != nil else { return nil }
    if let start, let end, !(start < end) { return nil }
    self.init(start: start, end: end)
  }

  /// Whether a job submitted at `time` is replayed.
  @inlinable
  public func contains(_ time: SimTime) -> Bool {
    if let start, time < start { return false }
    if let end, time >= end { return false }
    return true
  }

  /// `START:END` in seconds, an open side left empty.
  public var description: String {
    (start?.formatCompact() ?? "") + ":" + (end?.formatCompact() ?? "")
  }
}

/// A `--window` that left out every job of the trace: an empty replay would
/// print a summary of zeros, which reads like a result.
public struct EmptyWindowError: Error, Hashable, Sendable, CustomStringConvertible {
  public var window: SubmitWindow
  /// The jobs the window left out (all the trace's replayable jobs).
  public var jobs: Int
  /// Their least and greatest original submit times.
  public var span: ClosedRange<SimTime>

  public init(window: SubmitWindow, jobs: Int, span: ClosedRange<SimTime>) {
    self.window = window
    self.jobs = jobs
    self.span = span
  }

  public var description: String {
    "--window \(window) selects none of the trace's \(jobs) replayable jobs: they were submitted from "
      + "\(span.lowerBound.formatCompact()) to \(span.upperBound.formatCompact()) s (the trace's own time, "
      + "before --load-factor and --rebase-start)"
  }
}
