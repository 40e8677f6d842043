extension AvailabilityProfile {
  /// Checks the plan's shape: live steps strictly ascending in time, free
  /// counts within `0...totalNodes`, every step after the first marking an
  /// interval's end, and every node free at the last step. Runs after each
  /// mutation in debug builds (`SIMULATOR_INTERNAL_CHECKS`); empty otherwise.
  @inline(__always)
  func checkInvariants() {
    #if SIMULATOR_INTERNAL_CHECKS
      _checkInvariants()
    #endif
  }

  /// The checks themselves, callable from tests in any build.
  ///
  /// - Complexity: O(live steps)
  func _checkInvariants() {
    precondition(first < steps.count, "profile has no live step")
    precondition(steps[first].time <= origin, "first step \(steps[first].time) starts after origin \(origin)")
    for index in first..<steps.count {
      let step = steps[index]
      precondition(
        step.free >= 0 && step.free <= totalNodes,
        "profile step at \(step.time) µs has \(step.free) free nodes of \(totalNodes)")
      if index > first {
        precondition(step.time > steps[index - 1].time, "profile steps out of order at \(step.time) µs")
        precondition(step.edges > 0, "profile step at \(step.time) µs marks no interval's end")
      }
    }
    precondition(
      steps[steps.count - 1].free == totalNodes,
      "the profile's last step frees \(steps[steps.count - 1].free) nodes, not all \(totalNodes)")
  }

  /// Free nodes at `time` (at or after `origin`), for tests and checks.
  ///
  /// - Complexity: O(log steps)
  func free(at time: Int64) -> Int32 {
    steps[stepIndex(covering: max(time, origin))].free
  }
}
