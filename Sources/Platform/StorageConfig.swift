/// The shared parallel file system of a machine.
///
/// Units follow how vendors quote them: capacity in decimal petabytes,
/// bandwidth in GiB/s (Tianhe-2: 12.4 PB, 100 GiB/s sustained, 1 TiB/s burst).
/// The storage resource model reads these figures; this type only records them.
public struct StorageSpec: Sendable, Equatable {
  /// The file system, as free text (e.g. `H2FS over Lustre`), or `nil`.
  public var filesystem: String?
  /// Capacity in PB.
  public var capacityPB: Double
  /// Sustained aggregate bandwidth in GiB/s.
  public var bandwidthGiBs: Double
  /// A faster tier in front of the file system, or `nil`.
  public var burst: BurstTierSpec?

  public init(
    filesystem: String? = nil, capacityPB: Double, bandwidthGiBs: Double,
    burst: BurstTierSpec? = nil
  ) {
    self.filesystem = filesystem
    self.capacityPB = capacityPB
    self.bandwidthGiBs = bandwidthGiBs
    self.burst = burst
  }
}

/// A burst-buffer tier (on Tianhe-2, the SSDs of the H2FS I/O nodes).
public struct BurstTierSpec: Sendable, Equatable {
  /// Capacity in TB, or `nil` when not stated.
  public var capacityTB: Double?
  /// Aggregate bandwidth in GiB/s.
  public var bandwidthGiBs: Double

  public init(capacityTB: Double? = nil, bandwidthGiBs: Double) {
    self.capacityTB = capacityTB
    self.bandwidthGiBs = bandwidthGiBs
  }
}
