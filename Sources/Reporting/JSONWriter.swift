/// A JSON value with object keys kept in insertion order, so outputs are
/// byte-identical from run to run.
public indirect enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int64)
  /// A number printed with a fixed count of decimals.
  case number(Double, decimals: Int)
  /// `units` × 10^-`decimals` (0-9 decimals), printed exactly with
  /// `decimals` decimals: e.g. exact microseconds as seconds.
  case fixed(Int64, decimals: Int)
  /// A sum of times in seconds with six decimals, exact (`JobSeconds`).
  case fixedSeconds(JobSeconds)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered() == rhs.rendered() }
  public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

  /// Renders with two-space indentation and a trailing newline at top level.
  public func rendered() -> String {
    var out = ""
    render(into: &out, indent: 0)
    return out
  }

  func render(into out: inout String, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .int(let value): out += String(value)
    case .number(let value, let decimals):
      out += value.isFinite ? formatDecimal(value, decimals: decimals) : "null"
    case .fixed(let units, let decimals):
      var buffer = ByteBuffer(capacity: 32)
      buffer.appendFixed(units, decimals: decimals)
      out += String(decoding: buffer.bytes, as: UTF8.self)
    case .fixedSeconds(let sum): out += sum.description
    case .string(let value): out += Self.quoted(value)
    case .array(let items):
      guard !items.isEmpty else { out += "[]"; return }
      out += "[\n"
      for (index, item) in items.enumerated() {
        out += String(repeating: "  ", count: indent + 1)
        item.render(into: &out, indent: indent + 1)
        out += index + 1 < items.count ? ",\n" : "\n"
      }
      out += String(repeating: "  ", count: indent) + "]"
    case .object(let members):
      guard !members.isEmpty else { out += "{}"; return }
      out += "{\n"
      for (index, member) in members.enumerated() {
        out += String(repeating: "  ", count: indent + 1) + Self.quoted(member.0) + ": "
        member.1.render(into: &out, indent: indent + 1)
        out += index + 1 < members.count ? ",\n" : "\n"
      }
      out += String(repeating: "  ", count: indent) + "}"
    }
  }

  /// `text` as a JSON string literal.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
