import Foundation
import TestSupport
import Testing

/// End to end: `hpcsim replay` outputs (time series, SWF, HTML report,
/// sidecars), `hpcsim compare`, progress and shell completions.
@Suite("hpcsim replay outputs, compare, completions (end to end)")
struct ReportCLITests {
  let tiny = TestPaths.fixture("golden/tiny.swf")

  /// Every output of one replay of the tiny fixture, in a new folder.
  func replayAll(policy: String, extra: [String] = []) throws -> (directory: String, result: CommandResult) {
    let directory = try makeTemporaryDirectory()
    let result = try CommandRunner.hpcsim(
      arguments: [
        "replay", tiny, "--policy", policy, "--jobs-out", directory + "/jobs.csv",
        "--summary-out", directory + "/summary.json", "--swf-out", directory + "/schedule.swf",
        "--timeseries-out", directory + "/ts.csv", "--timeseries-resolution", "100",
        "--report", directory + "/report.html",
      ] + extra)
    return (directory, result)
  }

  @Test("the time-series CSV of the tiny fixture holds the hand-computed values")
  func timeSeries() throws {
    let (directory, result) = try replayAll(policy: "easy")
    #expect(result.status == 0, "\(result.stderr)")
    // Worked out in ReportTimeSeriesTests.tinyByHand.
    #expect(
      try readText(directory + "/ts.csv") == """
        time,utilisation,queue_length,running_jobs
        0,0.600000,2.100,1.400
        100,0.750000,1.500,1.000
        200,0.500000,1.000,1.000
        300,0.571429,0.714,1.000

        """)
    let sidecar = try JSONSerialization.jsonObject(with: Data(try readText(directory + "/ts.csv.provenance.json").utf8))
    let provenance = (sidecar as? [String: Any])?["provenance"] as? [String: Any]
    #expect(provenance?["trace_sha256"] as? String == "d4d3a5bbef48f04af514172352fdf51630b007ccf7ac7d2946c6320337379d39")
    #expect(provenance?["policy"] as? String == "easy")
  }

  @Test("the summary JSON agrees with the jobs CSV it was written with")
  func summaryAgreesWithCSV() throws {
    let (directory, result) = try replayAll(policy: "fcfs")
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try #require(
      try JSONSerialization.jsonObject(with: Data(try readText(directory + "/summary.json").utf8)) as? [String: Any])
    let lines = try readText(directory + "/jobs.csv").split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    let header = lines[0]
    let column = { (name: String) in header.firstIndex(of: name)! }
    let completed = lines.dropFirst().filter { $0[column("final_state")] == "COMPLETED_SUCCESSFULLY" }
    let waits = completed.map { Double($0[column("waiting_time")])! }
    let mean = waits.reduce(0, +) / Double(waits.count)
    #expect((summary["wait_seconds"] as? [String: Any])?["mean"] as? Double == mean)
    // Per user, from the CSV's user column.
    var byUser: [Int: (jobs: Int, wait: Double)] = [:]
    for row in completed {
      let user = Int(row[column("user")])!
      byUser[user, default: (0, 0)].jobs += 1
      byUser[user, default: (0, 0)].wait += Double(row[column("waiting_time")])!
    }
    for entry in try #require(summary["by_user"] as? [[String: Any]]) {
      let user = try #require(entry["user"] as? Int)
      #expect(entry["jobs"] as? Int == byUser[user]?.jobs)
      #expect(entry["total_wait_seconds"] as? Double == byUser[user]?.wait)
    }
    #expect(lines.dropFirst().filter { $0[column("final_state")] == "REJECTED" }.count == 1)
  }

  @Test("the HTML report has every chart and table, and refers to nothing outside itself")
  func htmlReport() throws {
    let (directory, result) = try replayAll(policy: "easy")
    #expect(result.status == 0, "\(result.stderr)")
    let html = try readText(directory + "/report.html")
    for id in [
      "chart-utilisation", "chart-queue", "chart-wait-cdf", "chart-bsld-by-size", "chart-top-users", "chart-gantt",
      "summary-table", "provenance-table",
    ] {
      #expect(html.contains("id=\"\(id)\""), "missing \(id)")
    }
    for forbidden in ["http", "src=", "<link", "@import", "<script", "url("] {
      #expect(!html.contains(forbidden), "contains \(forbidden)")
    }
    // Every chart has marks; the Gantt chart draws the six jobs.
    #expect(html.components(separatedBy: "<polyline").count - 1 >= 4)
    let gantt = try #require(html.range(of: "id=\"chart-gantt\"")).upperBound
    #expect(html[gantt...].components(separatedBy: "<rect ").count - 1 == 6)
    #expect(html.contains("d4d3a5bbef48f04af514172352fdf51630b007ccf7ac7d2946c6320337379d39"))
  }

  @Test("--gantt-window draws the jobs of that window only")
  func ganttWindow() throws {
    let (directory, result) = try replayAll(policy: "easy", extra: ["--gantt-window", "0:45"])
    #expect(result.status == 0, "\(result.stderr)")
    let html = try readText(directory + "/report.html")
    let gantt = try #require(html.range(of: "id=\"chart-gantt\"")).upperBound
    // EASY: jobs 1 (0-100), 3 (20-50) and 5 (40-50) overlap [0, 45).
    let titles = html[gantt...].components(separatedBy: "<title>job ").dropFirst().map { $0.prefix(while: { $0 != "," }) }
    #expect(titles == ["1", "3", "5"])
  }

  @Test("every output is byte-identical on a re-run")
  func deterministic() throws {
    let (first, one) = try replayAll(policy: "easy")
    let (second, two) = try replayAll(policy: "easy")
    #expect(one.status == 0 && two.status == 0)
    #expect(one.stdout == two.stdout)
    for name in [
      "jobs.csv", "jobs.csv.provenance.json", "summary.json", "schedule.swf", "ts.csv", "ts.csv.provenance.json",
      "report.html",
    ] {
      #expect(try readText(first + "/" + name) == readText(second + "/" + name), "\(name) differs")
    }
  }

  @Test("compare: the tiny fixture under FCFS and EASY, side by side")
  func compare() throws {
    let (fcfs, a) = try replayAll(policy: "fcfs")
    let (easy, b) = try replayAll(policy: "easy")
    #expect(a.status == 0 && b.status == 0)
    let html = fcfs + "/compare.html"
    let result = try CommandRunner.hpcsim("compare", fcfs + "/summary.json", easy + "/summary.json", "--html", html)
    #expect(result.status == 0, "\(result.stderr)")
    // Mean waits: FCFS 125, EASY 85 -> -40 s, -32 %.
    let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("wait mean (s)") })
    #expect(line.split(separator: " ").suffix(4).map(String.init) == ["125.0", "85.0", "-40.0", "-32.0%"])
    #expect(result.stdout.contains("policy fcfs"))
    #expect(!result.stdout.contains("different traces"))
    #expect(try readText(html).contains("<td class=\"better\">-40.0</td>"))
    #expect(try CommandRunner.hpcsim("compare", fcfs + "/summary.json").status == 64)
    let bad = try CommandRunner.hpcsim("compare", fcfs + "/summary.json", fcfs + "/ts.csv")
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("ts.csv"))
  }

  @Test("no progress is written when stderr is not a terminal")
  func noProgressWhenPiped() throws {
    let result = try CommandRunner.hpcsim("replay", tiny)
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    #expect(try CommandRunner.hpcsim("replay", tiny, "--quiet").status == 0)
  }

  @Test("bad output options are usage errors")
  func usageErrors() throws {
    for arguments in [
      ["--gantt-window", "10:5", "--report", "/tmp/x.html"], ["--gantt-window", "0:10"],
      ["--timeseries-resolution", "0", "--timeseries-out", "/tmp/x.csv"], ["--timeseries-resolution", "60"],
    ] {
      let result = try CommandRunner.hpcsim(arguments: ["replay", tiny] + arguments)
      #expect(result.status == 64, "\(arguments): \(result.stderr)")
    }
  }

  @Test("a synthetic workload cannot give file outputs that need a trace, and says so")
  func syntheticOutputs() throws {
    let result = try CommandRunner.hpcsim(
      "replay", "--model", "lublin", "--jobs", "50", "--procs", "64", "--report", "/tmp/never.html")
    #expect(result.status == 1)
    #expect(result.stderr.contains("--report needs a trace file"), "\(result.stderr)")
  }

  @Test("shell completions: --generate-completion-script exits 0", arguments: ["bash", "zsh", "fish"])
  func completions(shell: String) throws {
    let result = try CommandRunner.hpcsim("--generate-completion-script", shell)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("replay"))
    #expect(result.stdout.contains("compare"))
  }
}
