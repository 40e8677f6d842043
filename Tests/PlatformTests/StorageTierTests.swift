import Platform
import SimKernel
import Testing

/// Runs `tier` until every transfer ended, starting `later` transfers at
/// their times, and returns when each transfer ended (µs), by id.
private func run(
  _ tier: inout StorageTier, starting later: [(at: Int64, id: Int32, bytes: Int64, cap: Int64?)] = []
) -> [Int32: Int64] {
  var now: Int64 = 0
  var pending = later.sorted { $0.at < $1.at }
  var ends: [Int32: Int64] = [:]
  var finished: [Int32] = []
  while true {
    let nextTransfer = tier.nextEventDelay(now: SimTime(microseconds: now)).map { now + $0.microseconds }
    let nextStart = pending.first?.at
    guard let next = [nextTransfer, nextStart].compactMap({ $0 }).min() else { break }
    tier.advance(by: SimTime(microseconds: next - now))
    now = next
    finished.removeAll()
    tier.takeFinished(into: &finished)
    for id in finished { ends[id] = now }
    while let start = pending.first, start.at == now {
      tier.startTransfer(id: start.id, bytes: start.bytes, cap: start.cap)
      pending.removeFirst()
    }
  }
  return ends
}

private let second: Int64 = 1_000_000

@Suite("Storage tier: max-min bandwidth sharing")
struct StorageTierTests {
  @Test("two transfers of 100 B and 300 B on a 100 B/s tier end at exactly 2 s and 4 s")
  func twoTransfers() {
    var tier = StorageTier(capacity: 1_000, bandwidth: 100)
    tier.startTransfer(id: 1, bytes: 100)
    tier.startTransfer(id: 2, bytes: 300)
    #expect(tier.rate(of: 1) == 50)
    #expect(tier.nextEventDelay(now: .zero) == .seconds(2))
    let ends = run(&tier)
    #expect(ends == [1: 2 * second, 2: 4 * second])
    #expect(tier.statistics.bytesTransferred == 400)
    #expect(tier.statistics.busyTime == 4 * second)
  }

  @Test("a third transfer of 100 B joining at 1 s: ends at 2.5 s, 3.5 s and 5 s")
  func thirdJoinsLater() {
    // 0-1 s: 50 B/s each (A, B at 50 B moved). 1-2.5 s: 100/3 B/s each, A's
    // last 50 B take 1.5 s. 2.5-3.5 s: 50 B/s each, C's last 50 B. Then B
    // alone at 100 B/s for its last 150 B: 5 s, when all 500 B have moved
    // at the full 100 B/s.
    var tier = StorageTier(capacity: 1_000, bandwidth: 100)
    tier.startTransfer(id: 1, bytes: 100)
    tier.startTransfer(id: 2, bytes: 300)
    let ends = run(&tier, starting: [(at: second, id: 3, bytes: 100, cap: nil)])
    #expect(ends == [1: 2_500_000, 3: 3_500_000, 2: 5 * second])
    #expect(tier.statistics.bytesTransferred == 500)
  }

  @Test("a share that is not a whole number of bytes per microsecond ends at the next microsecond")
  func roundingUp() {
    // 7 B/s shared by two: 3.5 B/s each; 10 B take 2.857142857... s.
    var tier = StorageTier(capacity: 1_000, bandwidth: 7)
    tier.startTransfer(id: 1, bytes: 10)
    tier.startTransfer(id: 2, bytes: 10)
    #expect(run(&tier) == [1: 2_857_143, 2: 2_857_143])
  }

  @Test("three equal transfers share 100 B/s as 100/3 each and end together at 3 s")
  func thirds() {
    var tier = StorageTier(capacity: 1_000, bandwidth: 100)
    for id: Int32 in 1...3 { tier.startTransfer(id: id, bytes: 100) }
    #expect(run(&tier) == [1: 3 * second, 2: 3 * second, 3: 3 * second])
  }

  @Test("a capped transfer keeps its cap; the others share the rest (max-min fairness)")
  func perTransferCap() {
    // A capped at 20 B/s, B uncapped: B gets 80 B/s and ends at 300/80 =
    // 3.75 s, when A has moved 75 B; A's last 25 B at 20 B/s end at 5 s.
    var tier = StorageTier(capacity: 1_000, bandwidth: 100)
    tier.startTransfer(id: 1, bytes: 100, cap: 20)
    tier.startTransfer(id: 2, bytes: 300)
    #expect(tier.rate(of: 1) == 20)
    #expect(tier.rate(of: 2) == 80)
    #expect(tier.bandwidthInUse == 100)
    #expect(run(&tier) == [2: 3_750_000, 1: 5 * second])
  }

  @Test("progressive filling: caps 10 and 30 bind, a cap of 90 does not, the rest share 60 B/s")
  func progressiveFilling() {
    var tier = StorageTier(capacity: 1_000, bandwidth: 100)
    tier.startTransfer(id: 1, bytes: 1_000, cap: 10)
    tier.startTransfer(id: 2, bytes: 1_000, cap: 30)
    tier.startTransfer(id: 3, bytes: 1_000, cap: 90)
    tier.startTransfer(id: 4, bytes: 1_000)
    #expect(tier.rate(of: 1) == 10)
    #expect(tier.rate(of: 2) == 30)
    #expect(tier.rate(of: 3) == 30)
    #expect(tier.rate(of: 4) == 30)
  }

  @Test("when every transfer is capped below its share, the bandwidth in use is the sum of the caps")
  func allCapped() {
    var tier = StorageTier(capacity: 1_000, bandwidth: 100)
    tier.startTransfer(id: 1, bytes: 100, cap: 10)
    tier.startTransfer(id: 2, bytes: 100, cap: 25)
    #expect(tier.bandwidthInUse == 35)
    #expect(run(&tier) == [2: 4 * second, 1: 10 * second])
  }

  @Test("petabyte transfers at 56.45 GiB/s do not overflow and end when the arithmetic says")
  func largeNumbers() {
    let spec = StorageSpec(capacityPB: 7, bandwidthGiBs: 56.45)
    var tier = StorageTier(capacity: spec.capacityBytes, bandwidth: spec.bandwidthBytesPerSecond)
    #expect(tier.capacity == 7_000_000_000_000_000)
    #expect(tier.bandwidth == 60_612_725_965)
    tier.startTransfer(id: 1, bytes: 1_000_000_000_000_000)  // 1 PB
    // ⌈10^15 × 10^6 / 60,612,725,965⌉ µs.
    let ends = run(&tier)
    #expect(ends == [1: 16_498_185_556])
  }

  @Test("reservations: occupancy integral, peak and the reserved = released + held ledger")
  func capacityLedger() {
    var tier = StorageTier(capacity: 1_000, bandwidth: 100)
    tier.reserve(600)
    #expect(tier.free == 400)
    tier.advance(by: .seconds(2))
    tier.reserve(400)
    tier.advance(by: .seconds(1))
    tier.release(600)
    tier.advance(by: .seconds(1))
    #expect(tier.statistics.peakReserved == 1_000)
    #expect(tier.statistics.occupancyByteSeconds == 2_600.0)  // 600 B x 2 s + 1,000 B x 1 s + 400 B x 1 s
    #expect(tier.statistics.bytesReserved == tier.statistics.bytesReleased + tier.reserved)
  }
}
