import Foundation
import TestSupport
import Testing

/// The HTML report rendered by a real browser (`scripts/check-report`, headless
/// Chromium), and the progress display on a real terminal (a pty from
/// `script`). Each skips, visibly, when its tool is missing.
@Suite("HTML report in headless Chromium; progress on a terminal (end to end)")
struct ReportRenderingTests {
  static let checkReport = TestPaths.repoRoot + "/scripts/check-report"

  /// A report of the tiny fixture under EASY, in a new folder.
  func tinyReport() throws -> String {
    let directory = try makeTemporaryDirectory()
    let path = directory + "/report.html"
    let result = try CommandRunner.hpcsim("replay", TestPaths.fixture("golden/tiny.swf"), "--report", path)
    #expect(result.status == 0, "\(result.stderr)")
    return path
  }

  /// Runs `scripts/check-report --no-screenshot --no-install` on `report`; nil
  /// (after saying so) when Chromium is not installed.
  func check(_ report: String) throws -> CommandResult? {
    let result = try CommandRunner.run("/bin/bash", [Self.checkReport, "--no-screenshot", "--no-install", report])
    if result.status == 77 {
      print("SKIPPED: chromium is not installed; scripts/check-report cannot render the report")
      return nil
    }
    return result
  }

  @Test("Chromium lays out every chart with data marks, and every table with rows")
  func everyChartRenders() throws {
    guard let result = try check(try tinyReport()) else { return }
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    for id in [
      "chart-utilisation", "chart-queue", "chart-wait-cdf", "chart-bsld-by-size", "chart-top-users", "chart-gantt",
      "summary-table", "provenance-table", "table-size-classes", "table-top-users",
    ] {
      #expect(result.stdout.contains("ok: \(id) ("), "\(id) not reported drawn:\n\(result.stdout)")
    }
    // The Gantt chart of the tiny fixture draws its six jobs.
    #expect(result.stdout.contains("ok: chart-gantt (6 marks"), "\(result.stdout)")
  }

  @Test("a chart whose marks have no geometry, or a missing table, fails the check")
  func brokenReportFails() throws {
    let path = try tinyReport()
    var html = try readText(path)
    // Empty the queue chart's lines and rename a table.
    html = html.replacingOccurrences(
      of: #"(<polyline class="line-(queue|running)") points="[^"]*""#, with: "$1 points=\"\"",
      options: .regularExpression)
    html = html.replacingOccurrences(of: "id=\"table-top-users\"", with: "id=\"table-renamed\"")
    try html.write(toFile: path, atomically: true, encoding: .utf8)
    guard let result = try check(path) else { return }
    #expect(result.status == 1)
    #expect(result.stdout.contains("FAIL: chart-queue is empty"), "\(result.stdout)")
    #expect(result.stdout.contains("FAIL: table-top-users is empty"), "\(result.stdout)")
    #expect(result.stdout.contains("ok: chart-utilisation"))
  }

  @Test("a report with an external reference fails the check")
  func externalReferenceFails() throws {
    let path = try tinyReport()
    let html = try readText(path).replacingOccurrences(
      of: "</head>", with: "<link rel=\"stylesheet\" href=\"https://example.org/x.css\">\n</head>")
    try html.write(toFile: path, atomically: true, encoding: .utf8)
    guard let result = try check(path) else { return }
    #expect(result.status == 1)
    #expect(result.stdout.contains("the file contains '<link'"), "\(result.stdout)")
  }

  /// Runs `hpcsim arguments` with stderr on a pseudo-terminal (`script`),
  /// stdout discarded; returns what the terminal showed, or nil without `script`.
  func onTerminal(_ arguments: [String]) throws -> String? {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
      print("SKIPPED: /usr/bin/script (util-linux) is missing: no pseudo-terminal to test progress on")
      return nil
    }
    let directory = try makeTemporaryDirectory()
    let command = ([CommandRunner.hpcsimPath] + arguments).joined(separator: " ") + " >/dev/null"
    let result = try CommandRunner.run(
      "/usr/bin/script", ["-qfec", command, directory + "/terminal.log"], in: TestPaths.repoRoot)
    #expect(result.status == 0, "\(result.stderr)")
    return try readText(directory + "/terminal.log")
  }

  @Test("progress shows on a terminal for a replay over a second, and --quiet silences it")
  func progressOnTerminal() throws {
    // About 2 s in a debug build: 150,000 synthetic jobs, generated as they
    // replay (60,000 took 0.9 s once the replay got faster, under the 1 s delay).
    let replay = ["replay", "--model", "lublin", "--jobs", "150000", "--procs", "256", "--seed", "3", "--policy", "fcfs"]
    guard let shown = try onTerminal(replay) else { return }
    let line = shown.split(separator: "\r").first { $0.hasPrefix("hpcsim: ") && $0.contains("jobs/s") }
    #expect(line != nil, "no progress line on the terminal:\n\(shown)")
    if let line {
      #expect(line.contains(" of ~150,000 jobs ("), "\(line)")
      #expect(line.contains("simulated day "), "\(line)")
    }
    // The line is erased at the end (carriage return, erase to end of line).
    #expect(shown.contains("\r\u{1B}[K"))
    guard let quiet = try onTerminal(replay + ["--quiet"]) else { return }
    #expect(!quiet.contains("jobs/s"), "\(quiet)")
  }
}
