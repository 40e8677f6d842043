/// Ticks for a time axis in trace seconds, labelled with UTC dates when the
/// trace's `UnixStartTime` is known, else as days since the trace's origin.
enum TimeAxis {
  /// Candidate tick steps, in seconds.
  static let steps: [Int64] = [
    60, 300, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 1_209_600,
    2_592_000, 5_184_000, 7_776_000, 15_552_000, 31_536_000, 63_072_000,
  ]

  /// At most about `count` ticks over `[low, high]` seconds.
  static func ticks(low: Double, high: Double, unixStartTime: Int64?, count: Int = 8) -> [(value: Double, label: String)] {
    guard high > low else { return [(low, label(Int64(low), step: 86_400, unixStartTime: unixStartTime))] }
    let span = high - low
    let step = steps.first { span / Double($0) <= Double(count) } ?? steps.last!
    // Align ticks to the step in wall-clock time when dates are shown.
    let offset = unixStartTime ?? 0
    var tick = ((Int64(low.rounded(.up)) + offset + step - 1) / step) * step - offset
    var ticks: [(Double, String)] = []
    while Double(tick) <= high {
      ticks.append((Double(tick), label(tick, step: step, unixStartTime: unixStartTime)))
      tick += step
    }
    return ticks
  }

  /// A tick label: a date (steps of a day or more), else date and time.
  static func label(_ seconds: Int64, step: Int64, unixStartTime: Int64?) -> String {
    if let unixStartTime {
      return CivilTime.format(epochSeconds: unixStartTime + seconds, withTime: step < 86_400)
    }
    let day = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
    if step >= 86_400 { return "day \(day)" }
    let second = seconds - day * 86_400
    return "d\(day) \(CivilTime.twoDigits(second / 3_600)):\(CivilTime.twoDigits(second % 3_600 / 60))"
  }

  /// The axis title.
  static func title(unixStartTime: Int64?) -> String {
    unixStartTime == nil ? "trace time (days from the trace's origin)" : "date (UTC)"
  }
}
