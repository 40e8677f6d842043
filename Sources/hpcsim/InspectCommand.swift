import ArgumentParser
import Reporting
import SimKernel
import Workload

struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show a trace's header, job count, anomalies and the records replay would skip.",
    discussion: "Example: hpcsim inspect ../shared/traces/LLNL-Thunder-2007-1.1-cln.swf.gz")

  @Argument(help: "The trace: an SWF file, plain or gzip-compressed.")
  var trace: String

  @Option(help: "Malformed lines: 'fail' stops with file:line:field, 'skip' counts them.")
  var onBadRecord: BadRecordPolicy = .fail

  @Flag(help: "Print JSON instead of text.")
  var json = false

  func run() throws {
    try reportingErrors {
      let inspection = try TraceInspection(path: trace, onBadRecord: onBadRecord)
      printOut(json ? inspection.jsonValue(trace: trace).rendered() + "\n" : inspection.renderText(trace: trace))
    }
  }
}

extension TraceInspection {
  var skippedList: [(String, Int)] {
    var list = skipped.sorted { $0.key < $1.key }.map { ($0.key.name, $0.value) }
    if malformedSkipped > 0 { list.append((SkipReason.malformedLine.name, malformedSkipped)) }
    return list
  }

  func renderText(trace: String) -> String {
    var out = "trace \(trace)\n"
    out += "header\n"
    for field in header.fields { out += "  \(field.key): \(field.value)\n" }
    out += "records      \(grouped(records))\n"
    if let first = firstSubmit, let last = lastSubmit {
      let days = (last - first).secondsValue / 86_400
      out += "submits      \(first.formatCompact()) s to \(last.formatCompact()) s (\(formatDecimal(days, decimals: 1)) days)\n"
    }
    out += "largest job  \(grouped(Int(largestJobProcessors))) processors"
    if let maxProcs = header.maxProcs { out += " (MaxProcs \(grouped(Int(maxProcs))))" }
    out += "\n"
    out += "anomalies\n"
    out += "  submit-order inversions      \(grouped(submitInversions))\n"
    out += "  zero run time                \(grouped(zeroRunTime))\n"
    out += "  ran past requested time      \(grouped(exceededRequestedTime))\n"
    out += "  larger than MaxProcs         \(grouped(largerThanMaxProcs))\n"
    let missing = missingByField.enumerated().filter { $0.element > 0 }
      .map { "f\($0.offset + 1):\(grouped($0.element))" }
    out += "  fields equal to -1           \(missing.isEmpty ? "none" : missing.joined(separator: " "))\n"
    let negative = otherNegativeByField.enumerated().filter { $0.element > 0 }
      .map { "f\($0.offset + 1):\(grouped($0.element))" }
    out += "  other negative values        \(negative.isEmpty ? "none" : negative.joined(separator: " "))\n"
    let skippedTotal = skippedList.reduce(0) { $0 + $1.1 }
    out += "skipped by replay  \(grouped(skippedTotal))\n"
    for (reason, count) in skippedList { out += "  \(reason): \(grouped(count))\n" }
    return out
  }

  func jsonValue(trace: String) -> JSONValue {
    func fieldCounts(_ counts: [Int]) -> JSONValue {
      .object(counts.enumerated().filter { $0.element > 0 }.map { ("f\($0.offset + 1)", .int(Int64($0.element))) })
    }
    return .object([
      ("trace", .string(trace)),
      ("header", .object(header.fields.map { ($0.key, .string($0.value)) })),
      ("records", .int(Int64(records))),
      ("first_submit_seconds", firstSubmit.map { .number($0.secondsValue, decimals: 6) } ?? .null),
      ("last_submit_seconds", lastSubmit.map { .number($0.secondsValue, decimals: 6) } ?? .null),
      ("largest_job_processors", .int(largestJobProcessors)),
      ("submit_inversions", .int(Int64(submitInversions))),
      ("zero_run_time", .int(Int64(zeroRunTime))),
      ("exceeded_requested_time", .int(Int64(exceededRequestedTime))),
      ("larger_than_max_procs", .int(Int64(largerThanMaxProcs))),
      ("missing_by_field", fieldCounts(missingByField)),
      ("other_negative_by_field", fieldCounts(otherNegativeByField)),
      ("skipped_by_reason", .object(skippedList.map { ($0.0, .int(Int64($0.1))) })),
    ])
  }
}
