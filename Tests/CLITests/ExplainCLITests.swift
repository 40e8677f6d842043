import Foundation
import TestSupport
import Testing

/// End-to-end: `hpcsim explain` and the pending reasons in `hpcsim replay`'s summaries.
@Suite("hpcsim explain and pending reasons (end to end)")
struct ExplainCLITests {
  let tiny = TestPaths.fixture("golden/tiny.swf")

  // golden/tiny.swf under EASY: job 4 (2 nodes, estimate 200 s) arrives at 30
  // behind the blocked head, job 2 (shadow time 100). At 40 job 5 backfills
  // (ends by 50 <= 100) past both. At 100 job 2 starts and job 4 becomes the
  // head: 0 nodes free, shadow 160 (job 2's estimated end). Job 2 ends early
  // at 150 and job 4 starts: 70 s Priority, 50 s Resources.
  @Test("the timeline of a job that waits behind the head, then heads")
  func timeline() throws {
    let result = try CommandRunner.hpcsim("explain", tiny, "--job", "4", "--policy", "easy")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout == """
        job 4 in \(tiny): policy easy on 4 nodes (estimates: requested)
        t=30   submitted: 2 nodes, estimate 200 s, run time 200 s, user 3
        t=30   pass 4: Priority (jobs ahead of it in order come first), 2nd of 2 waiting, 3 nodes busy
        t=40   pass 5: Priority, 2nd of 2 waiting, 4 nodes busy
        t=40   backfilled past it: job 5 (1 node, estimate 10 s, submitted t=40)
               (1 more pass unchanged, t=50)
        t=100  pass 7: Resources (first in order, not enough free nodes), 1st of 2 waiting, planned start t=160, 4 nodes busy
        t=150  started on nodes 0-1 after waiting 120 s
        t=350  ended: completed
        pending: Priority 70 s, Resources 50 s

        """)
  }

  @Test("--all-passes prints the passes that changed nothing too")
  func allPasses() throws {
    let result = try CommandRunner.hpcsim("explain", tiny, "--job", "4", "--policy", "easy", "--all-passes")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("t=50   pass 6: Priority, 2nd of 3 waiting, 2 nodes busy\n"))
    #expect(!result.stdout.contains("unchanged"))
  }

  @Test("a job refused at submission is explained as such")
  func rejected() throws {
    let result = try CommandRunner.hpcsim("explain", tiny, "--job", "8")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasSuffix("t=70  rejected at submission: larger_than_machine\n"))
  }

  @Test("an unknown job number is an error naming the job and the trace")
  func unknownJob() throws {
    let result = try CommandRunner.hpcsim("explain", tiny, "--job", "99")
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("job 99 is not in \(tiny): no job with that number reached the replay"))
    // Job 7 has no run time: skipped when reading, so it never reached the replay.
    let skipped = try CommandRunner.hpcsim("explain", tiny, "--job", "7")
    #expect(skipped.status == 1)
    #expect(skipped.stderr.contains("(1 records were skipped when reading)"))
  }

  @Test("explain takes replay's options, and refuses those that make no sense for it")
  func options() throws {
    let missing = try CommandRunner.hpcsim("explain", tiny)
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("--job"))
    let json = try CommandRunner.hpcsim("explain", tiny, "--job", "2", "--json")
    #expect(json.status == 64)
    #expect(json.stderr.contains("--json does not apply to explain"))
    let fcfs = try CommandRunner.hpcsim("explain", tiny, "--job", "3", "--policy", "fcfs")
    #expect(fcfs.stdout.contains("policy fcfs on 4 nodes"))
    #expect(fcfs.stdout.hasSuffix("pending: Priority 80 s, Resources 50 s\n"))
  }

  @Test("replay's summaries give job-seconds per reason: text the non-zero ones, JSON every one")
  func summaries() throws {
    let text = try CommandRunner.hpcsim("replay", tiny, "--policy", "fcfs")
    // FCFS waits 750 job-s: Priority 410, Resources 340 (see PendingReasonGoldenTests).
    #expect(text.stdout.contains("  pending (job-s)   Priority 410 (54.67 %)  Resources 340 (45.33 %)\n"))
    let json = try CommandRunner.hpcsim("replay", tiny, "--policy", "fcfs", "--json")
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let pending = try #require(object?["pending_seconds_by_reason"] as? [String: Any])
    #expect(pending["Priority"] as? Double == 410)
    #expect(pending["Resources"] as? Double == 340)
    #expect(
      Set(pending.keys) == [
        "Priority", "Resources", "Reservation", "StorageCapacity", "QOSMaxJobsPerUserLimit", "QOSMaxNodePerUserLimit",
      ])
    #expect(json.stdout.contains("\"Resources\": 340.000000,"))
  }

  // storage/capped.swf (see StorageGoldenCLITests): job 3 (1 node) fits on
  // the nodes at 1 s but its 1 GB does not fit the tier until job 2's space
  // is released at 12 s: StorageCapacity for 11 s, never Resources.
  @Test("a job refused for burst-buffer space is pending StorageCapacity until it starts")
  func storageCapacity() throws {
    let storage = [
      "Tests/Fixtures/storage/capped.swf", "--io-demands", "Tests/Fixtures/storage/capped-demands.csv",
      "--storage-capacity", "0.000003", "--storage-bandwidth", "1", "--storage-per-node-bandwidth", "0.25",
    ]
    let explain = try CommandRunner.hpcsim(arguments: ["explain"] + storage + ["--job", "3"])
    #expect(explain.status == 0, "\(explain.stderr)")
    #expect(
      explain.stdout.hasSuffix(
        """
        t=1   pass 2: StorageCapacity (its burst-buffer footprint does not fit), 1st of 1 waiting, 9 nodes busy
        t=12  started on nodes 1 after waiting 11 s
        t=17  ended: completed
        pending: StorageCapacity 11 s

        """))
    let replay = try CommandRunner.hpcsim(arguments: ["replay"] + storage)
    #expect(replay.stdout.contains("  pending (job-s)   StorageCapacity 11 (100.00 %)\n"))
    #expect(replay.stdout.contains("1 jobs pending StorageCapacity, 11.0 job-seconds"))
  }
}
