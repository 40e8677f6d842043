#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

import Scheduling

extension PolicyConfig {
  /// Imports the scheduling subset of a real `slurm.conf`.
  ///
  /// The file is `Key=Value` pairs, several to a line, keys in any case;
  /// `#` starts a comment (`\#` is a literal `#`), a trailing `\` continues
  /// the line, values may be double-quoted. Read: `SchedulerType`,
  /// `SchedulerParameters`, `PriorityType`, `PriorityWeight{Age,Fairshare,
  /// JobSize,Partition,QOS}`, `PriorityMaxAge`, `PriorityDecayHalfLife`,
  /// `PriorityCalcPeriod`, `PriorityFavorSmall`, `PriorityFlags`,
  /// `FairShareDampeningFactor`, `OverTimeLimit`, and `PartitionName=` lines
  /// (`Nodes`, `MaxTime`, `DefaultTime`, `MaxNodes`, `PriorityTier`,
  /// `PriorityJobFactor`, `Default`; `PartitionName=DEFAULT` sets defaults
  /// for the lines after it). Everything else (`NodeName=` lines, `Include`,
  /// unmodelled keys and partition attributes, unmodelled
  /// `SchedulerParameters` and `PriorityFlags`) is listed in `ignored`.
  ///
  /// - Throws: `PolicyConfigError` naming the file, the line and the key of
  ///   the first bad value, or the first line that is not `Key=Value` pairs.
  /// - Complexity: O(file size)
  public static func importSlurmConf(path: String) throws(PolicyConfigError) -> PolicyConfig {
    try parse(slurmConf: readPolicyText(path: path), path: path)
  }

  /// Lines whose first key makes the whole line a record hpcsim does not model.
  static let ignoredRecordKeys = ["NodeName", "NodeSet", "FrontendName", "DownNodes", "SwitchName"]

  /// Parses `slurm.conf` text held in memory; `path` is used in messages only.
  public static func parse(slurmConf text: String, path: String) throws(PolicyConfigError) -> PolicyConfig {
    let settings = PolicySettings(path: path)
    var config = PolicyConfig()
    config.sourcePath = path
    config.mergesOverlappingPartitions = true
    var partitionDefaults = PartitionSettings(number: nil, name: "DEFAULT")
    for logical in slurmConfLines(text) {
      let tokens = try slurmConfTokens(logical.text, line: logical.line, path: path)
      guard let first = tokens.first else { continue }
      if first.key.lowercased() == "include" {
        config.ignored.append(IgnoredSetting(line: logical.line, key: "Include"))
        continue
      }
      if let record = PolicySettings.canonical(first.key, among: ignoredRecordKeys) {
        config.ignored.append(IgnoredSetting(line: logical.line, key: "\(record)=\(first.value)"))
        continue
      }
      if first.key.lowercased() == "partitionname" {
        try readPartitionLine(
          tokens, line: logical.line, settings: settings, defaults: &partitionDefaults, into: &config)
        continue
      }
      for token in tokens {
        if let key = PolicySettings.canonical(token.key, among: PolicySettings.scalarKeys) {
          try settings.apply(key, token.value, line: logical.line, to: &config)
        } else {
          config.ignored.append(IgnoredSetting(line: logical.line, key: token.key))
        }
      }
    }
    return config
  }

  /// Partition attributes read from a `PartitionName=` line.
  static let partitionLineKeys = [
    "Nodes", "MaxTime", "DefaultTime", "MaxNodes", "PriorityTier", "PriorityJobFactor", "Default", "Priority",
  ]

  static func readPartitionLine(
    _ tokens: [SlurmConfToken], line: Int, settings: PolicySettings,
    defaults: inout PartitionSettings, into config: inout PolicyConfig
  ) throws(PolicyConfigError) {
    let name = tokens[0].value
    let isDefaults = name.lowercased() == "default"
    var partition = defaults
    partition.line = line
    if !isDefaults {
      partition.name = name
      partition.number = Int32(config.partitions.count + 1)
    }
    for token in tokens.dropFirst() {
      guard let key = PolicySettings.canonical(token.key, among: partitionLineKeys) else {
        config.ignored.append(IgnoredSetting(line: line, key: "PartitionName=\(name):\(token.key)"))
        continue
      }
      try SlurmPartitionAttributes.apply(key, token.value, line: line, to: &partition, settings)
    }
    if isDefaults { defaults = partition } else { config.partitions.append(partition) }
  }

  // MARK: - Lexing

  /// A logical line: comments removed, continuations joined, with its first line number.
  static func slurmConfLines(_ text: String) -> [(line: Int, text: String)] {
    var lines: [(line: Int, text: String)] = []
    var pending = ""
    var pendingLine = 0
    var number = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      var content = ""
      var escaped = false
      for character in raw {
        if escaped {
          content.append(character == "#" ? "#" : "\\")
          if character != "#" { content.append(character) }
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "#" {
          break
        } else if character != "\r" {
          content.append(character)
        }
      }
      if pending.isEmpty { pendingLine = number }
      if escaped {
        // A trailing backslash continues the logical line.
        pending += content
        continue
      }
      pending += content
      lines.append((pendingLine, pending))
      pending = ""
    }
    if !pending.isEmpty { lines.append((pendingLine, pending)) }
    return lines
  }

  /// The `Key=Value` pairs of a logical line; `Include FILE` gives one token `Include`.
  static func slurmConfTokens(_ text: String, line: Int, path: String) throws(PolicyConfigError) -> [SlurmConfToken] {
    var words: [String] = []
    var current = ""
    var quoted = false
    var inWord = false
    for character in text {
      if character == "\"" {
        quoted.toggle()
        inWord = true
      } else if !quoted && (character == " " || character == "\t") {
        if inWord { words.append(current) }
        current = ""
        inWord = false
      } else {
        current.append(character)
        inWord = true
      }
    }
    if inWord { words.append(current) }
    guard let first = words.first else { return [] }
    if first.lowercased() == "include" { return [SlurmConfToken(key: "Include", value: "")] }
    var tokens: [SlurmConfToken] = []
    for word in words {
      guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
        throw PolicyConfigError(path: path, line: line, kind: .malformedLine(token: word))
      }
      tokens.append(SlurmConfToken(key: String(word[..<equals]), value: String(word[word.index(after: equals)...])))
    }
    return tokens
  }

  /// The whole file as UTF-8 text (invalid bytes become U+FFFD).
  static func readPolicyText(path: String) throws(PolicyConfigError) -> String {
    guard let file = fopen(path, "rb") else {
      throw PolicyConfigError(path: path, line: nil, kind: .unreadable(reason: String(cString: strerror(errno))))
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      bytes.append(contentsOf: chunk[..<count])
      if count < chunk.count { break }
    }
    if ferror(file) != 0 {
      throw PolicyConfigError(path: path, line: nil, kind: .unreadable(reason: String(cString: strerror(errno))))
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// One `Key=Value` pair of a `slurm.conf` line.
struct SlurmConfToken {
  var key: String
  var value: String
}

/// Partition attributes shared by `PartitionName=` lines and the YAML `Partitions` map.
enum SlurmPartitionAttributes {
  static func apply(
    _ key: String, _ text: String, line: Int, to partition: inout PartitionSettings, _ settings: PolicySettings
  ) throws(PolicyConfigError) {
    let value = text.policyTrimmed
    let label = "\(partition.name): \(key)"
    func limit() -> UInt32? { UInt32(value).flatMap { $0 <= 65_533 ? $0 : nil } }
    switch key {
    case "PartitionName":
      partition.name = value
    case "Nodes":
      partition.nodes = value.lowercased() == "all" ? nil : Int(value) ?? hostListCount(value)
      partition.nodeList = value
      if value.lowercased() != "all" && partition.nodes == nil {
        throw settings.error(line, label, value, "a node count, a host list such as cn[001-128], or ALL")
      }
    case "MaxTime", "DefaultTime":
      guard let duration = SlurmDuration(parsing: value) else {
        throw settings.error(
          line, label, value, "a Slurm time (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS) or UNLIMITED")
      }
      if key == "MaxTime" { partition.maxTime = duration } else { partition.defaultTime = duration }
    case "MaxNodes":
      if ["unlimited", "infinite"].contains(value.lowercased()) {
        partition.maxNodes = nil
      } else {
        guard let count = Int(value), count >= 0 else {
          throw settings.error(line, label, value, "a node count or UNLIMITED")
        }
        partition.maxNodes = count
      }
    case "PriorityTier", "PriorityJobFactor", "Priority":
      guard let number = limit() else { throw settings.error(line, label, value, "an integer 0 ... 65533") }
      // `Priority` is Slurm's older name setting both.
      if key != "PriorityJobFactor" { partition.priorityTier = number }
      if key != "PriorityTier" { partition.priorityJobFactor = number }
    case "Default":
      partition.isDefault = try settings.bool(label, value, line)
    default:
      preconditionFailure("SlurmPartitionAttributes.apply: unexpected key \(key)")
    }
  }

  /// The number of hosts in a Slurm host list such as `cn[0001-1024],gpu[1-4,7]`,
  /// or `nil` when it is not one hpcsim can count.
  static func hostListCount(_ text: String) -> Int? {
    var total = 0
    var depth = 0
    var piece = ""
    var pieces: [String] = []
    for character in text {
      if character == "[" { depth += 1 } else if character == "]" { depth -= 1 }
      if character == "," && depth == 0 {
        pieces.append(piece)
        piece = ""
      } else {
        piece.append(character)
      }
    }
    pieces.append(piece)
    for host in pieces {
      guard !host.isEmpty else { return nil }
      var count = 1
      var rest = Substring(host)
      while let open = rest.firstIndex(of: "[") {
        guard let close = rest[open...].firstIndex(of: "]") else { return nil }
        var ranges = 0
        for range in rest[rest.index(after: open)..<close].split(separator: ",") {
          let bounds = range.split(separator: "-", omittingEmptySubsequences: false)
          guard bounds.count <= 2, let low = Int(bounds[0]), let high = Int(bounds.last ?? bounds[0]), low <= high
          else { return nil }
          ranges += high - low + 1
        }
        count *= ranges
        rest = rest[rest.index(after: close)...]
      }
      total += count
    }
    return total
  }
}

extension String {
  /// The text without leading and trailing spaces and tabs.
  var policyTrimmed: String {
    var scalars = Substring(self)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}
