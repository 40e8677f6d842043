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

  /// `time` rounded up to a multiple of `step` (a negative time rounds
  /// towards zero, which is also up).
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
  /// throughout `[t, grain.end(t, duration))`, counting `held` (the job's
  /// own reservation, if any) as free.
  ///
  /// Candidates are the present and the step times after it (rounded up to
  /// `grain.start`): a slot can only open where nodes are freed. The search
  /// starts at the first step with `need` nodes free (`firstReaching`), then
  /// alternates a window check with a skip over the steps that cannot hold
  /// the job.
  ///
  /// A job moving from `held` to an earlier `t` keeps its nodes over
  /// `[held.start, held.end)`, which covers the rest of any window starting
  /// before `held.start`: so a window is checked only up to `held.start`.
  /// And a job that could not start before `held.start` when last checked
  /// can do so now only through nodes freed since, before `horizon`: the
  /// search stops there.
  ///
  /// - Returns: `t`; or `held.start` when nothing earlier fits (the held
  ///   interval itself fits); or, when `t` would be after `latest`, the first
  ///   candidate after it (a lower bound of `t`).
  /// - Complexity: O(log records) plus the steps from the first candidate to
  ///   the answer; each is examined at most once.
  mutating func earliestStart(
    need: Int32, duration: Int64, grain: PlanGrain, latest: Int64, held: HeldInterval = .none,
    horizon: Int64 = .max
  ) -> Int64 {
    let firstCandidate = firstReaching(need)
    let origin = self.origin
    let limit = min(held.start, horizon)
    return steps.withUnsafeBufferPointer { buffer in
      let count = buffer.count
      var index = firstCandidate
      while true {
        // Here `buffer[index]` has `need` nodes free.
        // The present is always a candidate; later starts wait for a
        // multiple of `grain.start` (`bf_interval`).
        let stepTime = buffer[index].time
        let time = stepTime <= origin ? origin : PlanGrain.roundUp(stepTime, to: grain.start)
        while index + 1 < count && buffer[index + 1].time <= time { index += 1 }
        if time >= limit { return held.start }
        if time > latest { return time }
        // The window is the reservation the job would get, rounded end
        // included: a step may lie between the exact and the rounded end
        // (reservations start at `bf_interval` multiples, not resolution ones).
        let end = min(grain.end(start: time, duration: duration), held.start)
        var probe = index
        var blocked = -1
        while probe < count && buffer[probe].time < end {
          if buffer[probe].free < need {
            blocked = probe
            break
          }
          probe &+= 1
        }
        if blocked < 0 { return time }
        // Skip to the next step that can hold the job (the last step frees
        // every node, so there is one).
        index = blocked &+ 1
        if limit == .max {
          // Nothing to stop at: compare free counts alone (the hottest loop
          // of a conservative replay).
          while buffer[index].free < need { index &+= 1 }
        } else {
          while buffer[index].free < need {
            if buffer[index].time >= limit { return held.start }
            index &+= 1
          }
        }
      }
    }
  }
}
