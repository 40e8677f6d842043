import Foundation
import TestSupport
import Testing

@Suite("hpcsim replay: retargeting and the storage tier from the command line")
struct StorageCLITests {
  let tiny = "Tests/Fixtures/golden/tiny.swf"
  let demands = "Tests/Fixtures/storage/tiny-demands.csv"

  @Test("I/O demands turn the storage tier on; the summary gains its rows, the JSON its object")
  func storageSummary() throws {
    let text = try CommandRunner.hpcsim(
      "replay", tiny, "--io-demands", demands, "--storage-capacity", "0.001", "--storage-bandwidth", "1")
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("  storage           1.00 TB, 1.07 GB/s, retention 0 s"))
    #expect(text.stdout.contains("capacity waits"))
    let json = try CommandRunner.hpcsim(
      "replay", tiny, "--io-demands", demands, "--storage-capacity", "0.001", "--storage-bandwidth", "1",
      "--storage-retention", "60", "--json")
    #expect(json.status == 0)
    #expect(json.stdout.contains("\"storage_retention_seconds\": \"60\""))
    #expect(json.stdout.contains("\"bytes_staged_out\": 1200000000"))
  }

  @Test("retargeting options are recorded in the report's options")
  func retargetProvenance() throws {
    let result = try CommandRunner.hpcsim(
      "replay", tiny, "--window", "20:60", "--load-factor", "2", "--rebase-start", "1000",
      "--source-gflops-per-core", "21.6", "--target-gflops-per-core", "17.6", "--json")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\"retarget_runtime_factor\": \"27/22 = 1.227273\""))
    #expect(result.stdout.contains("\"outside_window\": 3"))
  }

  @Test("a window that misses every job is an error saying where the trace lies, and writes nothing")
  func emptyWindow() throws {
    let jobsOut = NSTemporaryDirectory() + "hpcsim-empty-window-\(getpid()).csv"
    let result = try CommandRunner.hpcsim("replay", tiny, "--window", "100:200", "--jobs-out", jobsOut)
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "--window 100:200 selects none of the trace's 7 replayable jobs: they were submitted from 0 to 70 s"),
      "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: jobsOut))
    let edge = try CommandRunner.hpcsim("replay", tiny, "--window", "70:", "--json")
    #expect(edge.status == 0, "a window holding only the last job replays it")
    #expect(edge.stdout.contains("\"outside_window\": 6"))
  }

  @Test("a bad demands line stops the run with file, line and field (exit 1)")
  func badDemands() throws {
    let path = NSTemporaryDirectory() + "hpcsim-bad-demands-\(getpid()).csv"
    try "job_id,input_bytes,output_bytes\n1,100,abc\n".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try CommandRunner.hpcsim(
      "replay", tiny, "--io-demands", path, "--storage-capacity", "1", "--storage-bandwidth", "1")
    #expect(result.status == 1)
    #expect(result.stderr.contains("\(path):2: field 'output_bytes' = 'abc': not a whole number of bytes"))
  }

  @Test("misused options exit with the usage status 64", arguments: [
    ["--io-model", "bytes-per-core-hour=x"],
    ["--storage-retention", "60"],
    ["--window", "60:20"],
    ["--load-factor", "0"],
    ["--rebase-start", "-5"],
    ["--io-model", "bytes-per-core-hour=1e9", "--storage-bandwidth", "-1"],
  ])
  func usage(_ options: [String]) throws {
    let result = try CommandRunner.hpcsim(arguments: ["replay", tiny] + options)
    #expect(result.status == 64, "\(options): \(result.stderr)")
  }

  @Test("storage on a trace's own machine needs a capacity and a bandwidth (exit 1)")
  func noStorage() throws {
    let result = try CommandRunner.hpcsim("replay", tiny, "--io-model", "bytes-per-core-hour=1e9")
    #expect(result.status == 1)
    #expect(result.stderr.contains("describes no storage; give --storage-capacity PB and --storage-bandwidth GIB_S"))
  }
}
