@testable import Platform
import SimKernel
import Testing

/// Which caps the transfers of a random set get.
enum CapMix: String, CaseIterable, Sendable, CustomTestStringConvertible {
  /// No caps: every transfer takes the shared-level path.
  case none
  /// Caps at or above the bandwidth: they never bind (shared-level path too).
  case atOrAboveBandwidth
  /// Caps below the bandwidth for every transfer: the capped-list path.
  case allBelowBandwidth
  /// A mix of all three.
  case mixed

  var testDescription: String { rawValue }
}

/// One transfer of a random set.
private struct PlannedTransfer {
  var at: Int64
  var id: Int32
  var bytes: Int64
  var cap: Int64?
}

/// A random set of transfers on a random tier.
private func randomSet(seed: UInt64, caps: CapMix) -> (bandwidth: Int64, transfers: [PlannedTransfer]) {
  var mixer = StorageTestMixer(state: seed)
  let bandwidths: [Int64] = [7, 100, 999, 1_000_000, 60_612_725_965]
  let bandwidth = bandwidths[Int(mixer.next() % UInt64(bandwidths.count))]
  let count = Int(mixer.next(in: 1...60))
  // Bursts of starts at equal instants, and gaps, in a span that lets many overlap.
  let span = mixer.next(in: 1...50) * 1_000_000
  var transfers: [PlannedTransfer] = []
  for index in 0..<count {
    let at = mixer.next() % 4 == 0 ? (transfers.last?.at ?? 0) : mixer.next(in: 0...span)
    let large = mixer.next() % 5 == 0
    let bytes = large ? mixer.next(in: 1...bandwidth * 100) : mixer.next(in: 1...max(1, bandwidth * 3))
    var cap: Int64?
    switch caps {
    case .none: cap = nil
    case .atOrAboveBandwidth: cap = mixer.next() % 2 == 0 ? bandwidth : bandwidth + mixer.next(in: 0...1_000)
    case .allBelowBandwidth: cap = bandwidth == 1 ? nil : mixer.next(in: 1...bandwidth - 1)
    case .mixed:
      switch mixer.next() % 3 {
      case 0: cap = nil
      case 1: cap = bandwidth + mixer.next(in: 0...5)
      default: cap = mixer.next(in: 1...max(1, bandwidth - 1))
      }
    }
    transfers.append(PlannedTransfer(at: at, id: Int32(index), bytes: bytes, cap: cap))
  }
  transfers.sort { $0.at < $1.at }
  return (bandwidth, transfers)
}

/// Drives `tier` and `reference` through the same transfers in lockstep and
/// records every disagreement: ends (times and order), rates, bytes left,
/// bandwidth in use, statistics. At some instants the starts come before the
/// finished transfers are taken (as a caller may do).
private func compare(
  bandwidth: Int64, transfers: [PlannedTransfer], seed: UInt64
) -> [String] {
  var tier = StorageTier(capacity: .max, bandwidth: bandwidth)
  var reference = ReferenceStorageTier(bandwidth: bandwidth)
  var mixer = StorageTestMixer(state: seed ^ 0xABCD)
  var pending = transfers[...]
  var now: Int64 = 0
  var problems: [String] = []
  var active: Set<Int32> = []
  var steps = 0
  while problems.isEmpty && steps < 100_000 {
    steps += 1
    let delay = tier.nextEventDelay(now: SimTime(microseconds: now))?.microseconds
    if delay != reference.nextEventDelay {
      problems.append("t=\(now) next delay \(String(describing: delay)) vs \(String(describing: reference.nextEventDelay))")
      break
    }
    guard let next = [delay.map { now + $0 }, pending.first?.at].compactMap({ $0 }).min() else { break }
    // Sometimes stop half way to look at the bytes left.
    if next - now > 1 && mixer.next() % 4 == 0 {
      let half = (next - now) / 2
      tier.advance(by: SimTime(microseconds: half))
      reference.advance(by: half)
      now += half
      for id in active where tier.remaining(of: id) != reference.remaining(of: id) {
        problems.append(
          "t=\(now) remaining(\(id)) \(String(describing: tier.remaining(of: id))) vs "
            + "\(String(describing: reference.remaining(of: id)))")
      }
      continue
    }
    tier.advance(by: SimTime(microseconds: next - now))
    reference.advance(by: next - now)
    now = next
    let startFirst = mixer.next() % 3 == 0
    func startDue() {
      while let start = pending.first, start.at == now {
        tier.startTransfer(id: start.id, bytes: start.bytes, cap: start.cap)
        reference.startTransfer(id: start.id, bytes: start.bytes, cap: start.cap)
        active.insert(start.id)
        pending.removeFirst()
      }
    }
    if startFirst { startDue() }
    var ended: [Int32] = []
    var referenceEnded: [Int32] = []
    tier.takeFinished(into: &ended)
    reference.takeFinished(into: &referenceEnded)
    if ended != referenceEnded { problems.append("t=\(now) ended \(ended) vs reference \(referenceEnded)") }
    for id in ended { active.remove(id) }
    if !startFirst { startDue() }
    for id in active where tier.rate(of: id) != reference.rate(of: id) {
      problems.append(
        "t=\(now) rate(\(id)) \(String(describing: tier.rate(of: id))) vs \(String(describing: reference.rate(of: id)))")
    }
    if tier.bandwidthInUse != reference.currentBandwidthInUse {
      problems.append("t=\(now) bandwidth in use \(tier.bandwidthInUse) vs \(reference.currentBandwidthInUse)")
    }
    if tier.activeTransfers != reference.transfers.count {
      problems.append("t=\(now) transfers \(tier.activeTransfers) vs \(reference.transfers.count)")
    }
  }
  let statistics = tier.statistics
  if problems.isEmpty {
    if !pending.isEmpty || !active.isEmpty { problems.append("did not finish: \(pending.count) pending, \(active)") }
    if statistics.bytesTransferred != reference.bytesTransferred {
      problems.append("bytes transferred \(statistics.bytesTransferred) vs \(reference.bytesTransferred)")
    }
    if statistics.bytesTransferred != transfers.reduce(0, { $0 &+ $1.bytes }) {
      problems.append("bytes transferred \(statistics.bytesTransferred) is not every transfer's bytes")
    }
    if statistics.busyTime != reference.busyTime { problems.append("busy \(statistics.busyTime) vs \(reference.busyTime)") }
    if statistics.peakTransfers != reference.peakTransfers {
      problems.append("peak transfers \(statistics.peakTransfers) vs \(reference.peakTransfers)")
    }
    if statistics.peakBandwidthInUse != reference.peakBandwidthInUse {
      problems.append("peak bandwidth \(statistics.peakBandwidthInUse) vs \(reference.peakBandwidthInUse)")
    }
  }
  return problems
}

@Suite("Storage tier: the shared-level heap and the capped list give the plain max-min model's results")
struct StorageTierEquivalenceTests {
  @Test(
    "300 random transfer sets: the same ends (times and order), rates, bytes left and statistics as the plain model",
    arguments: CapMix.allCases)
  func randomSets(caps: CapMix) {
    var failures: [String] = []
    for seed in UInt64(1)...300 {
      let (bandwidth, transfers) = randomSet(seed: seed &* 7919 &+ UInt64(caps.rawValue.count), caps: caps)
      let problems = compare(bandwidth: bandwidth, transfers: transfers, seed: seed)
      if let first = problems.first { failures.append("seed \(seed) (bandwidth \(bandwidth)): \(first)") }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
  }

  @Test("uncapped transfers take the shared-level heap; caps below the bandwidth the capped list")
  func paths() {
    var tier = StorageTier(capacity: 1_000, bandwidth: 100)
    tier.startTransfer(id: 1, bytes: 100)
    tier.startTransfer(id: 2, bytes: 100, cap: 100)
    tier.startTransfer(id: 3, bytes: 100, cap: 99)
    #expect(tier.buffers.shared.count == 2)
    #expect(tier.buffers.capped.elements.map(\.id) == [3])
  }

  @Test("the shared level is set back to zero before it could overflow, without changing any end")
  func levelRebase() {
    // 5 EB and 6 EB at 60 GB/s: by the time the second starts the level is
    // past Int64.max - 6 EB, so it is rebased.
    let bandwidth: Int64 = 60_612_725_965
    let transfers = [
      PlannedTransfer(at: 0, id: 1, bytes: 5_000_000_000_000_000_000, cap: nil),
      PlannedTransfer(at: 70_000_000_000_000, id: 2, bytes: 6_000_000_000_000_000_000, cap: nil),
      PlannedTransfer(at: 70_000_000_000_000, id: 3, bytes: 1_000, cap: 10),
    ]
    #expect(compare(bandwidth: bandwidth, transfers: transfers, seed: 1) == [])
    var tier = StorageTier(capacity: 1_000, bandwidth: bandwidth)
    tier.startTransfer(id: 1, bytes: 5_000_000_000_000_000_000)
    tier.advance(by: SimTime(microseconds: 70_000_000_000_000))
    tier.startTransfer(id: 2, bytes: 6_000_000_000_000_000_000)
    #expect(tier.level < 1_000_000_000_000_000_000)
    // 60,612,725,965 B/s x 7 x 10^7 s moved; the rest is left.
    let left: Int64 = 5_000_000_000_000_000_000 - 4_242_890_817_550_000_000
    #expect(tier.remaining(of: 1) == left)
  }

  @Test("the level returns to zero whenever no shared transfer is left")
  func levelReset() {
    var tier = StorageTier(capacity: 1_000, bandwidth: 100)
    tier.startTransfer(id: 1, bytes: 100)
    tier.advance(by: .seconds(1))
    var ended: [Int32] = []
    tier.takeFinished(into: &ended)
    #expect(ended == [1])
    #expect(tier.level == 0)
    #expect(tier.statistics.bytesTransferred == 100)
  }
}

@Suite("Storage heap: least key first, equal keys in order")
struct StorageHeapTests {
  @Test("10,000 random inserts and removals come out as a sort by (key, order) would give them")
  func randomOrder() {
    var mixer = StorageTestMixer(state: 42)
    var heap = StorageHeap()
    var model: [StorageHeap.Entry] = []
    var sequence: UInt64 = 0
    var popped: [StorageHeap.Entry] = []
    var expected: [StorageHeap.Entry] = []
    for _ in 0..<10_000 {
      if mixer.next() % 3 != 0 || model.isEmpty {
        let entry = StorageHeap.Entry(key: mixer.next(in: 0...50), order: sequence, id: Int32(sequence % 1_000))
        sequence += 1
        heap.insert(entry)
        model.append(entry)
      } else {
        let least = model.indices.min { StorageHeap.precedes(model[$0], model[$1]) }!
        expected.append(model.remove(at: least))
        popped.append(heap.removeMin())
      }
      #expect(heap.min == model.min { StorageHeap.precedes($0, $1) })
    }
    #expect(popped == expected)
    #expect(heap.count == model.count)
    heap.release()
  }
}
