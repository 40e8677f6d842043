import Foundation
import Platform
import Reporting
import SimKernel
import Simulation
import TestSupport
import Testing
import Workload

@Suite("Comparing summaries; progress")
struct ReportCompareTests {
  /// Writes a minimal summary JSON and returns its path.
  func summary(_ directory: String, _ name: String, policy: String, waitMean: Double, utilisation: Double, rejected: Int)
    throws -> String
  {
    let path = directory + "/" + name
    try """
      {"policy": "\(policy)", "trace": "/x/t.swf", "machine": {"name": "m"},
       "jobs": {"replayed": 100, "rejected": \(rejected)},
       "wait_seconds": {"mean": \(waitMean), "median": 10, "p95": 50.5, "max": 100},
       "utilisation": \(utilisation), "makespan_seconds": 1000,
       "provenance": {"trace_sha256": "abc"}}
      """.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test("differences and relative differences are taken against the first summary")
  func arithmetic() throws {
    let directory = try makeTemporaryDirectory()
    let a = try summary(directory, "a.json", policy: "easy", waitMean: 200, utilisation: 0.5, rejected: 0)
    let b = try summary(directory, "b.json", policy: "fcfs", waitMean: 250, utilisation: 0.4, rejected: 3)
    let c = try summary(directory, "c.json", policy: "cons", waitMean: 150, utilisation: 0.5, rejected: 0)
    let comparison = try SummaryComparison.load(paths: [a, b, c])
    let metric = { (key: String) in SummaryComparison.metrics.first { $0.key == key }! }
    let (bWait, cWait) = (
      comparison.difference(metric("wait_seconds.mean"), run: comparison.runs[1]),
      comparison.difference(metric("wait_seconds.mean"), run: comparison.runs[2])
    )
    #expect(bWait.absolute == 50 && bWait.relative == 0.25)
    #expect(cWait.absolute == -50 && cWait.relative == -0.25)
    // Utilisation is shown in percent: 40 - 50 = -10 points, -20 %.
    let util = comparison.difference(metric("utilisation"), run: comparison.runs[1])
    #expect(abs(util.absolute! + 10) < 1e-9 && abs(util.relative! + 0.2) < 1e-12)
    // From 0 the relative difference is undefined; a missing metric has none.
    #expect(comparison.difference(metric("jobs.rejected"), run: comparison.runs[1]).relative == nil)
    #expect(comparison.difference(metric("jobs.rejected"), run: comparison.runs[2]).relative == 0)
    #expect(comparison.difference(metric("bounded_slowdown.mean"), run: comparison.runs[1]).absolute == nil)
    #expect(!comparison.tracesDiffer)

    let text = comparison.renderText()
    #expect(text.contains("A = \(a) (trace t.swf, policy easy, m)"))
    let waitLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("wait mean (s)") })
    let cells = waitLine.split(separator: " ", omittingEmptySubsequences: true).suffix(7)
    #expect(cells.map(String.init) == ["200.0", "250.0", "+50.0", "+25.0%", "150.0", "-50.0", "-25.0%"])
    let rejectedLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("jobs rejected") })
    #expect(
      rejectedLine.split(separator: " ").suffix(7).map(String.init) == ["0", "3", "+3", "n/a", "0", "+0", "+0.0%"])
    #expect(!text.contains("bounded slowdown"))  // in no file: no row

    let html = comparison.renderHTML()
    #expect(html.contains("id=\"compare-table\""))
    #expect(html.contains("<td class=\"worse\">+50.0</td>"))
    #expect(html.contains("<td class=\"better\">-50.0</td>"))
    #expect(!html.contains("http") && !html.contains("src="))
  }

  @Test("a file that is not a summary is refused with its name")
  func notASummary() throws {
    let directory = try makeTemporaryDirectory()
    let path = directory + "/x.json"
    try "{\"hello\": 1}".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: CompareError.notASummary(path: path)) { try SummaryComparison.load(paths: [path]) }
    try "{oops".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: CompareError.self) { try SummaryComparison.load(paths: [path]) }
  }

  @Test("progress: a line with jobs done, total, date and rate; then erased")
  func progressLine() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    let progress = ProgressReporter(
      expectedJobs: 10, unixStartTime: 1_027_839_845, descriptor: fds[1], delay: .zero, refresh: .zero,
      checkInterval: 3)
    let job = Job(id: 1, submitTime: .zero, runTime: .seconds(5), estimate: .seconds(5), processors: 1)
    for end in 1...3 {
      progress.jobEnded(
        JobOutcome(
          job: job, startTime: .zero, endTime: .seconds(Int64(end) * 86_400), nodes: NodeSet(), state: .completed))
    }
    progress.replayFinished(at: .seconds(3 * 86_400))
    close(fds[1])
    let output = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
    let text = String(decoding: output, as: UTF8.self)
    // UnixStartTime 1027839845 is 2002-07-28 07:04:05 UTC; + 3 days.
    #expect(text.hasPrefix("\rhpcsim: 3 of ~10 jobs (30%), simulated 2002-07-31 07:04 UTC, "), "\(text)")
    #expect(text.contains(" jobs/s"))
    #expect(text.hasSuffix("\r\u{1B}[K"))
    #expect(progress.linesPrinted == 1)
  }

  @Test("progress estimates the job count from the header, else the file size")
  func estimatedJobs() throws {
    var header = SWFHeader()
    header.maxRecords = 8
    #expect(ProgressReporter.estimatedJobCount(path: "/nonexistent", header: header) == 8)
    let path = try makeTemporaryDirectory() + "/plain.swf"
    let line = "1 0 -1 10 2 -1 -1 2 10 -1 1 1 1 -1 -1 -1 -1 -1" + String(repeating: " ", count: 33) + "\n"
    #expect(line.utf8.count == 80)
    try String(repeating: line, count: 50).write(toFile: path, atomically: true, encoding: .utf8)
    #expect(ProgressReporter.estimatedJobCount(path: path, header: SWFHeader()) == 50)
    // Gzip: the trailer's uncompressed size, not the compressed one.
    let gzipped = ProgressReporter.estimatedJobCount(path: TestPaths.fixture("swf/tiny.swf.gz"), header: SWFHeader())
    let plain = ProgressReporter.estimatedJobCount(path: TestPaths.fixture("swf/tiny.swf"), header: SWFHeader())
    #expect(gzipped == plain)
  }

  @Test("civil dates from epoch seconds (UTC)")
  func civilDates() {
    #expect(CivilTime.format(epochSeconds: 0) == "1970-01-01 00:00")
    #expect(CivilTime.format(epochSeconds: 951_782_400, withTime: false) == "2000-02-29")
    #expect(CivilTime.format(epochSeconds: 1_027_839_845) == "2002-07-28 07:04")
    #expect(CivilTime.format(epochSeconds: -86_400, withTime: false) == "1969-12-31")
  }
}
