import Foundation
import TestSupport
import Testing

/// Hand-checked schedules of the storage tier from the command line, and
/// real traces on the Lvliang unit with it.
///
/// The golden fixture (Tests/Fixtures/storage/capped.swf, 16 one-processor
/// nodes; 1 GiB/s tier of 3 GB, 0.25 GiB/s a node):
/// - job 1 (1 node) stages in 1 GiB, capped at 0.25 GiB/s; job 2 (8 nodes,
///   cap 2 GiB/s, above the tier's) stages in 1.5 GiB. Max-min: job 1 gets
///   its cap, job 2 the remaining 0.75 GiB/s, so job 2's stage-in ends at
///   exactly 2 s; job 1 has then moved 0.5 GiB and, still capped, ends at 4 s.
///   They compute 10 s each: nodes free at 12 s and 14 s.
/// - job 3 (submitted at 1 s) holds 1 GB of scratch: 3 GB - 2.5 GiB do not
///   hold it, so it waits (StorageCapacity) until job 2's space is released
///   at 12 s, starts then and ends at 17 s.
@Suite("Storage goldens and real traces from the command line")
struct StorageGoldenCLITests {
  let trace = "Tests/Fixtures/storage/capped.swf"
  let storage = [
    "--io-demands", "Tests/Fixtures/storage/capped-demands.csv", "--storage-capacity", "0.000003",
    "--storage-bandwidth", "1", "--storage-per-node-bandwidth", "0.25",
  ]

  @Test("a capped and an uncapped stage-in share max-min fairly; a job waits for space until it frees")
  func golden() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try CommandRunner.hpcsim(
      arguments: ["replay", trace] + storage + [
        "--jobs-out", directory + "/jobs.csv", "--io-jobs-out", directory + "/io.csv",
        "--storage-timeseries-out", directory + "/storage.csv", "--storage-timeseries-resolution", "1",
      ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("capacity waits  1 jobs pending StorageCapacity, 11.0 job-seconds (max 11.0 s)"))

    // Estimates add the stage-in alone on the tier: job 2 1.5 s, job 1 4 s (its cap).
    let jobs = try readText(directory + "/jobs.csv").split(separator: "\n").dropFirst()
      .map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(9).joined(separator: ",") }
    #expect(
      jobs == [
        "2,0.000000,8,11.500000,1,0.000000,12.000000,12.000000,0.000000",
        "1,0.000000,1,14.000000,1,0.000000,14.000000,14.000000,0.000000",
        "3,1.000000,1,5.000000,1,12.000000,5.000000,17.000000,11.000000",
      ])

    let io = try readText(directory + "/io.csv").split(separator: "\n")
    #expect(
      Array(io) == [
        "job_id,nodes,footprint_bytes,input_bytes,output_bytes,checkpoint_bytes,checkpoints,capacity_wait,"
          + "starting_time,stage_in_time,compute_time,checkpoint_time,stage_out_time,io_time,io_slowdown,released_time",
        "2,8,1610612736,1610612736,0,0,0,0.000000,0.000000,2.000000,10.000000,0.000000,0.000000,2.000000,1.200000,12.000000",
        "1,1,1073741824,1073741824,0,0,0,0.000000,0.000000,4.000000,10.000000,0.000000,0.000000,4.000000,1.400000,14.000000",
        "3,1,1000000000,0,0,0,0,11.000000,12.000000,0.000000,5.000000,0.000000,0.000000,0.000000,1.000000,17.000000",
      ])
    #expect(FileManager.default.fileExists(atPath: directory + "/io.csv.provenance.json"))

    // Over time: both transfers use the whole 1 GiB/s for 2 s, then job 1 its
    // 0.25 GiB/s cap for 2 s; 2.5 GiB reserved until 12 s, then job 1's 1 GiB
    // and job 3's 1 GB, then job 3's alone from 14 s to 17 s.
    let rows = try readText(directory + "/storage.csv").split(separator: "\n").dropFirst()
      .map { $0.split(separator: ",").map(String.init) }
    #expect(rows.count == 17)
    #expect(rows.map { $0[3] } == ["1073741824", "1073741824", "268435456", "268435456"] + Array(repeating: "0", count: 13))
    #expect(rows.prefix(5).map { $0[5] } == ["2.000", "2.000", "1.000", "1.000", "0.000"])
    #expect(rows.map { $0[1] } == Array(repeating: "2684354560", count: 12) + ["2073741824", "2073741824"]
      + Array(repeating: "1000000000", count: 3))
  }

  @Test("without the per-node cap the two stage-ins split 1 GiB/s evenly: job 1 ends at 2 s, job 2 at 2.5 s")
  func uncapped() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try CommandRunner.hpcsim(
      arguments: ["replay", trace] + storage.dropLast(2) + ["--io-jobs-out", directory + "/io.csv"])
    #expect(result.status == 0, "\(result.stderr)")
    // 0.5 GiB/s each: job 1's 1 GiB ends at 2 s; job 2 has 0.5 GiB left, alone at 1 GiB/s: 2.5 s.
    let stageIns = try readText(directory + "/io.csv").split(separator: "\n").dropFirst()
      .map { line in let f = line.split(separator: ","); return "\(f[0]):\(f[9])" }
    #expect(Set(stageIns) == ["1:2.000000", "2:2.500000", "3:0.000000"])
  }

  @Test("HPC2N on the Lvliang unit, storage-bound: jobs wait for space, the ledgers balance (skipped without ../shared)")
  func hpc2nStorageBound() throws {
    guard let trace = TestPaths.sharedTrace("HPC2N-2002-2.2-cln.swf.gz") else {
      print("skipped: ../shared/traces/HPC2N-2002-2.2-cln.swf.gz is absent")
      return
    }
    let common = ["replay", trace, "--machine", "configs/tianhe2-lvliang.yaml", "--window", ":2000000", "--json"]
    let computeOnly = try CommandRunner.hpcsim(arguments: common)
    #expect(computeOnly.status == 0, "\(computeOnly.stderr)")
    let withStorage = try CommandRunner.hpcsim(
      arguments: common + [
        "--io-model", "bytes-per-core-hour=2e10,seed=7,scratch-per-core=2e10,checkpoint-interval=3600,checkpoint-per-core=2e9",
        "--storage-capacity", "0.005", "--storage-bandwidth", "2", "--storage-retention", "3600",
      ])
    #expect(withStorage.status == 0, "\(withStorage.stderr)")
    let plain = try JSONSerialization.jsonObject(with: Data(computeOnly.stdout.utf8)) as! [String: Any]
    let json = try JSONSerialization.jsonObject(with: Data(withStorage.stdout.utf8)) as! [String: Any]
    let storage = try #require(json["storage"] as? [String: Any])
    func int(_ key: String) -> Int64 { (storage[key] as? NSNumber)?.int64Value ?? -1 }
    #expect(int("bytes_reserved") == int("bytes_released"))
    #expect(int("bytes_staged_in") + int("bytes_checkpointed") + int("bytes_staged_out") == int("bytes_transferred"))
    #expect(int("jobs_delayed_by_capacity") > 0)
    #expect(int("jobs_rejected_for_capacity") > 0)  // 24 x 2e10 B of scratch exceed 5 TB
    #expect((storage["mean_io_slowdown"] as? Double ?? 0) > 1)
    let wait = { (report: [String: Any]) in (report["wait_seconds"] as? [String: Any])?["mean"] as? Double ?? -1 }
    #expect(wait(json) > wait(plain))
  }

  @Test("RICC on the Lvliang unit: a job asking 8,000,000 KB a processor gets 8 processors a node (skipped without ../shared)")
  func requestedMemory() throws {
    guard let trace = TestPaths.sharedTrace("RICC-2010-2.swf.gz") else {
      print("skipped: ../shared/traces/RICC-2010-2.swf.gz is absent")
      return
    }
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try CommandRunner.hpcsim(
      "replay", trace, "--machine", "configs/tianhe2-lvliang.yaml", "--window", ":60000", "--jobs-out",
      directory + "/jobs.csv")
    #expect(result.status == 0, "\(result.stderr)")
    // Jobs 39 and 40: 9 processors of 8,000,000 KB; 64 GB of host memory hold 8 of them.
    let rows = try readText(directory + "/jobs.csv").split(separator: "\n")
      .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let nodes = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { (String($0[0]), String($0[2])) })
    #expect(nodes["39"] == "2")
    #expect(nodes["40"] == "2")
    #expect(nodes["95"] == "1")
  }
}
