import Foundation
import Testing
import TestSupport

@Suite("hpcsim replay --reservation and policy-file Reservations")
struct ReservationCLITests {
  let maintenance = TestPaths.fixture("reservations/maintenance.swf")

  /// `id,start,nodes` of each job, by id.
  func starts(_ path: String) throws -> [String] {
    try readText(path).split(separator: "\n").dropFirst().map { line in
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      return "\(fields[0]):\(fields[5].prefix { $0 != "." }):\(fields[11])"
    }.sorted()
  }

  @Test("a maintenance window on the command line gives the hand-checked schedules", arguments: [
    ("fcfs", ["1:0:0-1", "2:150:0-1", "3:150:2-3", "4:230:0-3", "5:240:0"]),
    ("easy", ["1:0:0-1", "2:150:0-1", "3:20:2-3", "4:230:0-3", "5:70:0"]),
    ("conservative", ["1:0:0-1", "2:150:0-1", "3:20:2-3", "4:230:0-3", "5:70:0"]),
  ])
  func commandLine(policy: String, expected: [String]) throws {
    let out = try makeTemporaryDirectory() + "/jobs.csv"
    let result = try CommandRunner.hpcsim(
      "replay", maintenance, "--policy", policy, "--jobs-out", out,
      "--reservation", "ReservationName=maint StartTime=100 EndTime=150 Nodes=ALL Flags=MAINT")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try starts(out) == expected)
  }

  @Test("the policy file's Reservations give the same schedule, and the summary records them")
  func policyFile() throws {
    let out = try makeTemporaryDirectory() + "/jobs.csv"
    let result = try CommandRunner.hpcsim(
      "replay", maintenance, "--policy-file", TestPaths.fixture("reservations/maintenance.yaml"), "--jobs-out", out,
      "--json")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try starts(out) == ["1:0:0-1", "2:150:0-1", "3:20:2-3", "4:230:0-3", "5:70:0"])
    #expect(result.stdout.contains("maint@100+50s:ALL again@100+50s:NodeCnt=4"), "\(result.stdout)")
  }

  @Test("bad reservations fail with the key, the file and the line")
  func errors() throws {
    let bad = try CommandRunner.hpcsim("replay", maintenance, "--reservation", "StartTime=100 Duration=50s Nodes=ALL")
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("Duration=50s: expected a positive Slurm time"), "\(bad.stderr)")
    let tooMany = try CommandRunner.hpcsim("replay", maintenance, "--reservation", "StartTime=100 Duration=5 Nodes=2-9")
    #expect(tooMany.status != 0)
    #expect(tooMany.stderr.contains("--reservation: reservation 'reservation@100': Nodes=2-9"), "\(tooMany.stderr)")
    let directory = try makeTemporaryDirectory()
    let file = directory + "/bad.yaml"
    try "SchedulerType: sched/backfill\nReservations:\n  - StartTime: 100\n    Nodes: ALL\n"
      .write(toFile: file, atomically: true, encoding: .utf8)
    let inFile = try CommandRunner.hpcsim("replay", maintenance, "--policy-file", file)
    #expect(inFile.status != 0)
    #expect(inFile.stderr.contains("bad.yaml:3: Reservations: Duration"), "\(inFile.stderr)")
  }
}

@Suite("hpcsim replay --job-requests")
struct AcceleratorCLITests {
  @Test("accelerator jobs run on accelerator nodes of a heterogeneous machine; impossible requests are rejected")
  func golden() throws {
    let out = try makeTemporaryDirectory() + "/jobs.csv"
    let result = try CommandRunner.hpcsim(
      "replay", TestPaths.fixture("accelerators/jobs.swf"), "--machine", TestPaths.fixture("accelerators/hetero-4.yaml"),
      "--job-requests", TestPaths.fixture("accelerators/requests.csv"), "--policy", "easy", "--jobs-out", out)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("accelerators_unavailable: 1"), "\(result.stdout)")
    let rows = try readText(out).split(separator: "\n").dropFirst().map { line -> String in
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      return "\(fields[0]):\(fields[5].prefix { $0 != "." }):\(fields[11])"
    }.sorted()
    // Job 1 (CPU) keeps to CPU nodes 0-1; job 2 (1 accelerator/node) takes 2-3.
    #expect(rows == ["1:0:0-1", "2:10:2-3", "3:60:2", "4:60:3", "5::"])
  }

  @Test("a bad requests file names the file, line and field")
  func badFile() throws {
    let file = try makeTemporaryDirectory() + "/r.csv"
    try "job_id,accelerators_per_node\n2,x\n".write(toFile: file, atomically: true, encoding: .utf8)
    let result = try CommandRunner.hpcsim(
      "replay", TestPaths.fixture("accelerators/jobs.swf"), "--machine", TestPaths.fixture("accelerators/hetero-4.yaml"),
      "--job-requests", file)
    #expect(result.status == 1)
    #expect(result.stderr.contains("r.csv:2: field 'accelerators_per_node' = 'x'"), "\(result.stderr)")
  }
}
