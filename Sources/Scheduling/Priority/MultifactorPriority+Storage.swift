/// What the order keeps per job slot.
struct SlotState {
  /// The waiting job's arrival sequence number, or -1 when the slot holds no
  /// waiting job this order has seen.
  var sequence: Int64 = -1
  var submit: Int64 = 0
  var association: Int32 = -1
  var tier: UInt32 = 1
  /// The key of the job's entry in the cache.
  var key: UInt64 = 0
  /// Weighted job-size, partition and QOS terms (they never change).
  var jobSize = 0.0
  var partition = 0.0
  var qos = 0.0
}

/// A cached queue position: ascending `key` (tier, then priority, both
/// descending) then ascending `sequence` (arrival).
struct Ranked: Comparable {
  var key: UInt64
  var sequence: Int64
  /// The job's slot, or -1 once it started.
  var slot: Int32
  var queueIndex: Int32

  @inline(__always)
  static func < (lhs: Ranked, rhs: Ranked) -> Bool {
    lhs.key != rhs.key ? lhs.key < rhs.key : lhs.sequence < rhs.sequence
  }
}

/// Partition tiers and normalised factors by trace partition number.
struct PartitionTable {
  struct Entry {
    var tier: UInt32
    var factor: Double
  }
  var byNumber: [Int32: Entry] = [:]
  var fallback: Entry

  init(_ partitions: [PartitionSettings]) {
    let fallbackSettings = partitions.first(where: \.isDefault)
    let largest = partitions.map(\.priorityJobFactor).reduce(fallbackSettings?.priorityJobFactor ?? 1, max)
    func entry(_ tier: UInt32, _ factor: UInt32) -> Entry {
      Entry(tier: tier, factor: largest > 0 ? Double(factor) / Double(largest) : 0)
    }
    fallback = entry(fallbackSettings?.priorityTier ?? 1, fallbackSettings?.priorityJobFactor ?? 1)
    for partition in partitions {
      guard let number = partition.number else { continue }
      byNumber[number] = entry(partition.priorityTier, partition.priorityJobFactor)
    }
  }

  func settings(of number: Int32) -> Entry { byNumber[number] ?? fallback }
}
