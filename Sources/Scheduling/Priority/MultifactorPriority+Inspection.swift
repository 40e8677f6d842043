extension MultifactorPriority {
  /// The cached priority of the waiting job in `slot`, as of the last
  /// recalculation or its arrival; `nil` when the slot holds no waiting job
  /// this order has seen.
  public func cachedPriority(ofSlot slot: Int32) -> UInt32? {
    guard Int(slot) < slots.count, slots[Int(slot)].sequence >= 0 else { return nil }
    return UInt32.max - UInt32(truncatingIfNeeded: slots[Int(slot)].key)
  }

  /// The fair-share factor of `user` in account `group`, from the usage as of
  /// the last processed period; `nil` if never seen.
  public func fairShareFactor(group: Int32, user: Int32) -> Double? {
    let key = Int64(group) << 32 | Int64(UInt32(bitPattern: user))
    guard let association = fairShare.associationByKey[key] else { return nil }
    var computing = fairShare
    return computing.factor(of: association)
  }

  /// The decayed usage (node-seconds) of `user` in account `group` at the end
  /// of the last processed period; `nil` if never seen.
  public func usage(group: Int32, user: Int32) -> Double? {
    let key = Int64(group) << 32 | Int64(UInt32(bitPattern: user))
    guard let association = fairShare.associationByKey[key] else { return nil }
    return fairShare.usage(of: association)
  }
}
