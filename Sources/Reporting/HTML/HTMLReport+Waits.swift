extension HTMLReport {
  /// The wait-time CDF from the fixed-bin histogram, on a log time axis.
  func waitSection() -> String {
    let histogram = breakdown.waitHistogram
    let total = histogram.total
    guard total > 0 else {
      return section(
        id: "waits", title: "Wait-time distribution", note: "No job ran.", content: emptyChart(id: "chart-wait-cdf"))
    }
    let lastBin = histogram.counts.lastIndex { $0 > 0 } ?? 0
    let high = max(60, min(WaitHistogram.upperEdge(min(lastBin, WaitHistogram.binCount - 2)), 1e8))
    var points: [(Double, Double)] = []
    var cumulative = 0
    for bin in 0...lastBin {
      cumulative += histogram.counts[bin]
      let edge = min(WaitHistogram.upperEdge(bin), high)
      points.append((edge, Double(cumulative) / Double(total) * 100))
    }
    var plot = SVGPlot(x: (1, high), y: (0, 100), logX: true)
    plot.yAxis(niceTicks(0, 100).map { ($0, tickLabel($0) + " %") }, title: "jobs waiting at most x")
    let marks: [(Double, String)] = [
      (1, "1 s"), (10, "10 s"), (60, "1 min"), (600, "10 min"), (3_600, "1 h"), (21_600, "6 h"), (86_400, "1 d"),
      (604_800, "1 week"), (2_592_000, "30 d"), (31_536_000, "1 year"),
    ]
    plot.xAxis(marks.filter { $0.0 <= high }, title: "wait (log scale)")
    let m = report.metrics.wait
    for (value, name) in [(m.median, "median"), (m.p95, "p95")] where value >= 1 && value <= high {
      let x = plot.x(value)
      plot.body += "<line class=\"marker\" x1=\"\(px(x))\" x2=\"\(px(x))\" y1=\"\(px(plot.top))\" y2=\"\(px(plot.height - plot.bottom))\"/>"
      let nearRight = x > plot.width - plot.right - 120
      plot.body += "<text class=\"marker-label\" x=\"\(px(nearRight ? x - 4 : x + 4))\" y=\"\(px(plot.top + (name == "p95" ? 40 : 24)))\" "
      plot.body += "text-anchor=\"\(nearRight ? "end" : "start")\">\(name) \(escapeHTML(humanDuration(value)))</text>\n"
    }
    // A step function: flat within a bin, rising at its upper edge.
    var steps: [(Double, Double)] = [(1, points[0].1)]
    for index in 1..<points.count {
      steps.append((points[index - 1].0, points[index].1))
      steps.append((points[index].0, points[index].1))
    }
    steps.append((high, points[points.count - 1].1))
    plot.line(steps, cssClass: "line-cdf")
    let zeroShare = Double(histogram.counts[0]) / Double(total) * 100
    let note =
      "Share of the \(grouped(total)) replayed jobs that waited at most x, from a histogram with "
      + "\(WaitHistogram.binsPerDecade) logarithmic bins per decade; \(formatDecimal(zeroShare, decimals: 1)) % "
      + "waited under 1 s. Mean \(humanDuration(m.mean)), median \(humanDuration(m.median)), "
      + "p95 \(humanDuration(m.p95)), max \(humanDuration(m.max))."
    return section(
      id: "waits", title: "Wait-time distribution", note: note,
      content: plot.svg(id: "chart-wait-cdf", label: "Cumulative distribution of wait times"))
  }

  /// Mean bounded slowdown by job-size class, with a table of counts and waits.
  func sizeClassSection() -> String {
    let classes = breakdown.bySize
    let top = max(1, classes.map(\.stats.meanBoundedSlowdown).max() ?? 1)
    var plot = SVGPlot(height: 240, x: (0, Double(classes.count)), y: (0, top * 1.12))
    plot.yAxis(niceTicks(0, top * 1.12).map { ($0, tickLabel($0)) }, title: "mean bounded slowdown")
    plot.xAxis([], title: "job size (nodes)")
    for (index, entry) in classes.enumerated() {
      let x0 = plot.x(Double(index) + 0.2)
      let x1 = plot.x(Double(index) + 0.8)
      let center = (x0 + x1) / 2
      let value = entry.stats.meanBoundedSlowdown
      let y = plot.y(value)
      if entry.stats.jobs > 0 {
        plot.body += "<rect class=\"bar\" x=\"\(px(x0))\" y=\"\(px(y))\" width=\"\(px(x1 - x0))\" height=\"\(px(plot.y(0) - y))\">"
        plot.body += "<title>\(escapeHTML(entry.sizeClass.label)) nodes: \(grouped(entry.stats.jobs)) jobs, mean bounded slowdown \(formatDecimal(value, decimals: 2))</title></rect>"
        plot.body += "<text class=\"bar-label\" x=\"\(px(center))\" y=\"\(px(y - 4))\" text-anchor=\"middle\">\(formatDecimal(value, decimals: 2))</text>\n"
      }
      plot.body += "<text class=\"tick\" x=\"\(px(center))\" y=\"\(px(plot.y(0) + 16))\" text-anchor=\"middle\">\(escapeHTML(entry.sizeClass.label)) (n=\(grouped(entry.stats.jobs)))</text>\n"
    }
    var table = "<table id=\"table-size-classes\">\n<tr><th>nodes</th><th class=\"num\">jobs</th><th class=\"num\">mean wait</th>"
    table += "<th class=\"num\">max wait</th><th class=\"num\">mean bounded slowdown</th></tr>\n"
    for (sizeClass, stats) in classes {
      table += "<tr><td>\(escapeHTML(sizeClass.label))</td><td class=\"num\">\(grouped(stats.jobs))</td>"
      table += "<td class=\"num\">\(humanDuration(stats.meanWait))</td><td class=\"num\">\(humanDuration(stats.maxWait))</td>"
      table += "<td class=\"num\">\(formatDecimal(stats.meanBoundedSlowdown, decimals: 2))</td></tr>\n"
    }
    table += "</table>\n"
    let note =
      "Bounded slowdown max(1, (wait + run) / max(run, 10 s)), averaged per class of job size in nodes "
      + "(powers of 4). Classes without jobs have no bar."
    return section(
      id: "size-classes", title: "Bounded slowdown by job size", note: note,
      content: plot.svg(id: "chart-bsld-by-size", label: "Mean bounded slowdown by job-size class") + table)
  }
}
