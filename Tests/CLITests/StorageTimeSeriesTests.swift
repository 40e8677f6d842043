import Foundation
import TestSupport
import Testing

/// With the storage tier on, `--timeseries-out` gains four storage columns
/// that integrate to the summary's storage totals.
@Suite("hpcsim replay --timeseries-out with the storage tier (end to end)")
struct StorageTimeSeriesTests {
  let tiny = TestPaths.fixture("golden/tiny.swf")
  let demands = "Tests/Fixtures/storage/tiny-demands.csv"

  @Test("storage columns: bytes moved and byte-seconds held add up to the summary's")
  func storageColumns() throws {
    let directory = try makeTemporaryDirectory()
    let result = try CommandRunner.hpcsim(
      "replay", tiny, "--io-demands", demands, "--storage-capacity", "0.001", "--storage-bandwidth", "1",
      "--storage-retention", "60", "--timeseries-out", directory + "/ts.csv", "--timeseries-resolution", "10",
      "--json")
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let storage = try #require(summary["storage"] as? [String: Any])
    let lines = try readText(directory + "/ts.csv").split(separator: "\n")
    #expect(
      lines[0] == "time,utilisation,queue_length,running_jobs,storage_occupancy,storage_used_bytes,"
        + "storage_bandwidth_utilisation,storage_bandwidth_bytes_per_second")
    let rows = lines.dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
    // 1 GiB/s tier, 0.001 PB capacity.
    let (capacity, bandwidth) = (1e12, 1_073_741_824.0)
    for row in rows {
      #expect(abs(row[4] - row[5] / capacity) < 1e-6)
      #expect(abs(row[6] - row[7] / bandwidth) < 1e-6)
      #expect(row[5] <= Double(storage["peak_occupancy_bytes"] as! Int))
      #expect(row[7] <= bandwidth)
    }
    // Every transfer ends before the last row: 10 s rows carry all the bytes
    // moved. A transfer's end rounds up to the microsecond (at most one
    // microsecond at full rate, 1,074 bytes, for each of the fewer than 10 transfers);
    // each row's rate is rounded to 1 byte/s.
    let moved = rows.dropLast().reduce(0.0) { $0 + $1[7] * 10 }
    let transferred = Double(storage["bytes_transferred"] as! Int)
    #expect(moved >= transferred - 10 * Double(rows.count), "\(moved) vs \(transferred)")
    #expect(moved - transferred <= 10 * bandwidth * 1e-6 + 10 * Double(rows.count), "\(moved) vs \(transferred)")
    // Byte-seconds held: the rows up to the last one, plus the last one's part
    // (it averages only up to the end of the series), equal mean x window.
    let held = (storage["mean_occupancy_bytes"] as! Double) * (storage["window_seconds"] as! Double)
    let beforeLast = rows.dropLast().reduce(0.0) { $0 + $1[5] * 10 }
    let lastWidth = (held - beforeLast) / rows.last![5]
    #expect(lastWidth > 0 && lastWidth <= 10, "last row width \(lastWidth)")
    // The series runs past the last job's end while storage still holds data.
    let lastEnd = try #require(summary["last_end_seconds"] as? Double)
    #expect(rows.last![0] > lastEnd)
    // The sidecar names the storage columns and the tier.
    let sidecar = try readText(directory + "/ts.csv.provenance.json")
    #expect(sidecar.contains("storage_used_bytes"), "\(sidecar)")
    #expect(sidecar.contains("tier of 1000000000000 bytes, 1073741824 bytes/s"), "\(sidecar)")
  }
}
