extension HTMLReport {
  /// Utilisation, then queue length and running jobs, over time.
  func timeSeriesSection() -> String {
    let rows = TimeSeriesCollector.Row.downsample(series, maxPoints: Self.maxSeriesPoints)
    guard let first = rows.first, let last = rows.last else {
      return section(
        id: "timeseries", title: "Utilisation and queue over time", note: "No job ran.",
        content: emptyChart(id: "chart-utilisation") + emptyChart(id: "chart-queue"))
    }
    let low = first.time.secondsValue
    let high = last.time.secondsValue + last.width.secondsValue
    let ticks = TimeAxis.ticks(low: low, high: high, unixStartTime: unixStartTime)
    let bucket = rows.count > 1 ? rows[0].width.secondsValue : seriesResolution.secondsValue
    // Each value is drawn at its bucket's middle.
    func points(_ value: (TimeSeriesCollector.Row) -> Double) -> [(Double, Double)] {
      rows.map { ($0.time.secondsValue + $0.width.secondsValue / 2, value($0)) }
    }

    var utilisation = SVGPlot(x: (low, high), y: (0, 100))
    utilisation.yAxis(niceTicks(0, 100).map { ($0, tickLabel($0) + " %") }, title: "busy nodes (%)")
    utilisation.xAxis(ticks, title: TimeAxis.title(unixStartTime: unixStartTime))
    let utilisationPoints = points { $0.utilisation * 100 }
    utilisation.area(utilisationPoints, baseline: 0, cssClass: "area-util")
    utilisation.line(utilisationPoints, cssClass: "line-util")

    let queuePoints = points(\.queueLength)
    let runningPoints = points(\.runningJobs)
    let top = max(1, (queuePoints + runningPoints).map(\.1).max() ?? 1)
    var queue = SVGPlot(x: (low, high), y: (0, top * 1.05))
    queue.yAxis(niceTicks(0, top * 1.05).map { ($0, tickLabel($0)) }, title: "jobs")
    queue.xAxis(ticks, title: TimeAxis.title(unixStartTime: unixStartTime))
    queue.line(runningPoints, cssClass: "line-running")
    queue.line(queuePoints, cssClass: "line-queue")
    queue.legend("waiting (queue length)", cssClass: "line-queue", index: 1)
    queue.legend("running", cssClass: "line-running", index: 0)

    let note =
      "Time-averaged over buckets of \(humanDuration(bucket)) (\(grouped(rows.count)) points): "
      + "busy nodes / \(grouped(Int(report.nodes))) nodes; jobs waiting (submitted, not yet started) and running. "
      + "Utilisation over the whole window [first submit, last end]: "
      + "\(formatDecimal(report.metrics.utilisation * 100, decimals: 2)) %."
    return section(
      id: "timeseries", title: "Utilisation and queue over time", note: note,
      content: utilisation.svg(id: "chart-utilisation", label: "Utilisation over time")
        + queue.svg(id: "chart-queue", label: "Queue length and running jobs over time"))
  }

  /// A chart with a message instead of data (nothing to show).
  func emptyChart(id: String, message: String = "no data") -> String {
    var plot = SVGPlot(height: 80, x: (0, 1), y: (0, 1))
    plot.body = "<text class=\"axis-title\" x=\"550\" y=\"44\" text-anchor=\"middle\">\(escapeHTML(message))</text>\n"
    return plot.svg(id: id, label: message)
  }
}
