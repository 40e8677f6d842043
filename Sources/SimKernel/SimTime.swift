/// An exact instant or duration of simulated time, in microseconds.
///
/// SWF times are whole seconds (sometimes with a fraction), and the storage
/// model needs sub-second steps; an `Int64` count of microseconds represents
/// both exactly and spans ±292,000 years. No floating-point clock is ever used
/// by the simulation: floats appear only when a time is printed.
@frozen
public struct SimTime: Hashable, Comparable, Sendable {
  /// The number of microseconds since the simulation's origin.
  public var microseconds: Int64

  /// Microseconds in one second.
  public static let ticksPerSecond: Int64 = 1_000_000

  @inlinable @inline(__always)
  public init(microseconds: Int64) { self.microseconds = microseconds }

  /// A time of `seconds` whole seconds.
  @inlinable @inline(__always)
  public static func seconds(_ seconds: Int64) -> SimTime {
    SimTime(microseconds: seconds &* ticksPerSecond)
  }

  /// A time from fractional seconds, rounded to the nearest microsecond.
  @inlinable
  public static func fractionalSeconds(_ seconds: Double) -> SimTime {
    SimTime(microseconds: Int64((seconds * Double(ticksPerSecond)).rounded()))
  }

  public static let zero = SimTime(microseconds: 0)
  /// Later than any real instant; used as "never".
  public static let infinity = SimTime(microseconds: .max)

  /// The time in seconds, as a floating-point number (for printing only).
  @inlinable public var secondsValue: Double {
    Double(microseconds) / Double(Self.ticksPerSecond)
  }

  /// The whole seconds, rounded towards negative infinity.
  @inlinable public var wholeSeconds: Int64 {
    microseconds >= 0
      ? microseconds / Self.ticksPerSecond
      : -((-microseconds + Self.ticksPerSecond - 1) / Self.ticksPerSecond)
  }

  @inlinable @inline(__always)
  public static func < (lhs: SimTime, rhs: SimTime) -> Bool {
    lhs.microseconds < rhs.microseconds
  }

  @inlinable @inline(__always)
  public static func + (lhs: SimTime, rhs: SimTime) -> SimTime {
    SimTime(microseconds: lhs.microseconds &+ rhs.microseconds)
  }

  @inlinable @inline(__always)
  public static func - (lhs: SimTime, rhs: SimTime) -> SimTime {
    SimTime(microseconds: lhs.microseconds &- rhs.microseconds)
  }

  @inlinable @inline(__always)
  public static func += (lhs: inout SimTime, rhs: SimTime) { lhs = lhs + rhs }
}

extension SimTime: CustomStringConvertible {
  /// Seconds with exactly six decimals, e.g. `12.500000`; whole values stay exact.
  public var description: String { formatFixed6() }

  /// Formats the time as seconds with six decimals without going through
  /// `Double`, so every value prints exactly.
  public func formatFixed6() -> String {
    let negative = microseconds < 0
    let magnitude = negative ? UInt64(bitPattern: 0 &- microseconds) : UInt64(microseconds)
    let whole = magnitude / 1_000_000
    let frac = magnitude % 1_000_000
    var fracText = String(frac)
    fracText = String(repeating: "0", count: 6 - fracText.count) + fracText
    return (negative ? "-" : "") + String(whole) + "." + fracText
  }

  /// Formats as whole seconds when exact, otherwise with the shortest
  /// fractional part (up to six decimals): `12`, `12.5`.
  public func formatCompact() -> String {
    if microseconds % 1_000_000 == 0 { return String(microseconds / 1_000_000) }
    var text = formatFixed6()
    while text.last == "0" { text.removeLast() }
    return text
  }
}
