extension MachineConfig {
  static let expectedTotalKeys = ["nodes", "cores", "cabinets", "memory_gb", "peak_tflops"]
  /// Relative tolerance of the `memory_gb` and `peak_tflops` checks (0.1%).
  static let totalsTolerance = 0.001

  /// Checks each figure in `expected_totals` against `machine`.
  ///
  /// Integer figures must match exactly; `memory_gb` and `peak_tflops` within
  /// `totalsTolerance` of the computed value.
  static func checkExpectedTotals(_ top: ConfigMapping, machine: Machine) throws(ConfigError) {
    guard let totals = try top.optionalMapping("expected_totals", context: "expected_totals")
    else { return }
    try totals.checkKeys(allowed: expectedTotalKeys)
    let exact: [(String, Int?)] = [
      ("nodes", machine.nodeCount), ("cores", machine.totalCores),
      ("cabinets", machine.cabinetCount),
    ]
    for (key, computed) in exact {
      guard let entry = totals.entry(key) else { continue }
      let expected = try totals.positiveInt(of: entry)
      guard let computed else {
        throw totals.error(entry.value.lineNumber, .missingKey(
          key: "nodes_per_cabinet", context: "cabinets (needed to check expected_totals.cabinets)"))
      }
      if expected != computed {
        throw totals.error(entry.value.lineNumber, .totalMismatch(
          quantity: key, expected: Format.grouped(expected), computed: Format.grouped(computed),
          tolerance: nil))
      }
    }
    let approximate = [("memory_gb", machine.totalMemoryGB), ("peak_tflops", machine.peakTFLOPS)]
    for (key, computed) in approximate {
      guard let entry = totals.entry(key) else { continue }
      let expected = try totals.positiveNumber(of: entry)
      if (expected - computed).magnitude > totalsTolerance * computed.magnitude {
        throw totals.error(entry.value.lineNumber, .totalMismatch(
          quantity: key, expected: Format.decimal(expected), computed: Format.decimal(computed),
          tolerance: "0.1%"))
      }
    }
  }
}
