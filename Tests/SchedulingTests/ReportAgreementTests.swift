import Foundation
import Reporting
import Scheduling
import SimKernel
import Sweep
import TestSupport
import Testing
import Workload

/// Every output of one replay of a real trace, read back with plain parsers,
/// gives the numbers the replay computed in memory: the jobs CSV recomputes
/// the summary's metrics and per-user breakdown, the time series integrates to
/// the summary's utilisation, and the summary JSON holds every documented key.
@Suite("Replay outputs agree with the in-memory result (real trace)")
struct ReportAgreementTests {
  static let traceName = "KTH-SP2-1996-2.1-cln.swf.gz"

  /// The replay and the folder holding its jobs CSV, time series and summary JSON.
  static func replay(_ trace: String, policy: PolicyKind) throws -> (ReplayReport, String) {
    let directory = try makeTemporaryDirectory()
    var scenario = ReplayScenario(tracePath: trace, policy: policy, jobsOutPath: directory + "/jobs.csv")
    scenario.timeSeriesOutPath = directory + "/ts.csv"
    scenario.timeSeriesResolution = .seconds(60)
    let report = try scenario.run()
    try AtomicFile.write(report.jsonValue().rendered() + "\n", to: directory + "/summary.json")
    return (report, directory)
  }

  /// `text` as rows of fields (header first).
  static func csv(_ text: String) -> [[Substring]] {
    text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
  }

  @Test("the jobs CSV recomputes the summary: waits, bounded slowdown, response, utilisation, makespan, users")
  func jobsCSVAgrees() throws {
    guard let trace = TestPaths.sharedTrace(Self.traceName) else {
      print("SKIPPED: ../shared/traces/\(Self.traceName) is absent")
      return
    }
    let (report, directory) = try Self.replay(trace, policy: .easy)
    let rows = Self.csv(try readText(directory + "/jobs.csv"))
    let header = rows[0].map(String.init)
    let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
    let ran = rows.dropFirst().filter { $0[column["final_state"]!] != "REJECTED" }
    let value = { (row: [Substring], name: String) in Double(row[column[name]!])! }
    #expect(ran.count == report.metrics.jobsReplayed)
    #expect(rows.count - 1 - ran.count == report.rejectedCount)

    let waits = ran.map { value($0, "waiting_time") }.sorted()
    let count = Double(waits.count)
    let m = report.metrics
    #expect(abs(waits.reduce(0, +) / count - m.wait.mean) < 1e-6)
    // Nearest rank: the ceil(p * n)-th smallest.
    #expect(waits[Int((0.5 * count).rounded(.up)) - 1] == m.wait.median)
    #expect(waits[Int((0.95 * count).rounded(.up)) - 1] == m.wait.p95)
    #expect(waits.last == m.wait.max)
    let bounded = ran.map { row in
      max(1, value(row, "turnaround_time") / max(value(row, "execution_time"), 10))
    }
    #expect(abs(bounded.reduce(0, +) / count - m.boundedSlowdown.mean) < 1e-9 * m.boundedSlowdown.mean)
    #expect(abs(bounded.max()! - m.boundedSlowdown.max) < 1e-9 * m.boundedSlowdown.max)
    #expect(abs(ran.map { value($0, "turnaround_time") }.reduce(0, +) / count - m.meanResponse) < 1e-6)
    let firstSubmit = ran.map { value($0, "submission_time") }.min()!
    let lastEnd = ran.map { value($0, "finish_time") }.max()!
    #expect(lastEnd - firstSubmit == Double(m.makespan.microseconds) / 1e6)
    // Node-seconds from the allocated_resources interval sets, not from the node count.
    let nodeSeconds = ran.reduce(0.0) { sum, row in
      let nodes = row[column["allocated_resources"]!].split(separator: " ").reduce(0) { total, run in
        let bounds = run.split(separator: "-").map { Int($0)! }
        return total + (bounds.count == 2 ? bounds[1] - bounds[0] + 1 : 1)
      }
      #expect(nodes == Int(row[column["requested_number_of_resources"]!])!)
      return sum + Double(nodes) * value(row, "execution_time")
    }
    #expect(abs(nodeSeconds / (Double(report.nodes) * (lastEnd - firstSubmit)) - m.utilisation) < 1e-9)

    // Per user, from the CSV's user column, against the breakdown.
    var byUser: [Int32: (jobs: Int, wait: Double)] = [:]
    for row in ran {
      let user = Int32(row[column["user"]!])!
      byUser[user, default: (0, 0)].jobs += 1
      byUser[user, default: (0, 0)].wait += value(row, "waiting_time")
    }
    let breakdown = try #require(report.breakdown)
    #expect(breakdown.byUser.count == byUser.count)
    for (user, stats) in breakdown.byUser {
      #expect(stats.jobs == byUser[user]?.jobs, "user \(user)")
      #expect(abs(stats.totalWait - (byUser[user]?.wait ?? -1)) < 1e-3, "user \(user)")
    }
  }

  @Test("the time series integrates to the summary's utilisation over [first submit, last end]")
  func timeSeriesAgrees() throws {
    guard let trace = TestPaths.sharedTrace(Self.traceName) else {
      print("SKIPPED: ../shared/traces/\(Self.traceName) is absent")
      return
    }
    let (report, directory) = try Self.replay(trace, policy: .fcfs)
    let rows = Self.csv(try readText(directory + "/ts.csv"))
    #expect(rows[0] == ["time", "utilisation", "queue_length", "running_jobs"])
    let first = Double(report.metrics.firstSubmit.microseconds) / 1e6
    let last = Double(report.metrics.lastEnd.microseconds) / 1e6
    // Busy node-seconds: each 60 s bucket's mean utilisation times the part
    // of the bucket inside the window (the first bucket may start before the
    // first submit, when the machine is idle anyway; the last stops at the last end).
    var busy = 0.0
    for row in rows.dropFirst() {
      let start = Double(row[0])!
      let width = min(start + 60, last) - max(start, first)
      busy += Double(row[1])! * max(width, 0)
    }
    let utilisation = busy / (last - first)
    // The CSV rounds each bucket to 6 decimals.
    #expect(abs(utilisation - report.metrics.utilisation) < 1e-5, "\(utilisation) vs \(report.metrics.utilisation)")
    // Mean running jobs over time = sum of execution times / window.
    let running = rows.dropFirst().reduce(0.0) { sum, row in
      let start = Double(row[0])!
      return sum + Double(row[3])! * max(min(start + 60, last) - max(start, first), 0)
    }
    let jobsCSV = Self.csv(try readText(directory + "/jobs.csv"))
    let execution = jobsCSV[0].firstIndex(of: "execution_time")!
    let executionSum = jobsCSV.dropFirst().compactMap { Double($0[execution]) }.reduce(0, +)
    #expect(abs(running - executionSum) < 1e-3 * executionSum)
  }

  @Test("the summary JSON parses back with every documented key and the in-memory values")
  func summaryJSONAgrees() throws {
    guard let trace = TestPaths.sharedTrace(Self.traceName) else {
      print("SKIPPED: ../shared/traces/\(Self.traceName) is absent")
      return
    }
    let (report, directory) = try Self.replay(trace, policy: .easy)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/summary.json")))
        as? [String: Any])
    // The keys docs/formats/summary-json.md lists.
    for key in [
      "hpcsim_version", "trace", "machine", "policy", "estimate", "options", "jobs", "wait_seconds",
      "bounded_slowdown", "bounded_slowdown_tau_seconds", "mean_response_seconds", "utilisation",
      "utilisation_window", "first_submit_seconds", "last_end_seconds", "makespan_seconds", "events",
      "scheduling_passes", "by_size_class", "by_user", "top_users_by_total_wait", "provenance",
    ] {
      #expect(object[key] != nil, "missing \(key)")
    }
    let m = report.metrics
    let wait = try #require(object["wait_seconds"] as? [String: Double])
    #expect(abs(wait["mean"]! - m.wait.mean) < 5e-4 && wait["p95"] == m.wait.p95 && wait["max"] == m.wait.max)
    let bounded = try #require(object["bounded_slowdown"] as? [String: Double])
    #expect(abs(bounded["mean"]! - m.boundedSlowdown.mean) < 5e-7)
    #expect(abs((object["utilisation"] as! Double) - m.utilisation) < 5e-7)
    #expect(object["makespan_seconds"] as? Double == Double(m.makespan.microseconds) / 1e6)
    #expect(object["scheduling_passes"] as? Int == report.counters.passes)
    let jobs = try #require(object["jobs"] as? [String: Any])
    #expect(jobs["replayed"] as? Int == m.jobsReplayed)
    let classes = try #require(object["by_size_class"] as? [[String: Any]])
    #expect(classes.compactMap { $0["jobs"] as? Int }.reduce(0, +) == m.jobsReplayed)
    let provenance = try #require(object["provenance"] as? [String: Any])
    #expect(provenance["trace_sha256"] as? String == report.provenance?.traceSHA256)
    #expect((provenance["trace_sha256"] as? String)?.count == 64)
    #expect(provenance["policy"] as? String == "easy")
    // compare reads it back.
    let comparison = try SummaryComparison.load(paths: [directory + "/summary.json", directory + "/summary.json"])
    #expect(comparison.runs.count == 2 && !comparison.tracesDiffer)
  }
}
