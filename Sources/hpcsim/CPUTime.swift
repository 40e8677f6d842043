#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// CPU time (user + system, seconds) used so far, for `--timing`: with the
/// trace read on a second thread, the calling thread's share is the
/// replay's critical path and does not depend on the machine's other load.
enum CPUTime {
  #if os(Linux)
    /// The whole process, every thread.
    static var process: Double { usage(__rusage_who_t(RUSAGE_SELF.rawValue)) }

    /// The calling thread alone (`RUSAGE_THREAD`, a GNU extension that
    /// Glibc's module does not import: its value is 1).
    static var currentThread: Double? { usage(1) }

    private static func usage(_ who: __rusage_who_t) -> Double {
      var usage = rusage()
      getrusage(who, &usage)
      return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
  #else
    /// The whole process, every thread.
    static var process: Double {
      var usage = rusage()
      getrusage(RUSAGE_SELF, &usage)
      return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Unknown here.
    static var currentThread: Double? { nil }
  #endif

  private static func seconds(_ time: timeval) -> Double {
    Double(time.tv_sec) + Double(time.tv_usec) / 1e6
  }
}
