import Foundation
import TestSupport
import Testing

/// End-to-end: the built `hpcsim` binary, its output and exit codes.
@Suite("hpcsim replay (end to end)")
struct ReplayCLITests {
  let tiny = TestPaths.fixture("golden/tiny.swf")

  @Test("the per-job schedule of the tiny fixture matches the hand-checked golden file", arguments: ["fcfs", "easy"])
  func goldenJobsCSV(policy: String) throws {
    let directory = try makeTemporaryDirectory()
    let output = directory + "/jobs.csv"
    let result = try CommandRunner.hpcsim("replay", tiny, "--policy", policy, "--jobs-out", output)
    #expect(result.status == 0, "\(result.stderr)")
    let expected = try readText(TestPaths.fixture("golden/tiny-\(policy)-jobs.csv"))
    #expect(try readText(output) == expected)
  }

  @Test("the text summary counts replayed, skipped and rejected jobs")
  func textSummary() throws {
    let result = try CommandRunner.hpcsim("replay", tiny, "--policy", "fcfs")
    #expect(result.status == 0)
    #expect(result.stdout.contains("8 records, 6 replayed, 1 skipped, 1 rejected"))
    #expect(result.stdout.contains("run_time_missing: 1"))
    #expect(result.stdout.contains("larger_than_machine: 1"))
    // FCFS waits: 0, 90, 110, 130, 120, 300 -> mean 125, median 110 (3rd of 6), max 300.
    #expect(result.stdout.contains("mean 125.0  median 110.0  p95 300.0  max 300.0"))
  }

  @Test("--json gives the same numbers for scripts")
  func jsonSummary() throws {
    let result = try CommandRunner.hpcsim("replay", tiny, "--policy", "easy", "--json")
    #expect(result.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let jobs = object?["jobs"] as? [String: Any]
    #expect(jobs?["replayed"] as? Int == 6)
    #expect(jobs?["rejected"] as? Int == 1)
    let wait = object?["wait_seconds"] as? [String: Any]
    // EASY waits: 0, 0, 0, 90, 120, 300 -> mean 85.
    #expect(wait?["mean"] as? Double == 85)
    #expect(object?["policy"] as? String == "easy")
    // Utilisation: node-seconds 2*100 + 4*50 + 1*30 + 2*200 + 1*10 + 3*20 = 900
    // over 4 nodes x [0, 370] = 1480 -> 0.608108.
    #expect(object?["utilisation"] as? Double == 0.608108)
  }

  @Test("two runs give byte-identical outputs")
  func deterministic() throws {
    let directory = try makeTemporaryDirectory()
    var outputs: [String] = []
    for run in 0..<2 {
      let path = directory + "/jobs\(run).csv"
      let result = try CommandRunner.hpcsim("replay", tiny, "--jobs-out", path, "--json")
      #expect(result.status == 0)
      outputs.append(result.stdout + (try readText(path)))
    }
    #expect(outputs[0] == outputs[1])
  }

  @Test(
    "reading the trace on a second thread or not gives byte-identical outputs",
    .enabled(if: TestPaths.sharedTracesDirectory != nil, "../shared/traces is absent"),
    arguments: ["fcfs", "easy"])
  func readAheadChangesNothing(policy: String) throws {
    let trace = try #require(TestPaths.sharedTrace("KTH-SP2-1996-2.1-cln.swf.gz"))
    let directory = try makeTemporaryDirectory()
    var outputs: [String] = []
    for flag in ["--read-ahead", "--no-read-ahead"] {
      let path = directory + "/jobs\(flag).csv"
      let result = try CommandRunner.hpcsim("replay", trace, "--policy", policy, "--jobs-out", path, flag)
      #expect(result.status == 0, "\(result.stderr)")
      outputs.append(result.stdout + (try readText(path)))
    }
    #expect(outputs[0].contains("28,476 records, 28,475 replayed"))
    #expect(outputs[0] == outputs[1])
  }

  @Test("--timing reports wall time, process CPU and the replay thread's CPU on stderr, not in the summary")
  func timing() throws {
    let result = try CommandRunner.hpcsim("replay", tiny, "--timing")
    #expect(result.status == 0)
    #expect(result.stderr.contains("wall time: "))
    #expect(result.stderr.contains("; CPU "))
    #if os(Linux)
      #expect(result.stderr.contains("(replay thread "))
    #endif
    #expect(!result.stdout.contains("wall time"))
  }

  @Test("a malformed line stops the run with file, line and field")
  func malformedLine() throws {
    let directory = try makeTemporaryDirectory()
    let path = directory + "/bad.swf"
    try "; MaxProcs: 4\n1 0 -1 10 2 -1 -1 2 10 -1 1 1 1 -1 -1 -1 -1 -1\n2 5 -1 1O 2 -1 -1 2 10 -1 1 1 1 -1 -1 -1 -1 -1\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    let result = try CommandRunner.hpcsim("replay", path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("bad.swf:3: field 4 'Run Time' = '1O'"), "\(result.stderr)")
    #expect(result.stdout.isEmpty)

    let skipping = try CommandRunner.hpcsim("replay", path, "--on-bad-record", "skip")
    #expect(skipping.status == 0, "\(skipping.stderr)")
    #expect(skipping.stdout.contains("malformed_line: 1"))
  }

  @Test("a missing trace is a clear error, not a crash")
  func missingTrace() throws {
    let result = try CommandRunner.hpcsim("replay", "/nonexistent/trace.swf")
    #expect(result.status == 1)
    #expect(result.stderr.contains("/nonexistent/trace.swf"))
  }

  @Test("a trace without MaxProcs needs --procs")
  func needsProcs() throws {
    let directory = try makeTemporaryDirectory()
    let path = directory + "/noheader.swf"
    try "1 0 -1 10 2 -1 -1 2 10 -1 1 1 1 -1 -1 -1 -1 -1\n".write(toFile: path, atomically: true, encoding: .utf8)
    let result = try CommandRunner.hpcsim("replay", path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("pass --procs N"))
    let fixed = try CommandRunner.hpcsim("replay", path, "--procs", "2")
    #expect(fixed.status == 0)
    #expect(fixed.stdout.contains("1 replayed"))
  }

  @Test("a trace out of submit order is replayed sorted")
  func unsortedTrace() throws {
    let directory = try makeTemporaryDirectory()
    let path = directory + "/unsorted.swf"
    try """
      ; MaxProcs: 2
      1 50 -1 10 2 -1 -1 2 10 -1 1 1 1 -1 -1 -1 -1 -1
      2 0 -1 100 2 -1 -1 2 100 -1 1 1 1 -1 -1 -1 -1 -1

      """.write(toFile: path, atomically: true, encoding: .utf8)
    let output = directory + "/jobs.csv"
    let result = try CommandRunner.hpcsim("replay", path, "--policy", "fcfs", "--jobs-out", output)
    #expect(result.status == 0, "\(result.stderr)")
    let lines = try readText(output).split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines[1].hasPrefix("2,0.000000,2,100.000000,1,0.000000,"))
    #expect(lines[2].hasPrefix("1,50.000000,2,10.000000,1,100.000000,"))
  }

  @Test("bad options exit with the usage status 64")
  func usageErrors() throws {
    #expect(try CommandRunner.hpcsim("replay", tiny, "--policy", "nope").status == 64)
    #expect(try CommandRunner.hpcsim("replay", tiny, "--procs", "0").status == 64)
    #expect(try CommandRunner.hpcsim("frobnicate").status == 64)
  }

  @Test("an output that cannot be written fails without leaving a partial file")
  func unwritableOutput() throws {
    let result = try CommandRunner.hpcsim("replay", tiny, "--jobs-out", "/nonexistent-dir/jobs.csv")
    #expect(result.status == 1)
    #expect(result.stderr.contains("/nonexistent-dir/jobs.csv"))
  }
}

@Suite("hpcsim generate, inspect, machine (end to end)")
struct OtherCommandsCLITests {
  @Test("generate: the same seed gives the same bytes; another seed differs")
  func generateDeterministic() throws {
    let directory = try makeTemporaryDirectory()
    var contents: [String] = []
    for (index, seed) in ["7", "7", "8"].enumerated() {
      let path = directory + "/w\(index).swf"
      let result = try CommandRunner.hpcsim(
        "generate", "--model", "lublin", "--nodes", "128", "--jobs", "500", "--seed", seed, "-o", path)
      #expect(result.status == 0, "\(result.stderr)")
      contents.append(try readText(path))
    }
    #expect(contents[0] == contents[1])
    #expect(contents[0] != contents[2])
  }

  @Test("a generated month replays on the Lvliang machine")
  func generatedMonthOnLvliang() throws {
    let directory = try makeTemporaryDirectory()
    let path = directory + "/month.swf"
    let generated = try CommandRunner.hpcsim(
      "generate", "--model", "lublin", "--machine", "configs/tianhe2-lvliang.yaml", "--days", "3",
      "--seed", "1", "-o", path)
    #expect(generated.status == 0, "\(generated.stderr)")
    let replay = try CommandRunner.hpcsim(
      "replay", path, "--machine", "configs/tianhe2-lvliang.yaml", "--policy", "easy")
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(replay.stdout.contains("Tianhe-2 (Lvliang unit): 1,131 nodes, 24 trace processor(s) per node"))
    #expect(replay.stdout.contains(" 0 skipped, 0 rejected"))
  }

  @Test("machine show prints the Lvliang aggregate")
  func machineShow() throws {
    let result = try CommandRunner.hpcsim("machine", "show", "configs/tianhe2-lvliang.yaml")
    #expect(result.status == 0)
    #expect(result.stdout.contains("1,131"))
    #expect(result.stdout.contains("3,881.592 TFLOPS"))
  }

  @Test("inspect reports records, anomalies and skips")
  func inspect() throws {
    let result = try CommandRunner.hpcsim("inspect", TestPaths.fixture("golden/tiny.swf"))
    #expect(result.status == 0)
    #expect(result.stdout.contains("records      8"))
    #expect(result.stdout.contains("run_time_missing: 1"))
    #expect(result.stdout.contains("ran past requested time      1"))
  }

  @Test("--help lists every command with examples")
  func help() throws {
    let result = try CommandRunner.hpcsim("--help")
    #expect(result.status == 0)
    for command in ["replay", "generate", "inspect", "validate", "machine"] {
      #expect(result.stdout.contains(command))
    }
    #expect(result.stdout.contains("Examples:"))
  }
}

@Suite("hpcsim replay --kill-at-walltime (end to end)")
struct WalltimeCLITests {
  @Test("a job running past its request is killed, counted, and the schedule validates", arguments: ["fcfs", "easy"])
  func killedJobValidates(policy: String) throws {
    let tiny = TestPaths.fixture("golden/tiny.swf")
    let directory = try makeTemporaryDirectory()
    let output = directory + "/jobs.csv"
    let result = try CommandRunner.hpcsim(
      "replay", tiny, "--policy", policy, "--kill-at-walltime", "--jobs-out", output)
    #expect(result.status == 0, "\(result.stderr)")
    // Job 6 asks 10 s and would run 20: it is killed after 10 s.
    #expect(result.stdout.contains("timed out"), "\(result.stdout)")
    let row = try readText(output).split(separator: "\n").first { $0.hasPrefix("6,") }
    #expect(row?.contains(",0,350.000000,10.000000,360.000000,") == true, "\(row ?? "")")
    let validation = try CommandRunner.hpcsim(
      "validate", "--trace", tiny, "--jobs", output, "--policy", policy, "--kill-at-walltime")
    #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
  }
}
