/// A duration written the way Slurm writes one in `slurm.conf`: a number of
/// seconds, or `UNLIMITED`.
///
/// Slurm's time strings (`src/common/parse_time.c`, `time_str2secs`):
///
/// | text | meaning |
/// |---|---|
/// | `M` | minutes |
/// | `M:S` | minutes and seconds |
/// | `H:M:S` | hours, minutes, seconds |
/// | `D-H` | days and hours (`7-0` is seven days) |
/// | `D-H:M` | days, hours, minutes |
/// | `D-H:M:S` | days, hours, minutes, seconds |
/// | `UNLIMITED`, `INFINITE`, `-1` | no limit (any case) |
///
/// Fields are unsigned decimal numbers of any size (`90` minutes and `0:90`
/// seconds are both accepted, as Slurm accepts them); a dash must come
/// before any colon; at most one dash and two colons; `D-` alone means days.
public enum SlurmDuration: Hashable, Sendable {
  /// A finite duration in whole seconds (at least 0).
  case seconds(Int64)
  /// `UNLIMITED`, `INFINITE` or `-1`.
  case unlimited

  /// Parses a Slurm time string; `nil` when `text` is not one.
  ///
  /// - Complexity: O(`text.count`)
  public init?(parsing text: String) {
    let trimmed = text.trimmingSlurmSpaces()
    switch trimmed.lowercased() {
    case "unlimited", "infinite", "-1":
      self = .unlimited
      return
    default: break
    }
    guard let seconds = Self.parseFinite(Array(trimmed.utf8)) else { return nil }
    self = .seconds(seconds)
  }

  /// Slurm's `time_str2mins`: the duration in minutes, seconds rounded up.
  public var roundedUpMinutes: Int64? {
    guard case .seconds(let seconds) = self else { return nil }
    return (seconds + 59) / 60
  }

  /// `[D-]...` fields of digits separated by one optional dash and up to two colons.
  static func parseFinite(_ bytes: [UInt8]) -> Int64? {
    var fields: [Int64] = []
    var current: Int64? = nil
    var dashes = 0
    var colons = 0
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        let digit = Int64(byte - UInt8(ascii: "0"))
        let (times10, overflow1) = (current ?? 0).multipliedReportingOverflow(by: 10)
        let (sum, overflow2) = times10.addingReportingOverflow(digit)
        if overflow1 || overflow2 { return nil }
        current = sum
      case UInt8(ascii: "-"):
        // One dash, after the days and before any colon.
        guard dashes == 0, colons == 0, let days = current else { return nil }
        fields.append(days)
        current = nil
        dashes += 1
      case UInt8(ascii: ":"):
        guard colons < 2, let value = current else { return nil }
        fields.append(value)
        current = nil
        colons += 1
      default:
        return nil
      }
    }
    // Every colon needs a number on both sides; a dash may end the text (`7-`).
    if let current {
      fields.append(current)
    } else if colons > 0 || dashes == 0 {
      return nil
    }
    var days: Int64 = 0
    var hours: Int64 = 0
    var minutes: Int64 = 0
    var seconds: Int64 = 0
    if dashes == 1 {
      days = fields[0]
      if fields.count > 1 { hours = fields[1] }
      if fields.count > 2 { minutes = fields[2] }
      if fields.count > 3 { seconds = fields[3] }
    } else if colons == 2 {
      (hours, minutes, seconds) = (fields[0], fields[1], fields[2])
    } else {
      minutes = fields[0]
      if fields.count > 1 { seconds = fields[1] }
    }
    var total: Int64 = 0
    for (value, unit) in [(days, Int64(86_400)), (hours, 3_600), (minutes, 60), (seconds, 1)] {
      let (part, overflow1) = value.multipliedReportingOverflow(by: unit)
      let (sum, overflow2) = total.addingReportingOverflow(part)
      if overflow1 || overflow2 { return nil }
      total = sum
    }
    return total
  }
}

extension SlurmDuration: CustomStringConvertible {
  /// `UNLIMITED`, or Slurm's own rendering: `HH:MM:SS` or `D-HH:MM:SS`.
  public var description: String {
    guard case .seconds(let total) = self else { return "UNLIMITED" }
    func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let days = total / 86_400
    let clock = "\(two(total / 3_600 % 24)):\(two(total / 60 % 60)):\(two(total % 60))"
    return days > 0 ? "\(days)-\(clock)" : clock
  }
}

extension String {
  /// The text without leading and trailing spaces and tabs.
  func trimmingSlurmSpaces() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}
