import Reporting
import Scheduling
import Testing

@Suite("A replay's pending totals: exact job-seconds beyond Int64 microseconds")
struct PendingTotalsTests {
  @Test("small sums read and print like the microseconds they are")
  func smallSums() {
    var totals = PendingTotals()
    var job = PendingTimes()
    job.priority = 410_000_000
    job.resources = 1_500_001
    totals.add(job)
    totals.add(job)
    #expect(totals.priority == 820_000_000)
    #expect(totals.resources == 3_000_002)
    #expect(totals.total == 823_000_002)
    #expect(totals.resources.description == "3.000002")
    #expect(JSONValue.fixedSeconds(totals.priority).rendered() == JSONValue.fixed(820_000_000, decimals: 6).rendered())
    #expect(totals.resources.tenths == 30)
  }

  @Test("200,000 jobs pending 1e8.5 s each sum exactly, far past Int64 microseconds")
  func beyondInt64Microseconds() {
    var totals = PendingTotals()
    var job = PendingTimes()
    job.storageCapacity = 316_227_766_016_837  // 316,227,766.016837 s
    for _ in 0..<200_000 { totals.add(job) }
    // 200,000 × 316,227,766.016837 s = 63,245,553,203,367.4 s; as µs that is 6.3e19 > Int64.max.
    #expect(totals.storageCapacity.seconds == 63_245_553_203_367)
    #expect(totals.storageCapacity.microseconds == 400_000)
    #expect(totals.storageCapacity.description == "63245553203367.400000")
    #expect(totals.total == totals.storageCapacity)
    #expect(totals.storageCapacity > 9_223_372_036_854_775_807 as JobSeconds)
  }
}
