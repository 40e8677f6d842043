/// A Lublin model or generator setting that cannot produce a workload.
public enum LublinModelError: Error, Hashable, Sendable, CustomStringConvertible {
  /// `name` has `value`, which breaks `requirement`.
  case invalidParameter(name: String, value: String, requirement: String)
  /// Neither a job count nor a duration bounds the generation.
  case unbounded

  public var description: String {
    switch self {
    case .invalidParameter(let name, let value, let requirement):
      "invalid Lublin model parameter '\(name)' = \(value): \(requirement)"
    case .unbounded:
      "a Lublin workload needs a job count or a duration (or both) to stop"
    }
  }
}

extension LublinModel {
  /// Checks every setting, naming the first bad one.
  ///
  /// - Throws: `LublinModelError.invalidParameter` for a non-positive size,
  ///   scale or count, an hour outside 0…23, a probability outside [0, 1],
  ///   a non-positive gamma parameter, or an estimate factor below 1.
  public func validate() throws(LublinModelError) {
    try check("nodes", nodes, nodes >= 1, "must be at least 1")
    try check("coresPerNode", coresPerNode, coresPerNode >= 1, "must be at least 1")
    try check("startHour", startHour, (0...23).contains(startHour), "must be in 0...23")
    try check(
      "loadScale", loadScale, loadScale.isFinite && loadScale > 0,
      "must be a finite number > 0")
    try check("users", users, users >= 1, "must be at least 1")
    try check("groups", groups, groups >= 1, "must be at least 1")
    try check(
      "userZipfExponent", userZipfExponent,
      userZipfExponent.isFinite && userZipfExponent >= 0, "must be finite and >= 0")
    if case .factor(let k) = estimateModel {
      try check("estimateModel.factor", k, k.isFinite && k >= 1, "must be finite and >= 1")
    }
    for (jobClass, parameters) in activeClasses {
      try parameters.validate(prefix: jobClass.map { "\($0)" } ?? "typeless")
    }
  }
}

extension LublinModel.ClassParameters {
  /// Checks the probabilities and the gamma parameters.
  func validate(prefix: String) throws(LublinModelError) {
    let probabilities = [
      ("serialProbability", serialProbability), ("powerOfTwoProbability", powerOfTwoProbability),
      ("uProb", uProb),
    ]
    for (name, value) in probabilities {
      try check("\(prefix).\(name)", value, (0...1).contains(value), "must be in [0, 1]")
    }
    let positives = [
      ("a1", a1), ("b1", b1), ("a2", a2), ("b2", b2), ("aarr", aarr), ("barr", barr),
      ("arar", arar), ("anum", anum), ("bnum", bnum),
    ]
    for (name, value) in positives {
      try check("\(prefix).\(name)", value, value.isFinite && value > 0, "must be finite and > 0")
    }
    let finites = [
      ("uLow", uLow), ("uMedBelowHigh", uMedBelowHigh), ("uHighBelowSystem", uHighBelowSystem),
      ("pa", pa), ("pb", pb),
    ]
    for (name, value) in finites {
      try check("\(prefix).\(name)", value, value.isFinite, "must be finite")
    }
    // Capped samples are redrawn: a gamma almost never below its cap would
    // loop (nearly) forever, so require a reasonable acceptance rate.
    let caps = [
      ("a1/b1", GammaDistribution.cdf(LublinModel.runtimeLogCap, shape: a1, scale: b1)),
      ("a2/b2", GammaDistribution.cdf(LublinModel.runtimeLogCap, shape: a2, scale: b2)),
      ("aarr*arar/barr", GammaDistribution.cdf(LublinModel.gapLogCap, shape: aarr * arar, scale: barr)),
    ]
    for (name, accepted) in caps {
      try check(
        "\(prefix).\(name)", "P(sample below cap) = \(accepted)", accepted >= 1e-3,
        "the gamma must fall below its cap (e^12 s runtime, e^13 s gap) at least 0.1% of the time")
    }
  }
}

/// Throws `invalidParameter` unless `condition` holds.
private func check(
  _ name: String, _ value: some CustomStringConvertible, _ condition: Bool,
  _ requirement: String
) throws(LublinModelError) {
  if !condition {
    throw .invalidParameter(name: name, value: value.description, requirement: requirement)
  }
}
