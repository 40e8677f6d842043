extension NodePool {
  /// Checks that the free runs are sorted, disjoint, non-adjacent, inside the
  /// machine, and add up to `freeCount`. Compiled only with
  /// `SIMULATOR_INTERNAL_CHECKS` (debug builds); empty otherwise.
  #if SIMULATOR_INTERNAL_CHECKS
    @inline(never)
    public func _checkInvariants() {
      var total: Int32 = 0
      var previousUpper: Int32 = -2
      for run in freeRuns.elements {
        precondition(run.lower <= run.upper, "free run \(run.lower)-\(run.upper) is empty")
        precondition(run.lower > previousUpper + 1, "free run \(run.lower)-\(run.upper) touches its predecessor")
        precondition(run.lower >= 0 && run.upper < totalNodes, "free run \(run.lower)-\(run.upper) outside the machine")
        total += run.count
        previousUpper = run.upper
      }
      precondition(total == freeCount, "free runs hold \(total) nodes but freeCount is \(freeCount)")
    }
  #else
    @inline(__always)
    public func _checkInvariants() {}
  #endif
}
