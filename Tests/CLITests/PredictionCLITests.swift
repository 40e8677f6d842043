import Foundation
import TestSupport
import Testing

/// End-to-end: `--estimate predicted` on the built binary.
@Suite("hpcsim --estimate predicted (end to end)")
struct PredictionCLITests {
  /// The EASY++ fixture (see `PredictionGoldenTests` for the hand-worked schedule).
  let fixture = TestPaths.fixture("predict/easy-plus-plus.swf")

  @Test("replay --policy easy --estimate predicted schedules with predictions and says how they fared")
  func replayPredicted() throws {
    let directory = try makeTemporaryDirectory()
    let csv = directory + "/jobs.csv"
    let result = try CommandRunner.hpcsim(
      "replay", fixture, "--policy", "easy", "--estimate", "predicted", "--jobs-out", csv)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("easy (estimates: predicted)"))
    #expect(
      result.stdout.contains(
        "predictions       1 from the user's last two jobs (0 capped by the request); "
          + "1 outlived theirs (3 corrections)"))
    // Job 4 was scheduled with its prediction, 250 s; job 6 backfilled at 900.
    let rows = try readText(csv).split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false)
    }
    let job4 = try #require(rows.first { $0.first == "4" })
    #expect(job4[3] == "250.000000" && job4[5] == "350.000000")
    let job6 = try #require(rows.first { $0.first == "6" })
    #expect(job6[5] == "900.000000")

    // The schedule validates only as a predicted one.
    let valid = try CommandRunner.hpcsim(
      "validate", "--trace", fixture, "--jobs", csv, "--policy", "easy", "--estimate", "predicted")
    #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
    #expect(valid.stdout.contains("predicted estimates"))
    let asRequested = try CommandRunner.hpcsim("validate", "--trace", fixture, "--jobs", csv, "--policy", "easy")
    #expect(asRequested.status == 1)
    #expect(asRequested.stdout.contains("job 4: requested_time 250.000000 differs from the job's estimate 3600.000000"))
  }

  @Test("--json carries the estimate source and the prediction counts")
  func json() throws {
    let result = try CommandRunner.hpcsim(
      "replay", fixture, "--policy", "conservative", "--estimate", "predicted", "--json")
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(object?["estimate"] as? String == "predicted")
    let predictions = object?["predictions"] as? [String: Any]
    #expect(predictions?["from_history"] as? Int == 1)
    #expect(predictions?["underpredicted"] as? Int == 1)
    #expect(predictions?["corrections"] as? Int == 3)
    // Without predictions the member is absent.
    let plain = try CommandRunner.hpcsim("replay", fixture, "--json")
    let plainObject = try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any]
    #expect(plainObject?["predictions"] == nil)
  }

  @Test("an unknown estimate source is refused, naming the choices")
  func badValue() throws {
    let result = try CommandRunner.hpcsim("replay", fixture, "--estimate", "guess")
    #expect(result.status == 64)
    #expect(result.stderr.contains("The value 'guess' is invalid for '--estimate <estimate>'"))
    #expect(result.stderr.contains("'requested', 'runtime' or 'predicted'"))
  }

  @Test("predictions with advance reservations are refused with a reason")
  func reservationsRefused() throws {
    let result = try CommandRunner.hpcsim(
      "replay", fixture, "--estimate", "predicted", "--reservation",
      "ReservationName=maint StartTime=now+1000 Duration=10 Nodes=ALL Flags=MAINT")
    #expect(result.status == 1)
    #expect(result.stderr.contains("--estimate predicted is not supported with advance reservations"))
  }

  @Test("predictions with a storage tier are refused with a reason")
  func storageRefused() throws {
    let result = try CommandRunner.hpcsim(
      "replay", fixture, "--estimate", "predicted", "--io-model", "bytes-per-core-hour=1e9",
      "--storage-capacity", "1", "--storage-bandwidth", "1")
    #expect(result.status == 1)
    #expect(result.stderr.contains("--estimate predicted is not supported with a storage tier"))
  }
}
