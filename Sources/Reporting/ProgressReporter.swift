import SimKernel
import Simulation
import Workload

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A one-line progress display on a terminal while a replay runs: jobs done
/// (of an estimated total), the simulated date, jobs per second and the time
/// left.
///
/// Cheap: it counts down `checkInterval` job events before looking at the
/// clock, and prints nothing during the first `delay` (so short replays stay
/// silent) and then at most every `refresh`. The line is rewritten in place
/// (`\r`, erase to end of line) and erased when the replay finishes. The CLI
/// adds it only when stderr is a terminal and `--quiet` is not given.
public final class ProgressReporter: ReplayObserver {
  let descriptor: Int32
  let expectedJobs: Int
  let unixStartTime: Int64?
  let delay: Duration
  let refresh: Duration
  let checkInterval: Int
  let clock = ContinuousClock()
  let started: ContinuousClock.Instant
  var lastPrint: ContinuousClock.Instant?
  var countdown: Int
  /// Jobs ended or rejected.
  public private(set) var jobsDone = 0
  var simulatedTime = SimTime.zero
  /// Lines printed (for tests).
  public private(set) var linesPrinted = 0

  /// - Parameters:
  ///   - expectedJobs: the estimated total (0 when unknown: no percentage or ETA).
  ///   - unixStartTime: the trace's `UnixStartTime`, to show dates; else days.
  ///   - descriptor: where to write (2, standard error).
  ///   - delay: silence at the start.
  ///   - refresh: least time between two lines.
  ///   - checkInterval: job events between two looks at the clock.
  public init(
    expectedJobs: Int, unixStartTime: Int64?, descriptor: Int32 = 2, delay: Duration = .seconds(1),
    refresh: Duration = .milliseconds(250), checkInterval: Int = 4_096
  ) {
    self.expectedJobs = expectedJobs
    self.unixStartTime = unixStartTime
    self.descriptor = descriptor
    self.delay = delay
    self.refresh = refresh
    self.checkInterval = max(1, checkInterval)
    countdown = self.checkInterval
    started = clock.now
  }

  public func jobEnded(_ outcome: JobOutcome) {
    jobsDone += 1
    countdown -= 1
    if countdown <= 0 {
      simulatedTime = outcome.endTime
      check()
    }
  }

  public func jobRejected(_ job: Job, reason: RejectReason) {
    jobsDone += 1
    countdown -= 1
    if countdown <= 0 { check() }
  }

  public func replayFinished(at time: SimTime) {
    if linesPrinted > 0 { emit("\r\u{1B}[K") }
  }

  func check() {
    countdown = checkInterval
    let now = clock.now
    let elapsed = now - started
    guard elapsed >= delay else { return }
    if let lastPrint, now - lastPrint < refresh { return }
    lastPrint = now
    emit("\r" + line(elapsed: elapsed) + "\u{1B}[K")
    linesPrinted += 1
  }

  /// The progress line, e.g. `hpcsim: 120,000 of ~202,871 jobs (59%), simulated
  /// 2004-03-01 12:00 UTC, 95,000 jobs/s, about 1 s left`.
  public func line(elapsed: Duration) -> String {
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = seconds > 0 ? Double(jobsDone) / seconds : 0
    var text = "hpcsim: \(grouped(jobsDone))"
    if expectedJobs > 0 {
      let fraction = min(1, Double(jobsDone) / Double(expectedJobs))
      text += " of ~\(grouped(expectedJobs)) jobs (\(Int(fraction * 100))%)"
    } else {
      text += " jobs"
    }
    let whole = simulatedTime.wholeSeconds
    if let unixStartTime {
      text += ", simulated \(CivilTime.format(epochSeconds: unixStartTime + whole)) UTC"
    } else {
      text += ", simulated day \(formatDecimal(Double(whole) / 86_400, decimals: 1))"
    }
    text += ", \(grouped(Int(rate.rounded()))) jobs/s"
    if expectedJobs > jobsDone && rate > 0 {
      let left = Double(expectedJobs - jobsDone) / rate
      text += ", about \(Self.duration(left)) left"
    }
    return text
  }

  /// `45 s`, `3 min`, `2.5 h`.
  static func duration(_ seconds: Double) -> String {
    if seconds < 90 { return "\(Int(seconds.rounded(.up))) s" }
    if seconds < 5_400 { return "\(Int((seconds / 60).rounded())) min" }
    return "\(formatDecimal(seconds / 3_600, decimals: 1)) h"
  }

  func emit(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
      var offset = 0
      while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written <= 0 {
          if written < 0 && errno == EINTR { continue }
          return
        }
        offset += written
      }
    }
  }

  /// Whether file descriptor `descriptor` is a terminal.
  public static func isTerminal(_ descriptor: Int32 = 2) -> Bool { isatty(descriptor) == 1 }

  /// The number of jobs a trace probably holds: the header's `MaxRecords` or
  /// `MaxJobs`, else its uncompressed size over 80 bytes a line (a gzip
  /// file's size comes from its trailer, modulo 4 GiB). 0 when unknown.
  public static func estimatedJobCount(path: String, header: SWFHeader) -> Int {
    if let records = header.maxRecords ?? header.maxJobs, records > 0 { return Int(min(records, 1 << 40)) }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return 0 }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_size > 0 else { return 0 }
    var size = Int64(info.st_size)
    var magic: (UInt8, UInt8) = (0, 0)
    if pread(descriptor, &magic, 2, 0) == 2, magic == (0x1f, 0x8b), size >= 18 {
      var trailer: UInt32 = 0
      if pread(descriptor, &trailer, 4, off_t(size - 4)) == 4 { size = Int64(UInt32(littleEndian: trailer)) }
    }
    return Int(size / 80)
  }
}

extension ProgressReporter {
  /// Counts only: reads no node set.
  public var usesNodeSets: Bool { false }
}
