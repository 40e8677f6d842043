import Foundation
import Reporting
import Scheduling
import SimKernel
import Sweep
import TestSupport
import Testing
import Workload

/// The outputs of a scenario read back: the SWF schedule, the jobs CSV
/// with its extra columns, the summary's breakdowns and provenance.
@Suite("Replay outputs read back")
struct ReportOutputsTests {
  /// Every admitted job of an SWF file, in file order, with its record's wait field.
  static func admitted(_ path: String) throws -> [(job: Job, wait: SimTime)] {
    var reader = try SWFReader(path: path)
    var jobs: [(Job, SimTime)] = []
    let admission = JobAdmission()
    while let record = try reader.next() {
      if case .job(let job) = admission.admit(record) { jobs.append((job, record.waitTime)) }
    }
    return jobs
  }

  /// Runs `scenario` writing the jobs CSV and the SWF schedule into a new folder.
  static func replayWithOutputs(_ trace: String, policy: PolicyKind) throws -> (ReplayReport, jobs: String, swf: String) {
    let directory = try makeTemporaryDirectory()
    var scenario = ReplayScenario(tracePath: trace, policy: policy, jobsOutPath: directory + "/jobs.csv")
    scenario.swfOutPath = directory + "/schedule.swf"
    return (try scenario.run(), directory + "/jobs.csv", directory + "/schedule.swf")
  }

  @Test("the SWF schedule re-reads to the same jobs, with the simulated waits", arguments: [PolicyKind.fcfs, .easy])
  func swfRoundTrip(policy: PolicyKind) throws {
    let trace = TestPaths.fixture("golden/tiny.swf")
    let (report, jobsPath, swfPath) = try Self.replayWithOutputs(trace, policy: policy)
    let original = try Self.admitted(trace)
    let rewritten = try Self.admitted(swfPath)
    #expect(rewritten.map(\.job) == original.map(\.job))
    // Field 3 holds the wait of the jobs CSV; the rejected job 8 has -1.
    let rows = try JobsCSVReader.read(path: jobsPath)
    for (job, wait) in rewritten {
      let row = try #require(rows.first { $0.jobID == job.id })
      #expect(wait == (row.waitingTime ?? .seconds(-1)), "job \(job.id)")
    }
    // The header is the trace's plus Notes naming hpcsim, the digest and the options.
    let header = try SWFReader(path: swfPath).header
    let traceHeader = try SWFReader(path: trace).header
    #expect(Array(header.notes.prefix(traceHeader.notes.count)) == traceHeader.notes)
    #expect(header.maxProcs == traceHeader.maxProcs && header.maxRecords == traceHeader.maxRecords)
    let notes = header.notes.joined(separator: "\n")
    #expect(notes.contains("hpcsim \(hpcsimVersion)"))
    #expect(notes.contains("sha256 d4d3a5bbef48f04af514172352fdf51630b007ccf7ac7d2946c6320337379d39"))
    #expect(notes.contains("policy=\(policy.rawValue)"))
    // The skipped record (job 7) is kept, with its fields, and a wait of -1.
    var reader = try SWFReader(path: swfPath)
    var records: [SWFRecord] = []
    while let record = try reader.next() { records.append(record) }
    #expect(records.count == 8)
    #expect(records[6].jobNumber == 7 && records[6].waitTime == .seconds(-1) && records[6].status == 5)
    #expect(report.metrics.jobsReplayed == 6)
  }

  @Test("records with the same job number and submit time get their waits in end order")
  func repeatedKeys() throws {
    // One node; two jobs numbered 1, both submitted at 0: the first runs 0-10,
    // the second waits 10 s. A third, job 2, waits for both (30 s).
    let directory = try makeTemporaryDirectory()
    let trace = directory + "/repeated.swf"
    try """
      ; MaxProcs: 1
      1 0 -1 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1
      1 0 -1 20 1 -1 -1 1 20 -1 1 1 1 -1 -1 -1 -1 -1
      2 0 -1 5 1 -1 -1 1 5 -1 1 1 1 -1 -1 -1 -1 -1

      """.write(toFile: trace, atomically: true, encoding: .utf8)
    var scenario = ReplayScenario(tracePath: trace, policy: .fcfs)
    scenario.swfOutPath = directory + "/out.swf"
    _ = try scenario.run()
    #expect(try Self.admitted(directory + "/out.swf").map(\.wait) == [0, 10, 30].map { SimTime.seconds($0) })
  }

  @Test("a real trace's SWF schedule re-reads to the same jobs")
  func realTraceRoundTrip() throws {
    guard let trace = TestPaths.sharedTrace("KTH-SP2-1996-2.1-cln.swf.gz") else {
      print("SKIPPED: ../shared/traces/KTH-SP2-1996-2.1-cln.swf.gz is absent")
      return
    }
    let (report, jobsPath, swfPath) = try Self.replayWithOutputs(trace, policy: .easy)
    let original = try Self.admitted(trace)
    let rewritten = try Self.admitted(swfPath)
    #expect(rewritten.count == original.count)
    #expect(rewritten.count > 20_000)
    #expect(rewritten.map(\.job) == original.map(\.job))
    // Mean simulated wait from field 3 equals the summary's.
    let waits = rewritten.map(\.wait).filter { $0.microseconds >= 0 }
    #expect(waits.count == report.metrics.jobsReplayed)
    let mean = Double(waits.reduce(0) { $0 + $1.microseconds }) / Double(waits.count) / 1e6
    #expect(abs(mean - report.metrics.wait.mean) < 1e-6)
    #expect(try JobsCSVReader.read(path: jobsPath).count == report.metrics.jobsReplayed + report.rejectedCount)
  }

  @Test("a real trace's report stays small: series merged, Gantt capped, no element per job")
  func realTraceReportSize() throws {
    guard let trace = TestPaths.sharedTrace("KTH-SP2-1996-2.1-cln.swf.gz") else {
      print("SKIPPED: ../shared/traces/KTH-SP2-1996-2.1-cln.swf.gz is absent")
      return
    }
    let directory = try makeTemporaryDirectory()
    var scenario = ReplayScenario(tracePath: trace, policy: .easy)
    scenario.reportPath = directory + "/report.html"
    let report = try scenario.run()
    let html = try readText(directory + "/report.html")
    #expect(report.metrics.jobsReplayed > 20_000)
    #expect(html.utf8.count < 400_000, "\(html.utf8.count) bytes")
    // Every polyline has at most 2 points per bucket drawn (the CDF: 2 per bin).
    for line in html.components(separatedBy: "<polyline").dropFirst() {
      let points = line.prefix(while: { $0 != "/" }).split(separator: " ").count
      #expect(points <= 2 * HTMLReport.maxSeriesPoints + 2)
    }
    let gantt = try #require(html.range(of: "id=\"chart-gantt\"")).upperBound
    let jobsDrawn = html[gantt...].components(separatedBy: "<title>job ").count - 1
    #expect(jobsDrawn > 0 && jobsDrawn <= 2_000)
    for forbidden in ["http", "src=", "<link", "@import", "<script"] { #expect(!html.contains(forbidden)) }
  }

  @Test("the jobs CSV with extra columns reads back; extras hold state, user, group, partition, processors")
  func jobsCSVExtras() throws {
    let trace = TestPaths.fixture("golden/tiny.swf")
    let (_, jobsPath, _) = try Self.replayWithOutputs(trace, policy: .easy)
    let rows = try JobsCSVReader.read(path: jobsPath)
    #expect(rows.count == 7)
    let lines = try readText(jobsPath).split(separator: "\n")
    #expect(lines[0].hasPrefix(JobsCSVReader.columns.joined(separator: ",") + ","))
    #expect(lines[0].contains(",final_state,user,group,partition,processors,pending_priority_s,"))
    let job4 = try #require(lines.first { $0.hasPrefix("4,") }).split(separator: ",", omittingEmptySubsequences: false)
    #expect(job4.count == 23)
    #expect(Array(job4[12..<17]) == ["COMPLETED_SUCCESSFULLY", "3", "2", "-1", "2"])
    // Job 4 waited 120 s: 70 behind job 2, then 50 as the blocked head.
    #expect(Array(job4.suffix(6)) == ["70.000000", "50.000000", "0.000000", "0.000000", "0.000000", "0.000000"])
    #expect(rows.first { $0.jobID == 4 }?.pending?.resources == 50_000_000)
    let job8 = try #require(lines.first { $0.hasPrefix("8,") }).split(separator: ",", omittingEmptySubsequences: false)
    #expect(Array(job8[12..<17]) == ["REJECTED", "2", "1", "-1", "8"])
    #expect(Array(job8.suffix(6)) == ["", "", "", "", "", ""])
    #expect(rows.first { $0.jobID == 8 }?.pending == nil)
    // A sidecar records where the file came from.
    let sidecar = try readText(jobsPath + ".provenance.json")
    #expect(sidecar.contains("\"file\": \"jobs.csv\""))
    #expect(sidecar.contains("\"trace_sha256\": \"d4d3a5bbef48f04af514172352fdf51630b007ccf7ac7d2946c6320337379d39\""))
  }

  @Test("a job killed at its time limit ends COMPLETED_WALLTIME_REACHED")
  func walltimeState() throws {
    let directory = try makeTemporaryDirectory()
    var scenario = ReplayScenario(
      tracePath: TestPaths.fixture("golden/tiny.swf"), policy: .fcfs, jobsOutPath: directory + "/jobs.csv")
    scenario.killAtWalltime = true
    _ = try scenario.run()
    let job6 = try #require(try readText(directory + "/jobs.csv").split(separator: "\n").first { $0.hasPrefix("6,") })
    #expect(job6.contains(",0,") && job6.contains(",COMPLETED_WALLTIME_REACHED,1,1,-1,3"))
  }

  @Test("the summary JSON carries breakdowns and provenance that agree with the run")
  func summaryJSON() throws {
    let trace = TestPaths.fixture("golden/tiny.swf")
    let (report, _, _) = try Self.replayWithOutputs(trace, policy: .fcfs)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(report.jsonValue().rendered().utf8)) as? [String: Any])
    let classes = try #require(object["by_size_class"] as? [[String: Any]])
    #expect(classes.map { $0["class"] as? String } == ["1", "2-4", "5-16", "17-64", "65-256", ">256"])
    #expect(classes.map { $0["jobs"] as? Int } == [2, 4, 0, 0, 0, 0])
    // FCFS: 1-node jobs 3 and 5 waited 130 and 110 s.
    #expect(classes[0]["mean_wait_seconds"] as? Double == 120)
    let users = try #require(object["by_user"] as? [[String: Any]])
    #expect(users.map { $0["user"] as? Int } == [1, 2, 3])
    let jobs = users.compactMap { $0["jobs"] as? Int }.reduce(0, +)
    #expect(jobs == report.metrics.jobsReplayed)
    let top = try #require(object["top_users_by_total_wait"] as? [[String: Any]])
    // FCFS waits: user 1: 0 + 130 + 300 = 430; user 2: 90 + 110 = 200; user 3: 120.
    #expect(top.map { $0["user"] as? Int } == [1, 2, 3])
    #expect(top.map { $0["total_wait_seconds"] as? Double } == [430, 200, 120])
    let provenance = try #require(object["provenance"] as? [String: Any])
    #expect(provenance["trace_name"] as? String == "tiny.swf")
    #expect(provenance["trace_bytes"] as? Int == 677)
    #expect((provenance["options"] as? [String: Any])?["policy"] as? String == "fcfs")
  }
}

extension ReplayReport {
  /// Rejected jobs, all reasons.
  var rejectedCount: Int { metrics.rejected.reduce(0) { $0 + $1.count } }
}
