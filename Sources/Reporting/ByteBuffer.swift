import SimKernel

/// Byte-level text formatting for outputs with one line per job: building
/// `String`s per field is 10-50x slower than appending digits to a buffer.
public struct ByteBuffer: Sendable {
  public var bytes: [UInt8] = []

  public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

  @inlinable public mutating func append(_ byte: UInt8) { bytes.append(byte) }

  public mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { bytes.append(contentsOf: $0) }
  }

  /// Appends a decimal integer.
  public mutating func append(_ value: Int64) {
    if value < 0 {
      bytes.append(UInt8(ascii: "-"))
      appendUnsigned(UInt64(bitPattern: 0 &- value))
    } else {
      appendUnsigned(UInt64(value))
    }
  }

  @inlinable public mutating func append(_ value: Int) { append(Int64(value)) }

  /// Appends the decimal digits of `value`, formatted in a stack buffer and
  /// copied in one contiguous append.
  mutating func appendUnsigned(_ value: UInt64) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
      let first = Self.writeDigits(value, into: digits, end: 20)
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[first..<20]))
    }
  }

  /// Writes the digits of `value` so that they end at `end`; returns where
  /// they start.
  @inline(__always)
  static func writeDigits(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, end: Int) -> Int {
    var index = end
    var rest = value
    repeat {
      index -= 1
      buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
      rest /= 10
    } while rest > 0
    return index
  }

  /// Appends a time in seconds with exactly six decimals, e.g. `12.500000`.
  public mutating func appendSeconds(_ time: SimTime) {
    appendFixed6(time.microseconds)
  }

  /// Appends `units` millionths as a decimal with exactly six decimals.
  mutating func appendFixed6(_ units: Int64) { appendFixed(units, decimals: 6) }

  /// Appends `units` × 10^-`decimals` (0-9 decimals) with exactly `decimals`
  /// decimals, without making a `String`.
  mutating func appendFixed(_ units: Int64, decimals: Int) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { text in
      let magnitude = units.magnitude
      var divisor: UInt64 = 1
      for _ in 0..<decimals { divisor *= 10 }
      var end = 32
      if decimals > 0 {
        var fraction = magnitude % divisor
        for _ in 0..<decimals {
          end -= 1
          text[end] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
          fraction /= 10
        }
        end -= 1
        text[end] = UInt8(ascii: ".")
      }
      var first = Self.writeDigits(magnitude / divisor, into: text, end: end)
      if units < 0 {
        first -= 1
        text[first] = UInt8(ascii: "-")
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[first..<32]))
    }
  }

  /// Powers of ten, exact in `Double`, as `formatDecimal` computes them.
  static let scales: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

  /// Appends `value` rounded to `decimals` places (0-9); non-finite values as
  /// `inf`, `-inf` or `nan`. The same text as `formatDecimal`, without
  /// making a `String` for finite values.
  public mutating func append(_ value: Double, decimals: Int) {
    if value.isFinite && decimals >= 0 && decimals <= 9 {
      let scaled = (abs(value) * Self.scales[decimals]).rounded(.toNearestOrAwayFromZero)
      if scaled < 9e15 {
        let units = Int64(scaled)
        appendFixed(value < 0 && units != 0 ? -units : units, decimals: decimals)
        return
      }
    }
    append(formatDecimal(value, decimals: decimals))
  }
}

/// Formats `value` with exactly `decimals` decimals (0-9), rounding half away
/// from zero; deterministic on every platform. Non-finite values print as
/// `inf`, `-inf` or `nan`; magnitudes beyond 9e15 fall back to `description`.
public func formatDecimal(_ value: Double, decimals: Int) -> String {
  guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
  var scale: Double = 1
  for _ in 0..<decimals { scale *= 10 }
  let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
  guard scaled < 9e15 else { return value.description }
  let units = Int64(scaled)
  let divisor = Int64(scale)
  var text = value < 0 && units != 0 ? "-" : ""
  text += String(units / divisor)
  if decimals > 0 {
    let fraction = String(units % divisor)
    text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
  }
  return text
}
