import SimKernel
import Workload

/// A repeatable random workload for property tests: xorshift64, so the same
/// seed gives the same jobs on every platform.
struct SeededWorkload {
  var state: UInt64

  init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

  mutating func next(_ bound: Int64) -> Int64 {
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return Int64(state % UInt64(bound))
  }

  /// `count` jobs on `nodes` nodes, in whole seconds: bursts of equal submit
  /// times, zero run times, whole-machine jobs, and estimates at least the
  /// run time (exact for about a third, up to 5x over otherwise).
  mutating func jobs(count: Int, nodes: Int32) -> [Job] {
    var submit: Int64 = 0
    return (1...count).map { id in
      submit += next(3) == 0 ? 0 : next(40)
      let run = next(12) == 0 ? 0 : 1 + next(120)
      let estimate = next(3) == 0 ? run : run + next(4 * run + 30)
      let size = next(10) == 0 ? nodes : Int32(1 + next(Int64(nodes) * 3 / 4))
      return Job(
        id: Int64(id), submitTime: .seconds(submit), runTime: .seconds(run), estimate: .seconds(estimate),
        requestedTime: .seconds(estimate), processors: size)
    }
  }
}
