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
/// - Complexity: starting or finishing a transfer re-shares in
///   O(n + c log c) for n transfers of which c are capped; advancing is O(1).
public struct StorageTier: ResourceModel, Sendable {
  /// Capacity in bytes.
  public let capacity: Int64
  /// Aggregate bandwidth in bytes per second.
  public let bandwidth: Int64
  /// Bytes currently reserved.
  public private(set) var reserved: Int64 = 0
  /// What the tier did so far (for metrics).
  public private(set) var statistics = StorageTierStatistics()

  @usableFromInline
  struct Transfer: Sendable {
    var id: Int32
    var remaining: Int64
    /// Bytes per second; `Int64.max` when uncapped.
    var cap: Int64
    /// The rate is `rateNumerator / rateDenominator` bytes per microsecond.
    var rateNumerator: Int64 = 0
    var rateDenominator: Int64 = 1
    /// Whether the rate is the cap (not the fair share).
    var isCapped = false
  }

  /// Active transfers in the order they started.
  var transfers: [Transfer] = []
  /// Microseconds until the earliest transfer ends (`Int64.max`: none).
  var nextDelay = Int64.max
  /// Microseconds advanced since the last re-share, not yet settled into
  /// the transfers' `remaining` (see "Exact integer time").
  var unsettled: Int64 = 0
  /// The rate of every uncapped transfer, bytes per µs as a fraction (set by `reshare`).
  var sharedRate: (numerator: Int64, denominator: Int64) = (0, 1)
  /// Bytes per second in use since the last re-share (see `bandwidthInUse`).
  public private(set) var currentBandwidthInUse: Int64 = 0
  /// Reused storage for sorting capped transfers.
  var cappedScratch: [Int] = []

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

  // MARK: - Capacity

  /// Bytes not reserved.
  @inlinable public var free: Int64 { capacity - reserved }

  /// Reserves `bytes`.
  ///
  /// - Precondition: `0 <= bytes <= free`.
  public mutating func reserve(_ bytes: Int64) {
    precondition(bytes >= 0 && bytes <= free, "cannot reserve \(bytes) bytes with \(free) free")
    reserved += bytes
    statistics.bytesReserved += bytes
    statistics.peakReserved = max(statistics.peakReserved, reserved)
  }

  /// Releases `bytes` reserved earlier.
  ///
  /// - Precondition: `0 <= bytes <= reserved`.
  public mutating func release(_ bytes: Int64) {
    precondition(bytes >= 0 && bytes <= reserved, "cannot release \(bytes) of \(reserved) reserved bytes")
    reserved -= bytes
    statistics.bytesReleased += bytes
  }

  // MARK: - Transfers

  /// Transfers in progress.
  public var activeTransfers: Int { transfers.count }

  /// Starts moving `bytes` for transfer `id`, at most `cap` bytes per second.
  ///
  /// - Precondition: `bytes > 0`; `cap`, when given, is positive.
  /// - Complexity: O(n + c log c), see the type's discussion.
  public mutating func startTransfer(id: Int32, bytes: Int64, cap: Int64? = nil) {
    precondition(bytes > 0, "transfer \(id) must move at least one byte")
    precondition(cap.map { $0 > 0 } ?? true, "transfer \(id) has a non-positive cap")
    settle()
    transfers.append(Transfer(id: id, remaining: bytes, cap: cap ?? .max))
    statistics.peakTransfers = max(statistics.peakTransfers, transfers.count)
    reshare()
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
    guard let transfer = transfers.first(where: { $0.id == id }) else { return nil }
    return Double(transfer.rateNumerator) / Double(transfer.rateDenominator) * 1e6
  }

  /// Bytes transfer `id` still has to move.
  public func remaining(of id: Int32) -> Int64? {
    transfers.first(where: { $0.id == id }).map { $0.remaining - progress(of: $0, over: unsettled) }
  }

  /// Bytes per second in use by all transfers: the whole bandwidth when any
  /// transfer is limited only by its fair share, else the sum of the caps.
  public var bandwidthInUse: Int64 {
    var capped: Int64 = 0
    for transfer in transfers {
      if !transfer.isCapped { return bandwidth }
      capped += transfer.cap
    }
    return capped
  }

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
  public mutating func advance(by delta: SimTime) {
    let micros = delta.microseconds
    precondition(micros >= 0, "cannot advance storage by a negative time \(micros) us")
    precondition(micros <= nextDelay, "advanced storage by \(micros) us, past its next event in \(nextDelay) us")
    guard micros > 0 else { return }
    statistics.elapsed += micros
    statistics.occupancyByteSeconds += Double(reserved) * Double(micros) / 1e6
    guard nextDelay != .max else { return }
    statistics.busyTime += micros
    unsettled += micros
    nextDelay -= micros
  }

  /// Whether a transfer ends now (`takeFinished(into:)` has work).
  public var hasFinished: Bool { nextDelay == 0 }

  /// Removes the transfers that have moved all their bytes and appends their
  /// ids to `finished`, in the order they were started; re-shares the
  /// bandwidth among the others.
  public mutating func takeFinished(into finished: inout [Int32]) {
    guard nextDelay == 0 else { return }
    settle()
    for transfer in transfers where transfer.remaining == 0 { finished.append(transfer.id) }
    transfers.removeAll { $0.remaining == 0 }
    reshare()
  }

  /// Moves every transfer by its progress over the unsettled time.
  ///
  /// - Complexity: O(n).
  mutating func settle() {
    guard unsettled > 0 else { return }
    var moved: Int64 = 0
    // The shared rate's progress, computed once for every uncapped transfer.
    let shared = WideArithmetic.floorDivide(sharedRate.numerator, unsettled, sharedRate.denominator)
    for index in transfers.indices {
      let progress =
        transfers[index].isCapped
        ? progress(of: transfers[index], over: unsettled) : min(transfers[index].remaining, shared)
      transfers[index].remaining -= progress
      moved += progress
    }
    statistics.bytesTransferred += moved
    unsettled = 0
  }

  /// Bytes `transfer` moves in `micros` at its rate, at most what it has left.
  @inline(__always)
  func progress(of transfer: Transfer, over micros: Int64) -> Int64 {
    micros == 0
      ? 0
      : min(transfer.remaining, WideArithmetic.floorDivide(transfer.rateNumerator, micros, transfer.rateDenominator))
  }

  /// Microseconds until `transfer` ends at its current rate.
  @inline(__always)
  func delay(of transfer: Transfer) -> Int64 {
    transfer.remaining == 0
      ? 0 : WideArithmetic.ceilDivide(transfer.remaining, transfer.rateDenominator, transfer.rateNumerator)
  }

  /// Max-min fair shares by progressive filling, then the next end.
  mutating func reshare() {
    guard !transfers.isEmpty else {
      nextDelay = .max
      currentBandwidthInUse = 0
      return
    }
    cappedScratch.removeAll(keepingCapacity: true)
    for index in transfers.indices where transfers[index].cap < bandwidth { cappedScratch.append(index) }
    var residual = bandwidth
    var sharing = Int64(transfers.count)
    for index in transfers.indices { transfers[index].isCapped = false }
    if !cappedScratch.isEmpty {
      cappedScratch.sort { transfers[$0].cap != transfers[$1].cap ? transfers[$0].cap < transfers[$1].cap : $0 < $1 }
      for index in cappedScratch {
        let cap = transfers[index].cap
        // The cap binds when it is below the fair share residual / sharing.
        guard WideArithmetic.productIsLess(cap, sharing, than: residual) else { break }
        transfers[index].rateNumerator = cap
        transfers[index].rateDenominator = Self.microsecondsPerSecond
        transfers[index].isCapped = true
        residual -= cap
        sharing -= 1
      }
    }
    let inUse = sharing > 0 ? bandwidth : bandwidth - residual
    statistics.peakBandwidthInUse = max(statistics.peakBandwidthInUse, inUse)
    currentBandwidthInUse = inUse
    // Uncapped transfers share one rate: the first of them to end is the
    // one with the fewest bytes left, so one division serves them all.
    var earliest = Int64.max
    var fewestShared = Int64.max
    for index in transfers.indices {
      if transfers[index].isCapped {
        earliest = min(earliest, delay(of: transfers[index]))
      } else {
        transfers[index].rateNumerator = residual
        transfers[index].rateDenominator = sharing * Self.microsecondsPerSecond
        fewestShared = min(fewestShared, transfers[index].remaining)
      }
    }
    if fewestShared != .max {
      let shared = fewestShared == 0
        ? 0 : WideArithmetic.ceilDivide(fewestShared, sharing * Self.microsecondsPerSecond, residual)
      earliest = min(earliest, shared)
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
