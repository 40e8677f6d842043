import Scheduling

/// The settings a YAML policy file and a `slurm.conf` share, by Slurm's key
/// names (matched without regard to case, as `slurm.conf` does), each parsed
/// from its text as `slurm.conf(5)` defines it.
struct PolicySettings {
  /// The file, for errors.
  let path: String

  /// Every scalar key, in Slurm's spelling.
  static let scalarKeys = [
    "SchedulerType", "SchedulerParameters", "PriorityType",
    "PriorityWeightAge", "PriorityWeightFairshare", "PriorityWeightJobSize",
    "PriorityWeightPartition", "PriorityWeightQOS",
    "PriorityMaxAge", "PriorityDecayHalfLife", "PriorityCalcPeriod",
    "PriorityFavorSmall", "PriorityFlags", "FairShareDampeningFactor", "OverTimeLimit",
  ]

  /// `key` in Slurm's spelling if it is one of `keys` (any case), else `nil`.
  static func canonical(_ key: String, among keys: [String]) -> String? {
    let lowered = key.lowercased()
    return keys.first { $0.lowercased() == lowered }
  }

  /// Sets the scalar setting `key` (canonical spelling) from `text`.
  ///
  /// - Throws: `PolicyConfigError.badValue` naming `line` and the key.
  func apply(_ key: String, _ text: String, line: Int, to config: inout PolicyConfig) throws(PolicyConfigError) {
    let value = text.policyTrimmed
    switch key {
    case "SchedulerType":
      config.schedulerType = try oneOf(key, value, line, PolicyConfig.SchedulerType.allCases)
    case "PriorityType":
      config.priorityType = try oneOf(key, value, line, PolicyConfig.PriorityType.allCases)
    case "SchedulerParameters":
      config.schedulerParameters = try schedulerParameters(value, line: line, ignored: &config.ignored)
    case "PriorityWeightAge": config.multifactor.weightAge = try weight(key, value, line)
    case "PriorityWeightFairshare": config.multifactor.weightFairshare = try weight(key, value, line)
    case "PriorityWeightJobSize": config.multifactor.weightJobSize = try weight(key, value, line)
    case "PriorityWeightPartition": config.multifactor.weightPartition = try weight(key, value, line)
    case "PriorityWeightQOS": config.multifactor.weightQOS = try weight(key, value, line)
    case "PriorityMaxAge":
      config.multifactor.maxAgeSeconds = try minutes(key, value, line, minimum: 0) * 60
    case "PriorityDecayHalfLife":
      config.multifactor.decayHalfLifeSeconds = try minutes(key, value, line, minimum: 0) * 60
    case "PriorityCalcPeriod":
      config.multifactor.calcPeriodSeconds = try minutes(key, value, line, minimum: 1) * 60
    case "PriorityFavorSmall":
      config.multifactor.favorSmall = try bool(key, value, line)
    case "PriorityFlags":
      try priorityFlags(value, line: line, into: &config)
    case "FairShareDampeningFactor":
      config.multifactor.dampeningFactor = UInt32(
        try integer(key, value, line, 1...65_535, expected: "an integer 1 ... 65535"))
    case "OverTimeLimit":
      if ["unlimited", "infinite"].contains(value.lowercased()) {
        config.overTimeLimit = .unlimited
      } else {
        config.overTimeLimit = .minutes(
          Int(try integer(key, value, line, 0...65_533, expected: "minutes 0 ... 65533 or UNLIMITED")))
      }
    default:
      preconditionFailure("PolicySettings.apply: \(key) is not a scalar key")
    }
  }

  func error(_ line: Int, _ key: String, _ value: String, _ expected: String) -> PolicyConfigError {
    PolicyConfigError(path: path, line: line, kind: .badValue(key: key, value: value, expected: expected))
  }

  // MARK: - Values

  /// A decimal integer in `range` (no sign other than a leading `-`, no separators).
  func integer(
    _ key: String, _ value: String, _ line: Int, _ range: ClosedRange<Int64>, expected: String
  ) throws(PolicyConfigError) -> Int64 {
    guard let number = Int64(value), range.contains(number) else {
      throw error(line, key, value, expected)
    }
    return number
  }

  func weight(_ key: String, _ value: String, _ line: Int) throws(PolicyConfigError) -> UInt32 {
    UInt32(try integer(key, value, line, 0...Int64(UInt32.max), expected: "an integer 0 ... 4294967295"))
  }

  /// A Slurm time string in whole minutes, seconds rounded up (`time_str2mins`).
  func minutes(_ key: String, _ value: String, _ line: Int, minimum: Int64) throws(PolicyConfigError) -> Int64 {
    let expected =
      "a Slurm time (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)"
      + (minimum > 0 ? " of at least \(minimum) minute" : "")
    guard let duration = SlurmDuration(parsing: value), let minutes = duration.roundedUpMinutes,
      minutes >= minimum
    else { throw error(line, key, value, expected) }
    return minutes
  }

  /// `YES`/`NO` (also `TRUE`/`FALSE`, `1`/`0`), any case.
  func bool(_ key: String, _ value: String, _ line: Int) throws(PolicyConfigError) -> Bool {
    switch value.lowercased() {
    case "yes", "true", "1": return true
    case "no", "false", "0": return false
    default: throw error(line, key, value, "YES or NO")
    }
  }

  func oneOf<Choice: RawRepresentable<String>>(
    _ key: String, _ value: String, _ line: Int, _ choices: [Choice]
  ) throws(PolicyConfigError) -> Choice {
    guard let found = choices.first(where: { $0.rawValue == value.lowercased() }) else {
      throw error(line, key, value, "one of " + choices.map(\.rawValue).joined(separator: ", "))
    }
    return found
  }

  // MARK: - Lists

  /// `SchedulerParameters`: comma-separated `name=value` items and flags.
  /// Names hpcsim does not read are recorded as ignored; a bad value of a
  /// name it reads is an error.
  func schedulerParameters(
    _ value: String, line: Int, ignored: inout [IgnoredSetting]
  ) throws(PolicyConfigError) -> SchedulerParameters {
    var parameters = SchedulerParameters()
    for item in value.split(separator: ",") {
      let text = String(item).policyTrimmed
      guard !text.isEmpty else { continue }
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      let name = parts[0].lowercased()
      let key = "SchedulerParameters:" + parts[0]
      let argument = parts.count > 1 ? parts[1] : ""
      func number(_ range: ClosedRange<Int64>, _ expected: String) throws(PolicyConfigError) -> Int {
        Int(try integer(key, argument, line, range, expected: expected))
      }
      switch name {
      case "bf_window": parameters.bfWindowMinutes = try number(1...43_200, "minutes 1 ... 43200")
      case "bf_resolution": parameters.bfResolutionSeconds = try number(1...3_600, "seconds 1 ... 3600")
      case "bf_max_job_test": parameters.bfMaxJobTest = try number(1...1_000_000, "an integer 1 ... 1000000")
      case "bf_interval":
        parameters.bfIntervalSeconds = try number(-1...10_800, "seconds 1 ... 10800, or -1")
        if parameters.bfIntervalSeconds == 0 { throw error(line, key, argument, "seconds 1 ... 10800, or -1") }
      case "bf_job_part_count_reserve":
        parameters.bfJobPartCountReserve = try number(0...100_000, "an integer 0 ... 100000")
      case "default_queue_depth":
        parameters.defaultQueueDepth = try number(1...Int64(Int32.max), "a positive integer")
      case "sched_interval":
        parameters.schedIntervalSeconds = try number(-1...Int64(Int32.max), "seconds 0 or more, or -1")
      case "bf_continue":
        guard parts.count == 1 else { throw error(line, key, argument, "a flag without a value") }
        parameters.bfContinue = true
      default:
        ignored.append(IgnoredSetting(line: line, key: key))
      }
    }
    return parameters
  }

  /// `PriorityFlags`: a comma-separated list, replacing the defaults.
  func priorityFlags(_ value: String, line: Int, into config: inout PolicyConfig) throws(PolicyConfigError) {
    config.multifactor.fairTree = true
    config.multifactor.smallRelativeToTime = false
    for item in value.split(separator: ",") {
      let flag = String(item).policyTrimmed.uppercased()
      switch flag {
      case "": continue
      case "NO_FAIR_TREE": config.multifactor.fairTree = false
      case "FAIR_TREE": config.multifactor.fairTree = true
      case "SMALL_RELATIVE_TO_TIME": config.multifactor.smallRelativeToTime = true
      // Jobs are always eligible in a replay, so age always accrues.
      case "ACCRUE_ALWAYS": continue
      case "CALCULATE_RUNNING", "DEPTH_OBLIVIOUS", "INCR_ONLY", "MAX_TRES", "MAX_TRES_GRES",
        "NO_NORMAL_ALL", "NO_NORMAL_ASSOC", "NO_NORMAL_PART", "NO_NORMAL_QOS", "NO_NORMAL_TRES":
        config.ignored.append(IgnoredSetting(line: line, key: "PriorityFlags:" + flag))
      default:
        throw error(
          line, "PriorityFlags", String(item),
          "a Slurm priority flag (NO_FAIR_TREE, SMALL_RELATIVE_TO_TIME, ACCRUE_ALWAYS, ...)")
      }
    }
  }
}
