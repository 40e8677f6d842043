import Reporting
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Progress of a sweep on standard error: runs done, failures, elapsed time
/// and an estimate of the time left (elapsed / done × left), one line at a
/// time, at most once a second plus a final line.
///
/// Safe to call from several threads.
public final class SweepProgress: Sendable {
  let total: Int
  let label: String
  let enabled: Bool
  let start = ContinuousClock.now
  /// The minimum time between two lines.
  let interval: Duration
  let state = Mutex<(done: Int, failed: Int, lastLine: ContinuousClock.Instant?)>((0, 0, nil))

  /// A reporter for `total` runs, printing `label: ...` lines when `enabled`.
  public init(total: Int, label: String, enabled: Bool, interval: Duration = .seconds(1)) {
    self.total = total
    self.label = label
    self.enabled = enabled
    self.interval = interval
  }

  /// Seconds since the reporter was made.
  public var elapsedSeconds: Double { seconds(ContinuousClock.now - start) }

  /// Counts one finished run and prints a line if one is due.
  public func record(failed: Bool) {
    let line: String? = state.withLock { state in
      state.done += 1
      if failed { state.failed += 1 }
      let now = ContinuousClock.now
      guard enabled else { return nil }
      if state.done < total, let last = state.lastLine, now - last < interval { return nil }
      state.lastLine = now
      return render(done: state.done, failed: state.failed, elapsed: seconds(now - start))
    }
    if let line { writeStandardError(line) }
  }

  /// `label: 5/16 runs done, 1 failed, 12.3 s elapsed, ETA 27.1 s`.
  func render(done: Int, failed: Int, elapsed: Double) -> String {
    var line = "\(label): \(done)/\(total) runs done"
    if failed > 0 { line += ", \(failed) failed" }
    line += ", \(formatDecimal(elapsed, decimals: 1)) s elapsed"
    if done < total && done > 0 {
      line += ", ETA \(formatDecimal(elapsed / Double(done) * Double(total - done), decimals: 1)) s"
    }
    return line
  }
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Writes `line` and a newline to standard error in one `write` (unbuffered,
/// so lines from one process never interleave mid-line).
public func writeStandardError(_ line: String) {
  var text = line + "\n"
  text.withUTF8 { bytes in
    var offset = 0
    while offset < bytes.count {
      let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return
      }
      offset += written
    }
  }
}
