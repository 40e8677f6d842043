/// An interval a job already holds in the plan, counted as free while the
/// job looks for an earlier one. `none` holds nothing.
struct HeldInterval: Sendable {
  var start: Int64
  var end: Int64
  var nodes: Int32

  static let none = HeldInterval(start: .max, end: .max, nodes: 0)
}

/// How reservation times are rounded.
struct PlanGrain: Sendable {
  /// End times are rounded up to a multiple of this (µs, positive).
  var resolution: Int64
  /// Start times after the present are rounded up to a multiple of this
  /// (µs, positive; 1 leaves them alone).
  var start: Int64

  /// `time` rounded up to a multiple of `step` (times are never negative
  /// in a replay; a negative one rounds towards zero, i.e. also up).
  @inline(__always)
  static func roundUp(_ time: Int64, to step: Int64) -> Int64 {
    if step == 1 { return time }
    let remainder = time % step
    return remainder > 0 ? time &+ (step &- remainder) : time &- remainder
  }

  /// The end of a reservation starting at `start` for `duration` (at least 1 µs).
  @inline(__always)
  func end(start: Int64, duration: Int64) -> Int64 {
    Self.roundUp(start &+ max(duration, 1), to: resolution)
  }
}

extension AvailabilityProfile {
  /// The earliest instant `t >= origin` at which `need` nodes are free
  /// throughout `[t, grain.end(t, duration))`, counting `held` as free.
  ///
  /// Candidates are the present and the step times after it (rounded up to
  /// `grain.start`): a slot can only open where nodes are freed.
  ///
  /// - Returns: `t`; or `held.start` when nothing earlier fits (the held
  ///   interval itself fits); or `Int64.max` when `t` would be after `latest`.
  /// - Complexity: O(steps from the present to the answer): each step is
  ///   examined at most once.
  func earliestStart(
    need: Int32, duration: Int64, grain: PlanGrain, latest: Int64, held: HeldInterval = .none
  ) -> Int64 {
    steps.withUnsafeBufferPointer { buffer in
      let count = buffer.count
      var index = first
      var time = origin
      while true {
        while index + 1 < count && buffer[index + 1].time <= time { index += 1 }
        if time >= held.start { return held.start }
        if time > latest { return .max }
        let end = grain.end(start: time, duration: duration)
        var probe = index
        var blocked = -1
        while probe < count && buffer[probe].time < end {
          let step = buffer[probe]
          var free = step.free
          if step.time >= held.start && step.time < held.end { free &+= held.nodes }
          if free < need {
            blocked = probe
            break
          }
          probe += 1
        }
        if blocked < 0 { return time }
        // The next slot can open only where the blocking step ends (the
        // last step frees every node, so it never blocks).
        index = blocked + 1
        time = PlanGrain.roundUp(buffer[index].time, to: grain.start)
      }
    }
  }
}
