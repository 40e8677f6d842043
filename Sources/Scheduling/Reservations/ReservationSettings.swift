import SimKernel

/// One advance reservation as written in a policy file or on the command
/// line, in `scontrol create reservation` vocabulary:
///
///     ReservationName=maint StartTime=now+2days Duration=4:00:00 Nodes=ALL Flags=MAINT
///     ReservationName=cab3 StartTime=86400 EndTime=172800 Nodes=384-511
///     ReservationName=big StartTime=604800 Duration=1-00:00:00 NodeCnt=256
///
/// Times are the trace's clock (seconds from its start; `now` is 0).
/// `Nodes` takes `ALL` or 0-based node indices of the replay machine
/// (`0-127,256`); `NodeCnt` counts nodes, whichever are free at the start.
public struct ReservationSettings: Sendable, Hashable {
  /// What names the nodes.
  public enum Nodes: Sendable, Hashable {
    case all
    case count(Int32)
    /// 0-based node index ranges, as written (not yet checked against a machine).
    case indices([Range<Int32>])
  }

  public var name: String
  /// Seconds from the trace's start.
  public var start: Int64
  /// Seconds.
  public var duration: Int64
  public var nodes: Nodes
  public var isMaintenance = false
  /// The 1-based line it was read from (0 on the command line).
  public var line = 0

  /// The keys understood, in Slurm's spelling.
  public static let keys = ["ReservationName", "StartTime", "Duration", "EndTime", "Nodes", "NodeCnt", "Flags"]

  /// A problem in one reservation; `key` is the offending key.
  public struct ParseError: Error, Hashable, Sendable {
    public var key: String
    public var value: String
    public var expected: String
  }

  /// Reads a reservation from `Key=Value` pairs (keys as in `keys`, any case).
  public init(pairs: [(key: String, value: String)], line: Int = 0) throws(ParseError) {
    var name: String?
    var start: Int64?
    var duration: Int64?
    var end: Int64?
    var nodes: Nodes?
    var maintenance = false
    for (rawKey, value) in pairs {
      guard let key = Self.keys.first(where: { $0.lowercased() == rawKey.lowercased() }) else {
        throw ParseError(key: rawKey, value: value, expected: "one of " + Self.keys.joined(separator: ", "))
      }
      switch key {
      case "ReservationName":
        guard !value.isEmpty else { throw ParseError(key: key, value: value, expected: "a name") }
        name = value
      case "StartTime", "EndTime":
        guard let seconds = Self.instant(value) else {
          throw ParseError(
            key: key, value: value,
            expected: "seconds from the trace's start, or now+N with N in seconds, minutes, hours, days or weeks")
        }
        if key == "StartTime" { start = seconds } else { end = seconds }
      case "Duration":
        guard case .seconds(let seconds)? = SlurmDuration(parsing: value), seconds > 0 else {
          throw ParseError(key: key, value: value, expected: "a positive Slurm time: minutes, H:M:S or D-H:M:S")
        }
        duration = seconds
      case "Nodes":
        if value.lowercased() == "all" {
          nodes = .all
        } else {
          guard let ranges = Self.indexRanges(value) else {
            throw ParseError(key: key, value: value, expected: "ALL or 0-based node indices such as 0-127,256")
          }
          nodes = .indices(ranges)
        }
      case "NodeCnt":
        guard let count = Int32(value), count > 0 else {
          throw ParseError(key: key, value: value, expected: "a positive node count")
        }
        nodes = .count(count)
      default:  // Flags
        let flags = value.split(separator: ",").map { $0.uppercased() }
        for flag in flags where !["MAINT", "IGNORE_JOBS", "OVERLAP"].contains(flag) {
          throw ParseError(key: key, value: value, expected: "MAINT (others are not modelled)")
        }
        maintenance = flags.contains("MAINT")
      }
    }
    guard let start else { throw ParseError(key: "StartTime", value: "", expected: "a start time (required)") }
    if let end {
      guard duration == nil else { throw ParseError(key: "EndTime", value: "\(end)", expected: "EndTime or Duration, not both") }
      guard end > start else { throw ParseError(key: "EndTime", value: "\(end)", expected: "a time after StartTime") }
      duration = end - start
    }
    guard let duration else { throw ParseError(key: "Duration", value: "", expected: "a Duration or an EndTime (required)") }
    guard let nodes else { throw ParseError(key: "Nodes", value: "", expected: "Nodes or NodeCnt (required)") }
    self.name = name ?? "reservation@\(start)"
    self.start = start
    self.duration = duration
    self.nodes = nodes
    self.isMaintenance = maintenance
    self.line = line
  }

  /// Reads `Key=Value Key=Value ...` (the `scontrol` form; spaces separate pairs).
  public init(scontrol text: String, line: Int = 0) throws(ParseError) {
    var pairs: [(key: String, value: String)] = []
    for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
      guard let equals = token.firstIndex(of: "="), equals != token.startIndex else {
        throw ParseError(key: String(token), value: "", expected: "Key=Value pairs")
      }
      pairs.append((String(token[..<equals]), String(token[token.index(after: equals)...])))
    }
    try self.init(pairs: pairs, line: line)
  }

  /// `86400`, or `now+2days` (also `now`, s/m/h/d/w and their long names).
  static func instant(_ text: String) -> Int64? {
    let lower = text.lowercased()
    if let seconds = Int64(lower), seconds >= 0 { return seconds }
    guard lower.hasPrefix("now") else { return nil }
    let rest = lower.dropFirst(3)
    if rest.isEmpty { return 0 }
    guard rest.first == "+" else { return nil }
    let body = rest.dropFirst()
    let digits = body.prefix(while: \.isNumber)
    guard let amount = Int64(digits) else { return nil }
    let unit = body.dropFirst(digits.count)
    let scale: Int64
    switch unit {
    case "", "s", "sec", "secs", "second", "seconds": scale = 1
    case "m", "min", "mins", "minute", "minutes": scale = 60
    case "h", "hour", "hours": scale = 3600
    case "d", "day", "days": scale = 86400
    case "w", "week", "weeks": scale = 604_800
    default: return nil
    }
    let (product, overflow) = amount.multipliedReportingOverflow(by: scale)
    return overflow ? nil : product
  }

  /// `0-127,256` as ascending, merged half-open ranges; nil when malformed.
  static func indexRanges(_ text: String) -> [Range<Int32>]? {
    var ranges: [Range<Int32>] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
      guard bounds.count == 1 || bounds.count == 2, let lower = Int32(bounds[0]), lower >= 0,
        let upper = bounds.count == 2 ? Int32(bounds[1]) : lower, upper >= lower, upper < Int32.max
      else { return nil }
      ranges.append(lower..<(upper + 1))
    }
    ranges.sort { $0.lowerBound < $1.lowerBound }
    var merged: [Range<Int32>] = []
    for range in ranges {
      if let last = merged.last, range.lowerBound <= last.upperBound {
        merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
      } else {
        merged.append(range)
      }
    }
    return merged
  }

  /// The reservation on a machine of `totalNodes` nodes; `nil` with the
  /// reason when its nodes do not fit.
  public func resolved(totalNodes: Int32) -> Result<AdvanceReservation, ParseError> {
    let start = SimTime.seconds(self.start)
    let end = SimTime.seconds(self.start + duration)
    switch nodes {
    case .all:
      // Every node, counted: planning by count is exact for the whole
      // machine (and for a whole partition), so no node-by-node gate.
      return .success(AdvanceReservation(name: name, start: start, end: end, count: totalNodes, isMaintenance: isMaintenance))
    case .count(let count):
      guard count <= totalNodes else {
        return .failure(ParseError(key: "NodeCnt", value: "\(count)", expected: "at most the machine's \(totalNodes) nodes"))
      }
      return .success(AdvanceReservation(name: name, start: start, end: end, count: count, isMaintenance: isMaintenance))
    case .indices(let ranges):
      guard let last = ranges.last, last.upperBound <= totalNodes else {
        return .failure(ParseError(
          key: "Nodes", value: ranges.map { "\($0.lowerBound)-\($0.upperBound - 1)" }.joined(separator: ","),
          expected: "node indices below the machine's \(totalNodes) nodes"))
      }
      return .success(AdvanceReservation(name: name, start: start, end: end, nodes: ranges, isMaintenance: isMaintenance))
    }
  }
}
