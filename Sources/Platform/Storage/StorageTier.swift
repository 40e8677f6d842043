import SimKernel

/// A shared storage tier: a capacity in bytes that jobs reserve, and a
/// bandwidth that concurrent transfers share max-min fairly.
///
/// ## Bandwidth sharing
/// The tier's `bandwidth` (bytes per second) is divided among the active
/// transfers by progressive filling (max-min fairness, as SimGrid's `lmm`
/// solver does for one shared resource): transfers whose cap is below the
/// fair share get their cap; the others split what is left equally. With no
/// caps, n transfers get `bandwidth / n` each. Shares are recomputed whenever
/// a transfer starts or ends.
///
/// ## Exact integer time
/// Rates are kept as exact rationals `numerator / denominator` bytes per
/// microsecond (an equal share of a residual `R` among `k` transfers is
/// `R / (k × 10^6)`; a cap `c` is `c / 10^6`). Rates change only when a
/// transfer starts or ends (a *re-share*), so progress is settled lazily, as
/// SimGrid's lazy update does: `advance(by:)` only adds to the time since the
/// last re-share (O(1)), and at the next re-share each transfer moves
/// `⌊numerator × elapsed / denominator⌋` bytes (128-bit products, no floating
/// point). A transfer with `r` bytes left at a re-share ends
/// `⌈r × denominator / numerator⌉` microseconds later. So completion times
/// are deterministic integers; the floor loses less than one byte per
/// transfer per re-share, and the ceiling rounds an end up to the next
/// microsecond. Example: at 100 B/s, transfers of 100 B and 300 B starting
/// together end at exactly 2 s and 4 s.
///
/// ## The ResourceModel contract
/// `nextEventDelay(now:)` is the time until the earliest transfer ends;
/// `advance(by:)` moves every transfer forward. The caller must not advance
/// past the next event; finished transfers are then collected with
/// `takeFinished(into:)`, in the order they were started.
///
/// ## Shared transfers: one progress level, a heap of ends
/// Every transfer that is not held to its cap moves at the same shared rate,
/// so between two re-shares each moves the same `⌊R × Δ / (k × 10^6)⌋` bytes.
/// The tier keeps that sum as one *shared progress level* `L` (bytes a
/// shared transfer has moved since `L` was last zero). A transfer that can
/// never be held to its cap (no cap, or a cap at least the bandwidth) is
/// kept only as the level at which it ends, `L` at its start plus its bytes,
/// in a min-heap: its bytes left are `end − L`, the first of them to end is
/// the heap's least, and settling them all is one addition to `L`. These
/// are exactly the bytes and microseconds the per-transfer settling gives,
/// since every such transfer moves the same floored amount at each settle.
/// `L` returns to zero whenever no shared transfer is left, and is rebased
/// (subtracted from every end) before it could overflow. Transfers with a cap
/// below the bandwidth (which may or may not bind as
/// transfers come and go) are kept in a list sorted by cap and settled one
/// by one.
///
/// - Complexity: starting or finishing a transfer costs O(log n + c) for n
///   transfers of which c have a cap below the bandwidth; advancing is O(1).
public struct StorageTier: ResourceModel, Sendable {
  /// Capacity in bytes.
  public let capacity: Int64
  /// Aggregate bandwidth in bytes per second.
  public let bandwidth: Int64
  /// Bytes currently reserved.
  public private(set) var reserved: Int64 = 0
  /// What the tier did so far; `bytesTransferred` counts only the bytes
  /// capped-list transfers moved (shared ones are added by `statistics`).
  @usableFromInline var counters = StorageTierStatistics()

  /// What the tier did so far (for metrics).
  ///
  /// - Complexity: O(n) for the bytes shared transfers have moved.
  public var statistics: StorageTierStatistics {
    var statistics = counters
    // Shared transfers moved their bytes so far minus what they have left;
    // the sums wrap harmlessly, as the result fits.
    var left: Int64 = 0
    for entry in buffers.shared.entries.elements { left &+= max(0, entry.key - level) }
    statistics.bytesTransferred &+= sharedBytesStarted &- left
    return statistics
  }

  /// A transfer with a cap below the bandwidth.
  struct CappedTransfer: Sendable {
    var id: Int32
    var remaining: Int64
    /// Bytes per second.
    var cap: Int64
    /// When it started among all transfers (finishing order).
    var sequence: UInt64
    /// Whether its rate is its cap (else the shared rate).
    var isCapped = false
  }

  /// The transfers, owned by one class instance that a copy of the tier
  /// shares until either copy changes them (copy-on-write, checked once per
  /// mutating call; see `RawStore`).
  final class Buffers: @unchecked Sendable {
    /// Shared transfers that never bind a cap, keyed by the level at which
    /// they end, ordered among equal ends by start.
    @exclusivity(unchecked) var shared = StorageHeap()
    /// Transfers with a cap below the bandwidth, by cap then start.
    @exclusivity(unchecked) var capped = RawStore<CappedTransfer>()
    /// Finished transfers of one `collectFinished`, by start once sorted.
    @exclusivity(unchecked) var finishing = RawStore<StorageHeap.Entry>()

    init() {}

    init(copying other: Buffers) {
      shared.release()
      capped.deallocate()
      finishing.deallocate()
      shared = other.shared.copy()
      capped = other.capped.copy()
      finishing = other.finishing.copy()
    }

    deinit {
      shared.release()
      capped.deallocate()
      finishing.deallocate()
    }
  }

  var buffers = Buffers()
  /// The shared progress level `L` (see "Shared transfers").
  var level: Int64 = 0
  /// Bytes of every shared transfer ever started (wrapping sum).
  var sharedBytesStarted: Int64 = 0
  /// Start counter: finished transfers are reported in start order.
  var nextSequence: UInt64 = 0

  /// Microseconds until the earliest transfer ends (`Int64.max`: none).
  @usableFromInline var nextDelay = Int64.max
  /// Microseconds advanced since the last re-share, not yet settled into
  /// the transfers' progress (see "Exact integer time").
  @usableFromInline var unsettled: Int64 = 0
  /// The rate of every transfer not held to its cap, bytes per µs as a
  /// fraction (set by `reshare`).
  var sharedRate: (numerator: Int64, denominator: Int64) = (0, 1)
  /// Bytes per second in use since the last re-share (see `bandwidthInUse`).
  public private(set) var currentBandwidthInUse: Int64 = 0

  static let microsecondsPerSecond: Int64 = 1_000_000

  /// A tier of `capacity` bytes and `bandwidth` bytes per second.
  ///
  /// - Precondition: both are positive.
  public init(capacity: Int64, bandwidth: Int64) {
    precondition(capacity > 0, "storage capacity must be positive, got \(capacity)")
    precondition(bandwidth > 0, "storage bandwidth must be positive, got \(bandwidth)")
    self.capacity = capacity
    self.bandwidth = bandwidth
  }

  /// Makes `buffers` this tier's own before a change.
  @inline(__always)
  mutating func makeBuffersUnique() {
    if !isKnownUniquelyReferenced(&buffers) { buffers = Buffers(copying: buffers) }
  }

  // MARK: - Capacity

  /// Bytes not reserved.
  @inlinable public var free: Int64 { capacity - reserved }

  /// Reserves `bytes`.
  ///
  /// - Precondition: `0 <= bytes <= free`.
  public mutating func reserve(_ bytes: Int64) {
    precondition(bytes >= 0 && bytes <= free, "cannot reserve \(bytes) bytes with \(free) free")
    reserved += bytes
    counters.bytesReserved += bytes
    counters.peakReserved = max(counters.peakReserved, reserved)
  }

  /// Releases `bytes` reserved earlier.
  ///
  /// - Precondition: `0 <= bytes <= reserved`.
  public mutating func release(_ bytes: Int64) {
    precondition(bytes >= 0 && bytes <= reserved, "cannot release \(bytes) of \(reserved) reserved bytes")
    reserved -= bytes
    counters.bytesReleased += bytes
  }

  // MARK: - Transfers

  /// Transfers in progress.
  public var activeTransfers: Int { buffers.shared.count &+ buffers.capped.count }

  /// Starts moving `bytes` for transfer `id`, at most `cap` bytes per second.
  ///
  /// - Precondition: `bytes > 0`; `cap`, when given, is positive.
  /// - Complexity: O(log n + c), see the type's discussion.
  public mutating func startTransfer(id: Int32, bytes: Int64, cap: Int64? = nil) {
    precondition(bytes > 0, "transfer \(id) must move at least one byte")
    makeBuffersUnique()
    settle()
    let sequence = nextSequence
    nextSequence &+= 1
    if let cap, cap < bandwidth {
      precondition(cap > 0, "transfer \(id) has a non-positive cap")
      insertCapped(CappedTransfer(id: id, remaining: bytes, cap: cap, sequence: sequence))
    } else {
      if level > Int64.max &- bytes { rebaseLevel() }
      buffers.shared.insert(StorageHeap.Entry(key: level &+ bytes, order: sequence, id: id))
      sharedBytesStarted &+= bytes
    }
    counters.peakTransfers = max(counters.peakTransfers, activeTransfers)
    reshare()
  }

  /// Inserts `transfer` into `capped`, after every transfer of a lower or
  /// equal cap (those started earlier).
  func insertCapped(_ transfer: CappedTransfer) {
    let capped = buffers.capped
    var low = 0
    var high = capped.count
    while low < high {
      let middle = (low + high) >> 1
      if capped[middle].cap <= transfer.cap { low = middle + 1 } else { high = middle }
    }
    buffers.capped.insert(transfer, at: low)
  }

  /// Sets the shared progress level back to zero, keeping every shared
  /// transfer's bytes left (before the level could overflow).
  mutating func rebaseLevel() {
    buffers.shared.lowerKeys(by: level)
    level = 0
  }

  /// How long `bytes` take alone on the tier, at the full bandwidth or at
  /// `cap` bytes per second when lower: ⌈bytes × 10^6 / rate⌉ µs.
  public func transferTime(bytes: Int64, cap: Int64? = nil) -> SimTime {
    Self.transferTime(bytes: bytes, cap: cap, bandwidth: bandwidth)
  }

  /// `transferTime(bytes:cap:)` on a tier of `bandwidth` bytes per second.
  public static func transferTime(bytes: Int64, cap: Int64?, bandwidth: Int64) -> SimTime {
    guard bytes > 0 else { return .zero }
    let rate = min(bandwidth, cap ?? .max)
    return SimTime(microseconds: WideArithmetic.ceilDivide(bytes, microsecondsPerSecond, rate))
  }

  /// The current rate of transfer `id` in bytes per second (for tests and
  /// reports; the model itself uses the exact rational).
  public func rate(of id: Int32) -> Double? {
    let shareRate = Double(sharedRate.numerator) / Double(sharedRate.denominator) * 1e6
    if let transfer = buffers.capped.elements.first(where: { $0.id == id }) {
      return transfer.isCapped ? Double(transfer.cap) / Double(Self.microsecondsPerSecond) * 1e6 : shareRate
    }
    return buffers.shared.entries.elements.contains { $0.id == id } ? shareRate : nil
  }

  /// Bytes transfer `id` still has to move.
  public func remaining(of id: Int32) -> Int64? {
    let progress = sharedProgress(over: unsettled)
    if let transfer = buffers.capped.elements.first(where: { $0.id == id }) {
      let moved =
        transfer.isCapped
        ? WideArithmetic.floorDivide(transfer.cap, unsettled, Self.microsecondsPerSecond) : progress
      return transfer.remaining - min(transfer.remaining, moved)
    }
    guard let entry = buffers.shared.entries.elements.first(where: { $0.id == id }) else { return nil }
    let left = max(0, entry.key - level)
    return left - min(left, progress)
  }

  /// Bytes per second in use by all transfers: the whole bandwidth when any
  /// transfer is limited only by its fair share, else the sum of the caps.
  public var bandwidthInUse: Int64 { currentBandwidthInUse }

  // MARK: - ResourceModel

  public func nextEventDelay(now: SimTime) -> SimTime? {
    nextDelay == .max ? nil : SimTime(microseconds: nextDelay)
  }

  /// Advances the transfers and the statistics by `delta`. Progress is
  /// settled at the next re-share (see "Exact integer time"); the next
  /// event comes `delta` closer.
  ///
  /// - Precondition: `delta` is not negative and not past the next event.
  /// - Complexity: O(1).
  @inlinable @inline(__always)
  public mutating func advance(by delta: SimTime) {
    let micros = delta.microseconds
    if micros < 0 || micros > nextDelay { Self.advancedTooFar(micros, nextDelay: nextDelay) }
    guard micros > 0 else { return }
    counters.elapsed &+= micros
    counters.occupancyByteSeconds += Double(reserved) * Double(micros) / 1e6
    guard nextDelay != .max else { return }
    counters.busyTime &+= micros
    unsettled &+= micros
    nextDelay &-= micros
  }

  /// Stops on an advance by a negative time or past the next event.
  @usableFromInline @inline(never)
  static func advancedTooFar(_ micros: Int64, nextDelay: Int64) -> Never {
    precondition(micros >= 0, "cannot advance storage by a negative time \(micros) us")
    preconditionFailure("advanced storage by \(micros) us, past its next event in \(nextDelay) us")
  }

  /// Whether a transfer ends now (`takeFinished(into:)` has work).
  public var hasFinished: Bool { nextDelay == 0 }

  /// Removes the transfers that have moved all their bytes and appends their
  /// ids to `finished`, in the order they were started; re-shares the
  /// bandwidth among the others.
  ///
  /// - Complexity: O(f log n + c) for f finished transfers.
  public mutating func takeFinished(into finished: inout [Int32]) {
    let count = collectFinished()
    for index in 0..<count { finished.append(finishedID(index)) }
  }

  /// Like `takeFinished(into:)`, but leaves the ids in `finishing` (read
  /// them with `finishedID(_:)` until the next change); returns how many.
  @inline(__always)
  mutating func collectFinished() -> Int {
    guard nextDelay == 0 else { return 0 }
    makeBuffersUnique()
    guard buffers.capped.isEmpty && buffers.shared.count == 1 else { return collectFinishedTransfers() }
    // The usual case: the only transfer ends. Its progress need not be
    // settled into the level, which returns to zero, and no transfer is left.
    unsettled = 0
    buffers.finishing.truncate(to: 0)
    buffers.finishing.append(buffers.shared.entries[0])
    buffers.shared.removeAll()
    level = 0
    nextDelay = .max
    currentBandwidthInUse = 0
    return 1
  }

  /// `collectFinished()` when other transfers are active.
  @inline(never)
  mutating func collectFinishedTransfers() -> Int {
    settle()
    // `self.buffers` throughout: a local reference would cost a retain and a release.
    buffers.finishing.truncate(to: 0)
    while !buffers.shared.isEmpty && buffers.shared.minKey <= level {
      buffers.finishing.append(buffers.shared.removeMin())
    }
    if buffers.shared.isEmpty { level = 0 }
    if !buffers.capped.isEmpty { takeFinishedCapped() }
    let finishing = buffers.finishing
    if finishing.count > 1 {
      // Few end at once: an insertion sort by start.
      for index in 1..<finishing.count {
        let entry = finishing[index]
        var hole = index
        while hole > 0 && finishing[hole - 1].order > entry.order {
          finishing[hole] = finishing[hole - 1]
          hole -= 1
        }
        finishing[hole] = entry
      }
    }
    reshare()
    return finishing.count
  }

  /// The `index`th transfer of the last `collectFinished()`, in start order.
  @inline(__always)
  func finishedID(_ index: Int) -> Int32 { buffers.finishing[index].id }

  /// Moves the capped-list transfers that ended to `finishing`.
  func takeFinishedCapped() {
    let capped = buffers.capped
    var kept = 0
    for index in 0..<capped.count {
      let transfer = capped[index]
      if transfer.remaining == 0 {
        buffers.finishing.append(StorageHeap.Entry(key: 0, order: transfer.sequence, id: transfer.id))
      } else {
        capped[kept] = transfer
        kept += 1
      }
    }
    buffers.capped.truncate(to: kept)
  }

  /// Bytes a transfer at the shared rate moves in `micros`.
  @inline(__always)
  func sharedProgress(over micros: Int64) -> Int64 {
    micros == 0 ? 0 : WideArithmetic.floorDivide(sharedRate.numerator, micros, sharedRate.denominator)
  }

  /// Moves every transfer by its progress over the unsettled time.
  ///
  /// - Complexity: O(1 + c).
  @inline(__always)
  mutating func settle() {
    guard unsettled > 0 else { return }
    let progress = sharedProgress(over: unsettled)
    if !buffers.shared.isEmpty {
      // Shared transfers are settled by the level; one that ended keeps its
      // end below the level until `collectFinished` removes it.
      if level > Int64.max &- progress { rebaseLevel() }
      level &+= progress
    }
    if !buffers.capped.isEmpty { settleCapped(sharedProgress: progress) }
    unsettled = 0
  }

  /// Moves every capped-list transfer by its progress over the unsettled time.
  mutating func settleCapped(sharedProgress progress: Int64) {
    let capped = buffers.capped
    var moved: Int64 = 0
    for index in 0..<capped.count {
      let transfer = capped[index]
      let step =
        transfer.isCapped
        ? WideArithmetic.floorDivide(transfer.cap, unsettled, Self.microsecondsPerSecond) : progress
      let taken = min(transfer.remaining, step)
      capped[index].remaining = transfer.remaining - taken
      moved += taken
    }
    counters.bytesTransferred += moved
  }

  /// Max-min fair shares by progressive filling, then the next end.
  mutating func reshare() {
    let sharedCount = buffers.shared.count
    guard buffers.capped.isEmpty else { return reshareCapped() }
    guard sharedCount > 0 else {
      nextDelay = .max
      currentBandwidthInUse = 0
      return
    }
    // Shared transfers only: each gets bandwidth / count; the first to end
    // is the one with the fewest bytes left.
    let denominator = Int64(sharedCount) &* Self.microsecondsPerSecond
    let fewest = max(0, buffers.shared.minKey &- level)
    nextDelay = fewest == 0 ? 0 : WideArithmetic.ceilDivide(fewest, denominator, bandwidth)
    sharedRate = (bandwidth, denominator)
    counters.peakBandwidthInUse = max(counters.peakBandwidthInUse, bandwidth)
    currentBandwidthInUse = bandwidth
  }

  /// `reshare()` with capped-list transfers: progressive filling over them.
  mutating func reshareCapped() {
    let capped = buffers.capped
    var residual = bandwidth
    var sharing = Int64(activeTransfers)
    var earliest = Int64.max
    var fewestShared = Int64.max
    // The lowest caps bind first, while a cap is below the fair share of
    // what is left.
    var binding = 0
    while binding < capped.count {
      let cap = capped[binding].cap
      guard WideArithmetic.productIsLess(cap, sharing, than: residual) else { break }
      residual -= cap
      sharing -= 1
      binding += 1
    }
    for index in 0..<capped.count {
      let isCapped = index < binding
      capped[index].isCapped = isCapped
      let remaining = capped[index].remaining
      if isCapped {
        let delay =
          remaining == 0 ? 0 : WideArithmetic.ceilDivide(remaining, Self.microsecondsPerSecond, capped[index].cap)
        earliest = min(earliest, delay)
      } else {
        fewestShared = min(fewestShared, remaining)
      }
    }
    let inUse = sharing > 0 ? bandwidth : bandwidth - residual
    counters.peakBandwidthInUse = max(counters.peakBandwidthInUse, inUse)
    currentBandwidthInUse = inUse
    if !buffers.shared.isEmpty { fewestShared = min(fewestShared, max(0, buffers.shared.minKey - level)) }
    // Shared transfers move at one rate: the first of them to end is the
    // one with the fewest bytes left, so one division serves them all.
    if fewestShared != .max {
      let delay =
        fewestShared == 0
        ? 0 : WideArithmetic.ceilDivide(fewestShared, sharing * Self.microsecondsPerSecond, residual)
      earliest = min(earliest, delay)
    }
    sharedRate = sharing > 0 ? (residual, sharing * Self.microsecondsPerSecond) : (0, 1)
    nextDelay = earliest
  }
}

/// What a storage tier did over a replay.
public struct StorageTierStatistics: Sendable, Hashable {
  public init() {}

  /// Microseconds the tier was advanced through.
  public var elapsed: Int64 = 0
  /// Microseconds during which at least one transfer was active.
  public var busyTime: Int64 = 0
  /// Bytes moved by transfers.
  public var bytesTransferred: Int64 = 0
  /// ∫ reserved bytes dt, in byte-seconds.
  public var occupancyByteSeconds: Double = 0
  /// The most bytes reserved at once.
  public var peakReserved: Int64 = 0
  /// The most transfers active at once.
  public var peakTransfers = 0
  /// The most bandwidth in use at once, bytes per second.
  public var peakBandwidthInUse: Int64 = 0
  /// Bytes ever reserved and released (conservation: their difference is
  /// what is still reserved).
  public var bytesReserved: Int64 = 0
  public var bytesReleased: Int64 = 0
}
