import Reporting

/// A compact, exact binary encoding for results that travel between ranks
/// and into shard files: little-endian integers, doubles by bit pattern,
/// strings as length + UTF-8. Values decode to the same bits they were
/// encoded from, which keeps distributed results byte-identical.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func int(_ value: Int64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func int(_ value: Int) { int(Int64(value)) }

  mutating func double(_ value: Double) { int(Int64(bitPattern: value.bitPattern)) }

  mutating func byte(_ value: UInt8) { bytes.append(value) }

  mutating func string(_ value: String) {
    let utf8 = Array(value.utf8)
    int(utf8.count)
    bytes.append(contentsOf: utf8)
  }
}

/// Reads what `ByteWriter` wrote; throws `WireError` on truncated or
/// malformed input instead of trapping.
struct ByteReader {
  let bytes: [UInt8]
  var offset = 0

  init(_ bytes: [UInt8], offset: Int = 0) {
    self.bytes = bytes
    self.offset = offset
  }

  var isAtEnd: Bool { offset == bytes.count }

  mutating func int64() throws(WireError) -> Int64 {
    guard bytes.count - offset >= 8 else { throw .truncated }
    var value: UInt64 = 0
    for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
    offset += 8
    return Int64(bitPattern: value)
  }

  mutating func int() throws(WireError) -> Int {
    let value = try int64()
    guard let int = Int(exactly: value) else { throw .malformed("integer out of range") }
    return int
  }

  /// A count, checked against the bytes left (each item takes at least
  /// `minimumSize` bytes), so corrupt input cannot ask for huge arrays.
  mutating func count(minimumSize: Int) throws(WireError) -> Int {
    let value = try int()
    guard value >= 0, value <= (bytes.count - offset) / max(minimumSize, 1) else {
      throw .malformed("count \(value) exceeds the data")
    }
    return value
  }

  mutating func double() throws(WireError) -> Double {
    Double(bitPattern: UInt64(bitPattern: try int64()))
  }

  mutating func byte() throws(WireError) -> UInt8 {
    guard offset < bytes.count else { throw .truncated }
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func string() throws(WireError) -> String {
    let length = try count(minimumSize: 1)
    defer { offset += length }
    return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
  }
}

/// Bytes that do not decode.
public enum WireError: Error, Equatable, Sendable, CustomStringConvertible {
  case truncated
  case malformed(String)

  public var description: String {
    switch self {
    case .truncated: "the data ends early"
    case .malformed(let what): "malformed data: \(what)"
    }
  }
}

// MARK: - JSON values

extension ByteWriter {
  mutating func json(_ value: JSONValue) {
    switch value {
    case .null: byte(0)
    case .bool(let flag): byte(1); byte(flag ? 1 : 0)
    case .int(let number): byte(2); int(number)
    case .number(let number, let decimals): byte(3); double(number); int(decimals)
    case .string(let text): byte(4); string(text)
    case .fixed(let units, let decimals): byte(7); int(units); int(decimals)
    case .fixedSeconds(let sum): byte(8); int(sum.seconds); int(sum.microseconds)
    case .array(let items):
      byte(5)
      int(items.count)
      for item in items { json(item) }
    case .object(let members):
      byte(6)
      int(members.count)
      for (key, member) in members {
        string(key)
        json(member)
      }
    }
  }
}

extension ByteReader {
  mutating func json(depth: Int = 0) throws(WireError) -> JSONValue {
    guard depth < 64 else { throw .malformed("JSON nested too deeply") }
    switch try byte() {
    case 0: return .null
    case 1: return .bool(try byte() != 0)
    case 2: return .int(try int64())
    case 3:
      let number = try double()
      return .number(number, decimals: try int())
    case 4: return .string(try string())
    case 7:
      let units = try int64()
      return .fixed(units, decimals: try int())
    case 8:
      let seconds = try int64()
      let microseconds = try int64()
      guard let sum = JobSeconds(seconds: seconds, microseconds: microseconds) else {
        throw .malformed("job-seconds \(seconds) s + \(microseconds) µs out of range")
      }
      return .fixedSeconds(sum)
    case 5:
      let count = try count(minimumSize: 1)
      var items: [JSONValue] = []
      items.reserveCapacity(count)
      for _ in 0..<count { items.append(try json(depth: depth + 1)) }
      return .array(items)
    case 6:
      let count = try count(minimumSize: 9)
      var members: [(String, JSONValue)] = []
      members.reserveCapacity(count)
      for _ in 0..<count {
        let key = try string()
        members.append((key, try json(depth: depth + 1)))
      }
      return .object(members)
    case let tag: throw .malformed("unknown JSON tag \(tag)")
    }
  }
}
