import SimKernel

extension IOModel {
  /// The keys of an `--io-model` specification, in the documented order.
  public static let keys = [
    "bytes-per-core-hour", "dist", "sigma", "seed", "input-share", "scratch-per-core",
    "checkpoint-interval", "checkpoint-per-core",
  ]

  /// Parses `key=value,key=value` (see docs/formats/io-demands.md), e.g.
  /// `bytes-per-core-hour=1e9,dist=lognormal,sigma=1,seed=7`.
  /// `bytes-per-core-hour` is required; the others default as in `init`.
  ///
  /// - Throws: `IOModelError` naming the key and value at fault.
  public init(specification: String) throws(IOModelError) {
    var values: [String: String] = [:]
    for item in specification.split(separator: ",", omittingEmptySubsequences: true) {
      let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = String(parts[0]).trimmingBlanks()
      guard parts.count == 2 else { throw IOModelError.notKeyValue(item: String(item)) }
      guard Self.keys.contains(key) else { throw IOModelError.unknownKey(key) }
      guard values[key] == nil else { throw IOModelError.duplicateKey(key) }
      values[key] = String(parts[1]).trimmingBlanks()
    }
    func number(_ key: String, default value: Double, max: Double = .infinity) throws(IOModelError) -> Double {
      guard let text = values[key] else { return value }
      guard let parsed = Double(text), parsed.isFinite, parsed >= 0, parsed <= max else {
        throw IOModelError.badValue(key: key, value: text, expected: max.isFinite ? "a number in [0, \(Int(max))]" : "a number >= 0")
      }
      return parsed
    }
    guard values["bytes-per-core-hour"] != nil else { throw IOModelError.missingKey("bytes-per-core-hour") }
    let perCoreHour = try number("bytes-per-core-hour", default: 0)
    var distribution = Distribution.lognormal
    if let text = values["dist"] {
      guard let parsed = Distribution(rawValue: text) else {
        throw IOModelError.badValue(key: "dist", value: text, expected: "fixed or lognormal")
      }
      distribution = parsed
    }
    var seed: UInt64 = 0
    if let text = values["seed"] {
      guard let parsed = UInt64(text) else {
        throw IOModelError.badValue(key: "seed", value: text, expected: "a whole number >= 0")
      }
      seed = parsed
    }
    var interval = SimTime.zero
    if let text = values["checkpoint-interval"] {
      guard case .success(let micros) = ExactDecimal.parse(text, scale: 6) else {
        throw IOModelError.badValue(key: "checkpoint-interval", value: text, expected: "seconds >= 0 (at most 6 decimals)")
      }
      interval = SimTime(microseconds: micros)
    }
    self.init(
      bytesPerCoreHour: perCoreHour, distribution: distribution, sigma: try number("sigma", default: 1),
      seed: seed, inputShare: try number("input-share", default: 0.5, max: 1),
      scratchPerCore: try number("scratch-per-core", default: 0),
      checkpointPerCore: try number("checkpoint-per-core", default: 0), checkpointInterval: interval)
  }

  /// The model as a specification string (every key, for provenance).
  public var specification: String {
    [
      "bytes-per-core-hour=\(bytesPerCoreHour)", "dist=\(distribution.rawValue)", "sigma=\(sigma)",
      "seed=\(seed)", "input-share=\(inputShare)", "scratch-per-core=\(scratchPerCore)",
      "checkpoint-interval=\(checkpointInterval.formatCompact())", "checkpoint-per-core=\(checkpointPerCore)",
    ].joined(separator: ",")
  }
}

/// A bad `--io-model` specification.
public enum IOModelError: Error, Equatable, Sendable, CustomStringConvertible {
  case notKeyValue(item: String)
  case unknownKey(String)
  case duplicateKey(String)
  case missingKey(String)
  case badValue(key: String, value: String, expected: String)

  public var description: String {
    switch self {
    case .notKeyValue(let item): "--io-model: '\(item)' is not key=value"
    case .unknownKey(let key):
      "--io-model: unknown key '\(key)'; known keys: \(IOModel.keys.joined(separator: ", "))"
    case .duplicateKey(let key): "--io-model: key '\(key)' given twice"
    case .missingKey(let key): "--io-model: missing required key '\(key)'"
    case .badValue(let key, let value, let expected): "--io-model: \(key)=\(value): expected \(expected)"
    }
  }
}

extension String {
  fileprivate func trimmingBlanks() -> String {
    var text = Substring(self)
    while text.first == " " { text.removeFirst() }
    while text.last == " " { text.removeLast() }
    return String(text)
  }
}
