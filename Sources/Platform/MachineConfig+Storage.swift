extension MachineConfig {
  static let storageKeys = ["filesystem", "capacity_pb", "bandwidth_gib_s", "burst"]
  static let burstKeys = ["capacity_tb", "bandwidth_gib_s"]

  /// The optional `storage` mapping and its optional `burst` tier.
  static func parseStorage(_ top: ConfigMapping) throws(ConfigError) -> StorageSpec? {
    guard let storage = try top.optionalMapping("storage", context: "storage") else {
      return nil
    }
    try storage.checkKeys(allowed: storageKeys)
    let filesystem = try storage.optionalString("filesystem")
    let capacity = try storage.positiveNumber("capacity_pb")
    let bandwidth = try storage.positiveNumber("bandwidth_gib_s")
    var burst: BurstTierSpec?
    if let tier = try storage.optionalMapping("burst", context: "storage.burst") {
      try tier.checkKeys(allowed: burstKeys)
      burst = BurstTierSpec(
        capacityTB: try tier.optionalPositiveNumber("capacity_tb"),
        bandwidthGiBs: try tier.positiveNumber("bandwidth_gib_s"))
    }
    return StorageSpec(
      filesystem: filesystem, capacityPB: capacity, bandwidthGiBs: bandwidth, burst: burst)
  }
}
