extension SummaryComparison {
  /// A cell's text: the value, its difference from the first run, and that
  /// difference in percent.
  func cells(_ metric: Metric, _ run: Run) -> (value: String, absolute: String, relative: String) {
    let value = run.values[metric.key].map { Self.number($0, metric.decimals) } ?? "-"
    let (absolute, relative) = difference(metric, run: run)
    let absoluteText = absolute.map { Self.signed(Self.number($0, metric.decimals), negative: $0 < 0) } ?? "-"
    let relativeText = relative.map { Self.signed(formatDecimal($0 * 100, decimals: 1), negative: $0 < 0) + "%" } ?? "n/a"
    return (value, absoluteText, relativeText)
  }

  /// `text` with an explicit sign: `+` unless `negative`, and `-` kept even
  /// when the value rounds to zero (`-0.0%` for a tiny decrease).
  static func signed(_ text: String, negative: Bool) -> String {
    if text.hasPrefix("-") { return text }
    return (negative ? "-" : "+") + text
  }

  /// `1234.5` as `1,234.5`.
  static func number(_ value: Double, _ decimals: Int) -> String {
    let text = formatDecimal(value, decimals: decimals)
    let negative = text.hasPrefix("-")
    let unsigned = negative ? String(text.dropFirst()) : text
    let parts = unsigned.split(separator: ".", maxSplits: 1)
    guard let whole = parts.first.flatMap({ Int($0) }) else { return text }
    let fraction = parts.count > 1 ? "." + parts[1] : ""
    return (negative ? "-" : "") + grouped(whole) + fraction
  }

  /// The legend lines: label, file, trace, policy, machine.
  func legend() -> [String] {
    runs.map { run in
      var facts: [String] = []
      if let trace = run.trace { facts.append("trace \(baseName(trace))") }
      if let policy = run.policy { facts.append("policy \(policy)") }
      if let machine = run.machine { facts.append(machine) }
      return "\(run.label) = \(run.path)" + (facts.isEmpty ? "" : " (" + facts.joined(separator: ", ") + ")")
    }
  }

  /// A plain-text table: one row per metric; the first summary's value, then
  /// for each other summary its value, difference and relative difference.
  public func renderText() -> String {
    var header = ["metric", runs.first?.label ?? "A"]
    for run in runs.dropFirst() { header += [run.label, "\(run.label)-\(runs[0].label)", "\(run.label) vs \(runs[0].label)"] }
    var rows: [[String]] = [header]
    for metric in Self.metrics {
      guard runs.contains(where: { $0.values[metric.key] != nil }) else { continue }
      var row = [metric.label, cells(metric, runs[0]).value]
      for run in runs.dropFirst() {
        let cell = cells(metric, run)
        row += [cell.value, cell.absolute, cell.relative]
      }
      rows.append(row)
    }
    let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
    var out = "hpcsim compare: \(runs.count) summaries\n"
    for line in legend() { out += "  \(line)\n" }
    if tracesDiffer { out += "  note: the summaries replay different traces\n" }
    out += "\n"
    for row in rows {
      var line = ""
      for (column, cell) in row.enumerated() {
        let padding = String(repeating: " ", count: widths[column] - cell.count)
        line += column == 0 ? cell + padding : "  " + padding + cell
      }
      out += line + "\n"
    }
    return out
  }

  /// The same table as a self-contained HTML page; differences are green
  /// when better, red when worse (for metrics where that is defined).
  public func renderHTML() -> String {
    var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    html += "<title>hpcsim compare</title>\n<style>\n"
    html += """
      body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2733;
        margin: 0 auto; max-width: 1180px; padding: 16px 24px 40px; }
      h1 { font-size: 20px; }
      table { border-collapse: collapse; font-size: 13px; }
      th, td { border-bottom: 1px solid #e3e8ee; padding: 4px 10px; text-align: right;
        font-variant-numeric: tabular-nums; }
      th:first-child, td:first-child { text-align: left; }
      td.better { color: #1f7a36; }
      td.worse { color: #b3261e; }
      ul { font-size: 13px; color: #5a6573; }

      """
    html += "</style>\n</head>\n<body>\n<h1>hpcsim compare: \(runs.count) summaries</h1>\n<ul>\n"
    for line in legend() { html += "<li>\(escapeHTML(line))</li>\n" }
    if tracesDiffer { html += "<li><strong>The summaries replay different traces.</strong></li>\n" }
    html += "</ul>\n<table id=\"compare-table\">\n<tr><th>metric</th><th>\(escapeHTML(runs.first?.label ?? "A"))</th>"
    for run in runs.dropFirst() {
      html += "<th>\(escapeHTML(run.label))</th><th>\(escapeHTML(run.label))-\(escapeHTML(runs[0].label))</th>"
      html += "<th>\(escapeHTML(run.label)) vs \(escapeHTML(runs[0].label))</th>"
    }
    html += "</tr>\n"
    for metric in Self.metrics {
      guard runs.contains(where: { $0.values[metric.key] != nil }) else { continue }
      html += "<tr><td>\(escapeHTML(metric.label))</td><td>\(cells(metric, runs[0]).value)</td>"
      for run in runs.dropFirst() {
        let cell = cells(metric, run)
        var verdict = ""
        if let lower = metric.lowerIsBetter, let delta = difference(metric, run: run).absolute, delta != 0 {
          verdict = (delta < 0) == lower ? " class=\"better\"" : " class=\"worse\""
        }
        html += "<td>\(cell.value)</td><td\(verdict)>\(cell.absolute)</td><td\(verdict)>\(cell.relative)</td>"
      }
      html += "</tr>\n"
    }
    html += "</table>\n</body>\n</html>\n"
    return html
  }
}
