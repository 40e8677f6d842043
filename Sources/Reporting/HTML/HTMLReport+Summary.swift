extension HTMLReport {
  /// The summary metrics and the provenance, as two tables.
  func summarySection() -> String {
    let m = report.metrics
    var rows: [(String, String)] = [
      ("trace", baseName(report.tracePath)),
      ("machine", "\(report.machineName): \(grouped(Int(report.nodes))) nodes, \(report.coresPerNode) trace processor(s) per node"),
      ("policy", "\(report.policy) (estimates: \(report.estimateSource))"),
      (
        "jobs",
        "\(grouped(report.recordsRead)) records, \(grouped(m.jobsReplayed)) replayed, "
          + "\(grouped(report.skippedTotal)) skipped, \(grouped(report.rejectedTotal)) rejected"
          + (m.jobsTimedOut > 0 ? ", \(grouped(m.jobsTimedOut)) killed at their time limit" : "")
      ),
    ]
    for (reason, count) in report.skipped { rows.append(("skipped: \(reason)", grouped(count))) }
    for (reason, count) in m.rejected { rows.append(("rejected: \(reason)", grouped(count))) }
    rows += [
      ("wait", distribution(m.wait, format: humanDuration)),
      ("bounded slowdown (tau = 10 s)", distribution(m.boundedSlowdown) { formatDecimal($0, decimals: 2) }),
      ("mean response", humanDuration(m.meanResponse)),
      ("utilisation", "\(formatDecimal(m.utilisation * 100, decimals: 2)) % of node-time over [first submit, last end]"),
      (
        "makespan",
        "\(humanDuration(m.makespan.secondsValue)) (last end - first submit; \(m.makespan.formatCompact()) s)"
      ),
      ("events", "\(grouped(report.counters.events)) events, \(grouped(report.counters.passes)) scheduling passes"),
    ]
    var html = "<table id=\"summary-table\">\n"
    for (label, value) in rows {
      html += "<tr><th>\(escapeHTML(label))</th><td>\(escapeHTML(value))</td></tr>\n"
    }
    html += "</table>\n"
    html += "<h3 class=\"note\">Provenance</h3>\n<table id=\"provenance-table\">\n"
    var facts: [(String, String)] = [
      ("hpcsim version", report.version),
      ("trace", report.tracePath),
    ]
    if let provenance = report.provenance {
      facts.append(("trace SHA-256", provenance.traceSHA256))
      facts.append(("trace size", "\(grouped(Int(provenance.traceBytes))) bytes"))
      if let config = provenance.machineConfig {
        facts.append(("machine config", config))
        facts.append(("machine config SHA-256", provenance.machineConfigSHA256 ?? "unknown"))
      }
    }
    for (key, value) in report.options { facts.append(("option \(key)", value)) }
    for (label, value) in facts {
      html += "<tr><th>\(escapeHTML(label))</th><td><code>\(escapeHTML(value))</code></td></tr>\n"
    }
    html += "</table>\n"
    return section(
      id: "summary", title: "Summary",
      note: "The same numbers as 'hpcsim replay' prints (and --summary-out writes as JSON).", content: html)
  }

  func distribution(_ d: Distribution, format: (Double) -> String) -> String {
    "mean \(format(d.mean)), median \(format(d.median)), p95 \(format(d.p95)), max \(format(d.max))"
  }
}
