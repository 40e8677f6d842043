/// Which tier of a machine's storage the jobs stage to.
public enum StorageTierChoice: String, Sendable, Hashable, CaseIterable {
  /// The parallel file system: `storage.capacity_pb` at `storage.bandwidth_gib_s`.
  case sustained
  /// The burst tier: `storage.burst.bandwidth_gib_s`, with `burst.capacity_tb`
  /// (or the file system's capacity when the burst tier states none).
  case burst
}

extension StorageSpec {
  /// Bytes in one (decimal) petabyte.
  public static let bytesPerPetabyte = 1e15
  /// Bytes in one terabyte.
  public static let bytesPerTerabyte = 1e12
  /// Bytes in one GiB.
  public static let bytesPerGiB = 1_073_741_824.0

  /// Capacity in bytes (PB × 10^15, rounded to the byte).
  public var capacityBytes: Int64 { Self.bytes(capacityPB * Self.bytesPerPetabyte) }

  /// Sustained bandwidth in bytes per second (GiB/s × 2^30, rounded):
  /// 56.45 GiB/s is 60,612,725,965 B/s.
  public var bandwidthBytesPerSecond: Int64 { Self.bytes(bandwidthGiBs * Self.bytesPerGiB) }

  /// The storage tier for `choice`, with optional overrides of its capacity
  /// (PB) and bandwidth (GiB/s).
  ///
  /// - Throws: `StorageSetupError.noBurstTier` when `choice` is `.burst` and
  ///   the configuration has no burst tier.
  public func tier(
    _ choice: StorageTierChoice = .sustained, capacityPB: Double? = nil, bandwidthGiBs: Double? = nil
  ) throws(StorageSetupError) -> StorageTier {
    var capacity = capacityBytes
    var bandwidth = bandwidthBytesPerSecond
    if choice == .burst {
      guard let burst else { throw .noBurstTier }
      bandwidth = Self.bytes(burst.bandwidthGiBs * Self.bytesPerGiB)
      if let terabytes = burst.capacityTB { capacity = Self.bytes(terabytes * Self.bytesPerTerabyte) }
    }
    if let capacityPB { capacity = Self.bytes(capacityPB * Self.bytesPerPetabyte) }
    if let bandwidthGiBs { bandwidth = Self.bytes(bandwidthGiBs * Self.bytesPerGiB) }
    guard capacity > 0 else { throw .notPositive(what: "storage capacity") }
    guard bandwidth > 0 else { throw .notPositive(what: "storage bandwidth") }
    return StorageTier(capacity: capacity, bandwidth: bandwidth)
  }

  /// `value` bytes rounded to a whole number, 0 when not positive, saturating.
  public static func bytes(_ value: Double) -> Int64 {
    guard value.isFinite, value > 0 else { return 0 }
    return value >= 9.2e18 ? .max : Int64(value.rounded())
  }
}

/// A storage tier that cannot be built as asked.
public enum StorageSetupError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `--storage-tier burst` on a machine whose storage has no burst tier.
  case noBurstTier
  /// A capacity or bandwidth that rounds to zero bytes.
  case notPositive(what: String)
  /// Storage asked for on a machine with no `storage` section and no
  /// capacity and bandwidth given.
  case noStorage(machine: String)

  public var description: String {
    switch self {
    case .noBurstTier: "the machine's storage has no burst tier (storage.burst); use --storage-tier sustained"
    case .notPositive(let what): "\(what) must be at least one byte"
    case .noStorage(let machine):
      "\(machine) describes no storage; give --storage-capacity PB and --storage-bandwidth GIB_S"
    }
  }
}
