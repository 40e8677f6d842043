extension NodePool {
  /// Checks that the free bitmap holds `freeCount` nodes, none past the
  /// machine, and that the summary marks exactly the non-zero words; or,
  /// with a run list, that the runs are sorted, disjoint, non-adjacent and
  /// add up to `freeCount`.
  /// Compiled only with `SIMULATOR_INTERNAL_CHECKS` (debug builds); empty
  /// otherwise.
  #if SIMULATOR_INTERNAL_CHECKS
    @inline(never)
    public func _checkInvariants() {
      guard namesNodes else {
        return precondition(freeCount >= 0 && freeCount <= totalNodes, "\(freeCount) of \(totalNodes) nodes free")
      }
      if usesRunList { return checkRunList() }
      var total = 0
      for index in 0..<wordCount {
        let word = bits[index]
        total += word.nonzeroBitCount
        let marked = bits[wordCount + index >> 6] & (1 << UInt64(index & 63)) != 0
        precondition(marked == (word != 0), "summary bit of word \(index) is \(marked) for \(word)")
      }
      let spare = wordCount * 64 - Int(totalNodes)
      if spare > 0 {
        precondition(
          bits[wordCount - 1] >> UInt64(64 - spare) == 0, "free bits past the machine's \(totalNodes) nodes")
      }
      let summarySpare = summaryCount * 64 - wordCount
      if summarySpare > 0 {
        precondition(
          bits[wordCount + summaryCount - 1] >> UInt64(64 - summarySpare) == 0, "summary bits past the last word")
      }
      precondition(total == Int(freeCount), "the bitmap holds \(total) free nodes but freeCount is \(freeCount)")
    }
  #else
    @inline(__always)
    public func _checkInvariants() {}
  #endif
}
