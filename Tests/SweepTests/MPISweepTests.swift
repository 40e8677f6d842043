import Foundation
import MPI
import Testing
import TestSupport

/// The built `hpcsim` beside this test binary, if any.
enum SweepBinary {
  static let path: String? = {
    let path = CommandRunner.hpcsimPath
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }()

  static let mpirunAvailable: Bool = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].contains {
    FileManager.default.isExecutableFile(atPath: $0)
  }
}

/// `hpcsim sweep` and `hpcsim merge` run as a user runs them: the built
/// binary, alone and under real `mpirun -n 2` and `-n 3`
/// (`scripts/mpirun-hpcsim`), with results compared byte for byte.
@Suite(
  "hpcsim sweep alone and under mpirun", .serialized,
  .enabled(if: SweepBinary.path != nil, "no built hpcsim beside the tests"))
struct MPISweepTests {
  let directory: String

  init() throws { directory = try makeTemporaryDirectory() }

  /// A plan over tiny.swf (and the first 2,000 jobs of KTH-SP2 with `real`
  /// when ../shared is present), replicated and load-scaled so every result
  /// path is exercised: 2 policies x 2 estimates x 2 loads x 2 replicas per
  /// trace.
  func smallPlan(real: Bool = false, extraTraces: [String] = []) throws -> String {
    var traces = [TestPaths.fixture("golden/tiny.swf")]
    if real, let kth = TestPaths.sharedTrace("KTH-SP2-1996-2.1-cln.swf.gz") {
      traces.append(try head(of: kth, lines: 2_000))
    }
    traces += extraTraces
    let path = directory + "/plan.yaml"
    try """
      name: small
      traces: [\(traces.joined(separator: ", "))]
      policies: [fcfs, easy]
      estimate: [requested, runtime]
      load: [1, 1.5]
      replicas: 2
      seed: 7
      """.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// The first `lines` lines of a gzip trace (header and jobs), as a plain
  /// file in the test's directory: a small real workload.
  func head(of trace: String, lines: Int) throws -> String {
    let path = directory + "/head.swf"
    let run = try launch(
      "/bin/sh", ["-c", "gzip -dc '\(trace)' | head -n \(lines) > '\(path)'"], environment: nil)
    try #require(run.status == 0, "\(run.standardError)")
    return path
  }

  func sweep(_ arguments: [String], ranks: Int? = nil, environment: [String: String] = [:]) throws -> LaunchResult {
    let hpcsim = try #require(SweepBinary.path)
    var env = MPIEnvironment.childEnvironment(from: ProcessInfo.processInfo.environment)
    env.merge(environment) { $1 }
    guard let ranks else {
      return try launch(hpcsim, ["sweep"] + arguments + ["--quiet"], environment: env)
    }
    return try launch(
      TestPaths.repoRoot + "/scripts/mpirun-hpcsim",
      ["-n", "\(ranks)", "--", hpcsim, "sweep"] + arguments + ["--quiet"], environment: env)
  }

  func outputs(_ base: String) throws -> (csv: String, json: String) {
    (try readText(base + ".csv"), try readText(base + ".json"))
  }

  @Test func aPlainRunWritesOneRowPerScenarioWithPathsAsWritten() throws {
    let plan = TestPaths.fixture("sweep/tiny-plan.yaml")
    let run = try sweep([plan, "-o", directory + "/tiny"])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardOutput == "wrote \(directory)/tiny.csv and \(directory)/tiny.json (8 scenarios, 8 runs)\n")
    let (csv, json) = try outputs(directory + "/tiny")
    let rows = csv.split(separator: "\n")
    #expect(rows.count == 9)
    #expect(rows[1].hasPrefix("0,ok,../golden/tiny.swf,fcfs,trace,requested,false,1,6,1,1,0,"))
    #expect(rows[8].hasPrefix("7,ok,../golden/tiny.swf,easy,trace:8,runtime,false,1,7,0,1,0,"))
    #expect(json.contains("\"trace\": \"../golden/tiny.swf\""))
  }

  @Test(
    "-n 2 and -n 3 give the bytes of one process",
    .enabled(if: SweepBinary.mpirunAvailable, "mpirun is not installed"))
  func mpirunResultsAreByteIdentical() throws {
    if TestPaths.sharedTrace("KTH-SP2-1996-2.1-cln.swf.gz") == nil {
      print("note: ../shared/traces is absent: comparing on tiny.swf only, without KTH-SP2")
    }
    let plan = try smallPlan(real: true)
    let alone = try sweep([plan, "-o", directory + "/alone"])
    #expect(alone.status == 0, "\(alone.standardError)")
    let expected = try outputs(directory + "/alone")
    for (ranks, mode) in [(2, "auto"), (3, "auto"), (3, "work")] {
      let base = directory + "/n\(ranks)-\(mode)"
      let run = try sweep([plan, "-o", base, "--rank0", mode, "--timing"], ranks: ranks)
      #expect(run.status == 0, "-n \(ranks): \(run.standardError)")
      #expect(run.standardError.contains("on \(ranks) ranks"), "\(run.standardError)")
      let got = try outputs(base)
      #expect(got.csv == expected.csv, "-n \(ranks) --rank0 \(mode): CSV differs")
      #expect(got.json == expected.json, "-n \(ranks) --rank0 \(mode): JSON differs")
    }
  }

  @Test(
    "a failing scenario under mpirun is reported like in one process",
    .enabled(if: SweepBinary.mpirunAvailable, "mpirun is not installed"))
  func failingScenarioUnderMPI() throws {
    let plan = try smallPlan(extraTraces: ["/nonexistent/missing.swf"])
    let alone = try sweep([plan, "-o", directory + "/alone"])
    let spread = try sweep([plan, "-o", directory + "/spread"], ranks: 3)
    for run in [alone, spread] {
      #expect(run.status == 1)
      #expect(run.standardError.contains("hpcsim: error: 8 of "), "\(run.standardError)")
    }
    let expected = try outputs(directory + "/alone")
    #expect(try outputs(directory + "/spread") == expected)
    #expect(expected.csv.contains(",error,/nonexistent/missing.swf,fcfs,trace,requested,false,1,"))
  }

  @Test(
    "a rank that dies ends the job with a non-zero status, without hanging",
    .enabled(if: SweepBinary.mpirunAvailable, "mpirun is not installed"))
  func aDyingRankEndsTheJob() throws {
    let plan = try smallPlan()
    let started = Date()
    let run = try sweep(
      [plan, "-o", directory + "/crash", "--rank0", "dispatch"], ranks: 3,
      environment: ["HPCSIM_TEST_CRASH_SCENARIO": "1"])
    // mpirun ends the job and exits with the dead rank's status.
    #expect(run.status == 3)
    #expect(!run.timedOut)
    #expect(Date().timeIntervalSince(started) < 60)
    #expect(run.standardError.contains("HPCSIM_TEST_CRASH_SCENARIO=1: exiting with status 3"), "\(run.standardError)")
    #expect(!FileManager.default.fileExists(atPath: directory + "/crash.csv"))
  }

  @Test func shardsMergedOnTheCommandLineEqualTheWholeRun() throws {
    let plan = try smallPlan(extraTraces: ["/nonexistent/missing.swf"])
    _ = try sweep([plan, "-o", directory + "/whole"])
    for index in 0..<3 {
      let run = try sweep([plan, "-o", directory + "/part", "--shard", "\(index)/3"])
      #expect(run.status == 1)
      #expect(run.standardOutput.hasPrefix("wrote \(directory)/part.shard-\(index)-of-3.part (shard \(index)/3: "))
    }
    let hpcsim = try #require(SweepBinary.path)
    let parts = (0..<3).map { "\(directory)/part.shard-\($0)-of-3.part" }
    let merge = try launch(hpcsim, ["merge"] + parts.reversed() + ["-o", directory + "/merged"], environment: nil)
    #expect(merge.status == 1, "failed scenarios make merge exit 1 too: \(merge.standardError)")
    #expect(try outputs(directory + "/merged") == outputs(directory + "/whole"))
    let missing = try launch(hpcsim, ["merge", parts[0], parts[2], "-o", directory + "/bad"], environment: nil)
    #expect(missing.status == 1)
    #expect(missing.standardError == "hpcsim: error: missing shards: 1/3\n")
  }

  @Test func aBadPlanFailsWithItsLine() throws {
    let plan = TestPaths.fixture("sweep/unknown-key.yaml")
    let run = try sweep([plan, "-o", directory + "/x"])
    #expect(run.status == 1)
    #expect(run.standardError.hasPrefix("hpcsim: error: \(plan):3: unknown key 'polices' in the plan"))
    let noOutput = try sweep([TestPaths.fixture("sweep/tiny-plan.yaml")])
    #expect(noOutput.status == 1)
    #expect(noOutput.standardError.contains("no output: give 'output:' in the plan or --output"))
  }

  @Test(
    "a bad plan under mpirun is reported once and every rank exits",
    .enabled(if: SweepBinary.mpirunAvailable, "mpirun is not installed"))
  func aBadPlanUnderMPI() throws {
    let plan = TestPaths.fixture("sweep/unknown-key.yaml")
    let run = try sweep([plan, "-o", directory + "/x"], ranks: 2)
    #expect(run.status != 0 && !run.timedOut)
    #expect(run.standardError.components(separatedBy: "unknown key 'polices'").count == 2, "\(run.standardError)")
  }
}

// MARK: - Launching

struct LaunchResult {
  var status: Int32
  var standardOutput: String
  var standardError: String
  var timedOut: Bool
}

/// Runs `executable` from the repository root with output to files (never
/// pipes that could fill up), terminating it after `timeout` seconds.
func launch(
  _ executable: String, _ arguments: [String], environment: [String: String]?, timeout: Double = 90
) throws -> LaunchResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let environment { process.environment = environment }
  process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.repoRoot)
  let directory = try makeTemporaryDirectory()
  defer { try? FileManager.default.removeItem(atPath: directory) }
  let outPath = directory + "/out"
  let errPath = directory + "/err"
  for path in [outPath, errPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
  process.standardOutput = FileHandle(forWritingAtPath: outPath)
  process.standardError = FileHandle(forWritingAtPath: errPath)
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let deadline = Date().addingTimeInterval(timeout)
  var timedOut = false
  while process.isRunning {
    if Date() > deadline {
      timedOut = true
      process.terminate()
      break
    }
    usleep(10_000)
  }
  process.waitUntilExit()
  return LaunchResult(
    status: process.terminationStatus, standardOutput: (try? readText(outPath)) ?? "",
    standardError: (try? readText(errPath)) ?? "", timedOut: timedOut)
}
