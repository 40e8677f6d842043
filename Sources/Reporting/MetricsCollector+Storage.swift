import SimKernel

/// Every replayed job's wait (µs) and bounded slowdown, in end order, for
/// `MetricsCollector`'s exact percentiles.
///
/// Two buffers the store owns and frees (`deinit`), grown by doubling
/// (`LargeBuffer`: huge pages once they are large);
/// appending stores two values with no uniqueness or bounds check (an
/// `Array` checks that its buffer is not shared on every append). A
/// reference type so that the collector's copies never share a buffer they
/// would both write: only the collector holds it.
final class JobMetricsStore {
  private(set) var count = 0
  private var capacity: Int
  private var waitBuffer: UnsafeMutablePointer<Int64>
  private var slowdownBuffer: UnsafeMutablePointer<Double>

  /// An empty store with room for `capacity` jobs.
  init(capacity: Int) {
    self.capacity = max(16, capacity)
    waitBuffer = LargeBuffer.allocate(Int64.self, capacity: self.capacity)
    slowdownBuffer = LargeBuffer.allocate(Double.self, capacity: self.capacity)
  }

  deinit {
    LargeBuffer.deallocate(waitBuffer)
    LargeBuffer.deallocate(slowdownBuffer)
  }

  /// Adds one job's values.
  ///
  /// - Complexity: amortised O(1).
  @inline(__always)
  func append(wait: Int64, boundedSlowdown: Double) {
    if count == capacity { grow() }
    waitBuffer[count] = wait
    slowdownBuffer[count] = boundedSlowdown
    count &+= 1
  }

  @inline(never)
  private func grow() {
    let larger = capacity * 2
    let waits = LargeBuffer.allocate(Int64.self, capacity: larger)
    waits.update(from: waitBuffer, count: count)
    LargeBuffer.deallocate(waitBuffer)
    waitBuffer = waits
    let slowdowns = LargeBuffer.allocate(Double.self, capacity: larger)
    slowdowns.update(from: slowdownBuffer, count: count)
    LargeBuffer.deallocate(slowdownBuffer)
    slowdownBuffer = slowdowns
    capacity = larger
  }

  /// Lends the waits (µs) to `body`, which may reorder them.
  func withWaits<R>(_ body: (UnsafeMutableBufferPointer<Int64>) -> R) -> R {
    body(UnsafeMutableBufferPointer(start: waitBuffer, count: count))
  }

  /// Lends the bounded slowdowns to `body`, which may reorder them.
  func withBoundedSlowdowns<R>(_ body: (UnsafeMutableBufferPointer<Double>) -> R) -> R {
    body(UnsafeMutableBufferPointer(start: slowdownBuffer, count: count))
  }

  /// The waits, in µs, as an array (a copy).
  var waits: [Int64] { Array(UnsafeBufferPointer(start: waitBuffer, count: count)) }
  /// The bounded slowdowns as an array (a copy).
  var boundedSlowdowns: [Double] { Array(UnsafeBufferPointer(start: slowdownBuffer, count: count)) }
}

/// `WaitHistogram.bin(microseconds:)` without its binary search over all
/// 162 bins' edges and the lazy-initialisation check of the `static let`
/// holding them: the wait's bit length picks the few bins its value can
/// fall in (a factor of two spans about 6 of the 20 bins per decade), and
/// the edges are scanned from the lowest of them. The same bins (tested
/// against `WaitHistogram.bin` at every edge and around it).
struct WaitBins {
  /// `WaitHistogram.lowerEdges`.
  let edges: [Int64]
  /// For a bit length `b` (waits in `2^(b-1) ..< 2^b` µs): the bin of the
  /// smallest such wait of at least 1 s.
  let firstBin: [Int32]

  init() {
    edges = WaitHistogram.lowerEdges
    var first = [Int32](repeating: 0, count: 65)
    for length in 1...64 {
      let smallest = max(Int64(1_000_000), length == 64 ? Int64.max : Int64(1) << (length - 1))
      first[length] = Int32(WaitHistogram.bin(microseconds: smallest))
    }
    firstBin = first
  }

  /// The bin of a wait of `microseconds` (the same as `WaitHistogram.bin`).
  @inline(__always)
  func bin(microseconds: Int64) -> Int {
    guard microseconds >= 1_000_000 else { return 0 }
    let length = 64 &- microseconds.leadingZeroBitCount
    return edges.withUnsafeBufferPointer { edges in
      var bin = Int(firstBin.withUnsafeBufferPointer { $0[length] })
      let last = edges.count &- 1
      while bin < last && edges[bin &+ 1] <= microseconds { bin &+= 1 }
      return bin
    }
  }
}

extension BreakdownCollector.State {
  /// `add(_:)` from values `MetricsCollector` has already computed by the
  /// same expressions: wait in seconds (`Double(wait) / 1e6`), bounded
  /// slowdown, nodes, user and the wait's histogram bin.
  @inline(__always)
  mutating func add(waitSeconds: Double, boundedSlowdown bounded: Double, nodes: Int32, user: Int32, bin: Int) {
    bySize[JobSizeClass.index(nodes: nodes)].add(wait: waitSeconds, boundedSlowdown: bounded)
    if user >= 0 && user < 1 << 20 {
      let index = Int(user)
      if index >= denseUsers.count {
        denseUsers.append(contentsOf: repeatElement(ClassStats(), count: index + 1 - denseUsers.count))
      }
      denseUsers[index].add(wait: waitSeconds, boundedSlowdown: bounded)
    } else {
      sparseUsers[user, default: ClassStats()].add(wait: waitSeconds, boundedSlowdown: bounded)
    }
    waitHistogram[bin] += 1
  }
}

/// The breakdown sums `MetricsCollector` adds each job to: per size class,
/// per user with a small non-negative id (by id, `userCount` of them), the
/// wait histogram's counts, and the histogram's bin edges and first bins
/// (`WaitBins`), each in a buffer allocated once. A plain struct of
/// pointers: the collector owns it and frees it (`deallocate()`).
struct BreakdownSums {
  let bySize: UnsafeMutablePointer<ClassStats>
  private(set) var users: UnsafeMutablePointer<ClassStats>
  private(set) var userCount = 0
  private var userCapacity = 64
  let histogram: UnsafeMutablePointer<Int>
  /// `WaitHistogram.lowerEdges` and `WaitBins.firstBin`.
  let edges: UnsafeMutablePointer<Int64>
  let edgeCount: Int
  let firstBin: UnsafeMutablePointer<Int32>

  init() {
    let sizes = JobSizeClass.all.count
    bySize = .allocate(capacity: sizes)
    bySize.initialize(repeating: ClassStats(), count: sizes)
    users = .allocate(capacity: userCapacity)
    users.initialize(repeating: ClassStats(), count: userCapacity)
    histogram = .allocate(capacity: WaitHistogram.binCount)
    histogram.initialize(repeating: 0, count: WaitHistogram.binCount)
    let bins = WaitBins()
    edgeCount = bins.edges.count
    edges = .allocate(capacity: edgeCount)
    edges.initialize(from: bins.edges, count: edgeCount)
    firstBin = .allocate(capacity: bins.firstBin.count)
    firstBin.initialize(from: bins.firstBin, count: bins.firstBin.count)
  }

  /// Makes room for users `0 ..< count` (new ones empty).
  @inline(never)
  mutating func growUsers(to count: Int) {
    if count > userCapacity {
      var capacity = userCapacity
      while capacity < count { capacity &*= 2 }
      let larger = UnsafeMutablePointer<ClassStats>.allocate(capacity: capacity)
      larger.moveInitialize(from: users, count: userCapacity)
      (larger + userCapacity).initialize(repeating: ClassStats(), count: capacity &- userCapacity)
      users.deallocate()
      users = larger
      userCapacity = capacity
    }
    userCount = count
  }

  /// `WaitBins.bin(microseconds:)` over the raw edges.
  @inline(__always)
  func bin(microseconds: Int64) -> Int {
    guard microseconds >= 1_000_000 else { return 0 }
    let length = 64 &- microseconds.leadingZeroBitCount
    var bin = Int(firstBin[length])
    let last = edgeCount &- 1
    while bin < last && edges[bin &+ 1] <= microseconds { bin &+= 1 }
    return bin
  }

  func deallocate() {
    bySize.deallocate()
    users.deallocate()
    histogram.deallocate()
    edges.deallocate()
    firstBin.deallocate()
  }
}
