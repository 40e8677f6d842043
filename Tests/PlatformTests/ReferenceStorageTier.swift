@testable import Platform
import SimKernel

/// The storage tier's semantics written plainly, as it was first implemented
/// (up to commit 3756f8c): every transfer in one array in start order, every
/// re-share a full progressive filling over all of them and a delay per
/// transfer, every settle a pass over all of them. Slow (O(n) per event) but
/// obviously what docs/formats/io-demands.md describes; `StorageTier` must
/// give exactly its ends, rates, bytes and statistics (see
/// `StorageTierEquivalenceTests`).
struct ReferenceStorageTier {
  let bandwidth: Int64

  struct Transfer {
    var id: Int32
    var remaining: Int64
    var cap: Int64
    var rateNumerator: Int64 = 0
    var rateDenominator: Int64 = 1
    var isCapped = false
  }

  var transfers: [Transfer] = []
  var nextDelay = Int64.max
  var unsettled: Int64 = 0
  var sharedRate: (numerator: Int64, denominator: Int64) = (0, 1)
  var bytesTransferred: Int64 = 0
  var busyTime: Int64 = 0
  var peakTransfers = 0
  var peakBandwidthInUse: Int64 = 0
  var currentBandwidthInUse: Int64 = 0

  static let microsecondsPerSecond: Int64 = 1_000_000

  init(bandwidth: Int64) { self.bandwidth = bandwidth }

  mutating func startTransfer(id: Int32, bytes: Int64, cap: Int64?) {
    settle()
    transfers.append(Transfer(id: id, remaining: bytes, cap: cap ?? .max))
    peakTransfers = max(peakTransfers, transfers.count)
    reshare()
  }

  func rate(of id: Int32) -> Double? {
    guard let transfer = transfers.first(where: { $0.id == id }) else { return nil }
    return Double(transfer.rateNumerator) / Double(transfer.rateDenominator) * 1e6
  }

  func remaining(of id: Int32) -> Int64? {
    transfers.first(where: { $0.id == id }).map { $0.remaining - progress(of: $0, over: unsettled) }
  }

  var nextEventDelay: Int64? { nextDelay == .max ? nil : nextDelay }

  mutating func advance(by micros: Int64) {
    precondition(micros >= 0 && micros <= nextDelay)
    guard micros > 0, nextDelay != .max else { return }
    busyTime += micros
    unsettled += micros
    nextDelay -= micros
  }

  mutating func takeFinished(into finished: inout [Int32]) {
    guard nextDelay == 0 else { return }
    settle()
    for transfer in transfers where transfer.remaining == 0 { finished.append(transfer.id) }
    transfers.removeAll { $0.remaining == 0 }
    reshare()
  }

  mutating func settle() {
    guard unsettled > 0 else { return }
    var moved: Int64 = 0
    let shared = WideArithmetic.floorDivide(sharedRate.numerator, unsettled, sharedRate.denominator)
    for index in transfers.indices {
      let progress =
        transfers[index].isCapped
        ? progress(of: transfers[index], over: unsettled) : min(transfers[index].remaining, shared)
      transfers[index].remaining -= progress
      moved &+= progress
    }
    bytesTransferred &+= moved  // wraps past Int64.max, as the tier's sum does
    unsettled = 0
  }

  func progress(of transfer: Transfer, over micros: Int64) -> Int64 {
    micros == 0
      ? 0
      : min(transfer.remaining, WideArithmetic.floorDivide(transfer.rateNumerator, micros, transfer.rateDenominator))
  }

  func delay(of transfer: Transfer) -> Int64 {
    transfer.remaining == 0
      ? 0 : WideArithmetic.ceilDivide(transfer.remaining, transfer.rateDenominator, transfer.rateNumerator)
  }

  mutating func reshare() {
    guard !transfers.isEmpty else {
      nextDelay = .max
      currentBandwidthInUse = 0
      return
    }
    var capped = transfers.indices.filter { transfers[$0].cap < bandwidth }
    var residual = bandwidth
    var sharing = Int64(transfers.count)
    for index in transfers.indices { transfers[index].isCapped = false }
    capped.sort { transfers[$0].cap != transfers[$1].cap ? transfers[$0].cap < transfers[$1].cap : $0 < $1 }
    for index in capped {
      let cap = transfers[index].cap
      guard WideArithmetic.productIsLess(cap, sharing, than: residual) else { break }
      transfers[index].rateNumerator = cap
      transfers[index].rateDenominator = Self.microsecondsPerSecond
      transfers[index].isCapped = true
      residual -= cap
      sharing -= 1
    }
    let inUse = sharing > 0 ? bandwidth : bandwidth - residual
    peakBandwidthInUse = max(peakBandwidthInUse, inUse)
    currentBandwidthInUse = inUse
    var earliest = Int64.max
    for index in transfers.indices {
      if !transfers[index].isCapped {
        transfers[index].rateNumerator = residual
        transfers[index].rateDenominator = sharing * Self.microsecondsPerSecond
      }
      earliest = min(earliest, delay(of: transfers[index]))
    }
    sharedRate = sharing > 0 ? (residual, sharing * Self.microsecondsPerSecond) : (0, 1)
    nextDelay = earliest
  }
}
