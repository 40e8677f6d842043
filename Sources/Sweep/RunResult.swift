import Reporting

#if canImport(Glibc)
  import Glibc
#endif

/// What one run of a sweep produced: its report and metrics, or the error
/// that stopped it.
public struct RunResult: Sendable, Hashable {
  /// The run's index (`scenario × replicas + replica`).
  public var run: Int
  public var outcome: Outcome

  public enum Outcome: Sendable, Hashable {
    /// The replay's JSON report and its `SweepMetric.values`.
    case completed(report: JSONValue, metrics: [Double])
    /// The replay failed with this message (bad trace, bad config, ...).
    case failed(message: String)
  }

  public init(run: Int, outcome: Outcome) {
    self.run = run
    self.outcome = outcome
  }

  /// The metric values, or `nil` for a failed run.
  public var metrics: [Double]? {
    if case .completed(_, let metrics) = outcome { return metrics }
    return nil
  }
}

// MARK: - Running

extension SweepPlan {
  /// Replays `run` and captures the outcome; never throws: a failing replay
  /// becomes a `.failed` result carrying the error's description.
  ///
  /// The report names the trace, a config machine and a policy file as
  /// written in the plan, so results do not depend on the directory the
  /// sweep was started from.
  public func execute(_ run: SweepRun) -> RunResult {
    crashIfRequested(run: run.index)
    let scenario = run.scenario
    do {
      var report = try replayScenario(for: scenario).run(perturbation: perturbation(for: run))
      report.tracePath = scenario.trace
      var asWritten: [String: String] = [:]
      if case .config(let path) = scenario.machine {
        asWritten["machine"] = path
        report.provenance?.machineConfig = path
      }
      if scenario.policy.file != nil { asWritten["policy_config"] = scenario.policy.name }
      report.options = report.options.map { option in (option.0, asWritten[option.0] ?? option.1) }
      return RunResult(
        run: run.index, outcome: .completed(report: report.jsonValue(), metrics: SweepMetric.values(of: report)))
    } catch let error as CustomStringConvertible {
      return RunResult(run: run.index, outcome: .failed(message: error.description))
    } catch {
      return RunResult(run: run.index, outcome: .failed(message: String(describing: error)))
    }
  }

  /// Test hook: `HPCSIM_TEST_CRASH_SCENARIO=k` makes the process that is
  /// about to replay run k exit with status 3 at once, as a crashed rank
  /// would (no MPI_Finalize).
  func crashIfRequested(run: Int) {
    guard let text = getenv("HPCSIM_TEST_CRASH_SCENARIO"), Int(String(cString: text)) == run else { return }
    let message = "hpcsim: HPCSIM_TEST_CRASH_SCENARIO=\(run): exiting with status 3\n"
    _ = message.withCString { write(2, $0, strlen($0)) }
    _exit(3)
  }
}

// MARK: - Encoding

extension RunResult {
  func encode(into writer: inout ByteWriter) {
    writer.int(run)
    switch outcome {
    case .completed(let report, let metrics):
      writer.byte(0)
      writer.json(report)
      writer.int(metrics.count)
      for value in metrics { writer.double(value) }
    case .failed(let message):
      writer.byte(1)
      writer.string(message)
    }
  }

  static func decode(from reader: inout ByteReader) throws(WireError) -> RunResult {
    let run = try reader.int()
    switch try reader.byte() {
    case 0:
      let report = try reader.json()
      let count = try reader.count(minimumSize: 8)
      var metrics: [Double] = []
      for _ in 0..<count { metrics.append(try reader.double()) }
      return RunResult(run: run, outcome: .completed(report: report, metrics: metrics))
    case 1:
      return RunResult(run: run, outcome: .failed(message: try reader.string()))
    case let tag:
      throw .malformed("unknown result tag \(tag)")
    }
  }
}
