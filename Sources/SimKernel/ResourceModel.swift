/// A shared resource whose state evolves continuously between events, such
/// as a storage tier whose bandwidth is shared by concurrent transfers.
///
/// The contract follows SimGrid's `next_occurring_event` /
/// `update_actions_state` pair: the engine asks every model when its next
/// internal event happens, advances the clock to the earliest of those and of
/// the event queue, then tells each model how much time passed.
public protocol ResourceModel {
  /// The time from `now` until this model's next internal event (for example
  /// a transfer finishing), or `nil` when nothing is in progress.
  func nextEventDelay(now: SimTime) -> SimTime?

  /// Advances the model's state by `delta` of simulated time.
  mutating func advance(by delta: SimTime)
}

extension ResourceModel {
  /// The absolute time of the model's next internal event.
  public func nextEventTime(now: SimTime) -> SimTime? {
    nextEventDelay(now: now).map { now + $0 }
  }
}
