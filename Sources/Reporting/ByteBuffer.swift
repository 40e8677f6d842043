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

  mutating func appendUnsigned(_ value: UInt64) {
    var digits: (UInt64, UInt64) = (0, 0)
    var count = 0
    var rest = value
    withUnsafeMutableBytes(of: &digits) { raw in
      repeat {
        raw[15 - count] = UInt8(ascii: "0") &+ UInt8(rest % 10)
        rest /= 10
        count += 1
      } while rest > 0 && count < 16
    }
    if rest > 0 {  // more than 16 digits: rare, take the slow path
      bytes.append(contentsOf: String(value).utf8)
      return
    }
    withUnsafeBytes(of: &digits) { raw in
      bytes.append(contentsOf: raw[(16 - count)...])
    }
  }

  /// Appends a time in seconds with exactly six decimals, e.g. `12.500000`.
  public mutating func appendSeconds(_ time: SimTime) {
    var micros = time.microseconds
    if micros < 0 {
      bytes.append(UInt8(ascii: "-"))
      micros = 0 &- micros
    }
    appendUnsigned(UInt64(micros / 1_000_000))
    bytes.append(UInt8(ascii: "."))
    let fraction = micros % 1_000_000
    var divisor: Int64 = 100_000
    while divisor > 0 {
      bytes.append(UInt8(ascii: "0") &+ UInt8((fraction / divisor) % 10))
      divisor /= 10
    }
  }

  /// Appends `value` rounded to `decimals` places (0-9); non-finite values as
  /// `inf`, `-inf` or `nan`.
  public mutating func append(_ value: Double, decimals: Int) {
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
