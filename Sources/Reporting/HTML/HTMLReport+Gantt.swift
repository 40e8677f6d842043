extension HTMLReport {
  /// The jobs of one window: time across, nodes down (node 0 at the top),
  /// one rectangle per run of consecutive nodes, coloured by user.
  func ganttSection() -> String {
    guard let window = gantt, window.end > window.start else {
      return section(
        id: "gantt", title: "Gantt chart", note: "No job ran in the window.",
        content: emptyChart(id: "chart-gantt", message: "no job in the window"))
    }
    let low = window.start.secondsValue
    let high = window.end.secondsValue
    let nodes = Double(max(report.nodes, 1))
    var plot = SVGPlot(height: 470, top: 10, x: (low, high), y: (nodes, 0))
    // Few nodes: one label per row, at its middle; many: round numbers at row tops.
    let nodeTicks =
      nodes <= 24
      ? (0..<Int(nodes)).map { (Double($0) + 0.5, String($0)) }
      : niceTicks(0, nodes, count: 6).filter { $0 < nodes }.map { ($0, tickLabel($0)) }
    plot.yAxis(nodeTicks, title: "node")
    plot.xAxis(TimeAxis.ticks(low: low, high: high, unixStartTime: unixStartTime), title: TimeAxis.title(unixStartTime: unixStartTime))
    let rowHeight = plot.y(1) - plot.y(0)
    // Outline jobs where rows are tall enough for a line not to hide them.
    let outline = rowHeight >= 3 ? " stroke=\"#fff\" stroke-width=\"0.8\"" : ""
    for bar in window.bars {
      let start = max(bar.start.secondsValue, low)
      let end = min(bar.end?.secondsValue ?? high, high)
      let x0 = plot.x(start)
      let width = max(plot.x(end) - x0, 0.5)
      // Golden-angle hues: neighbouring user ids get distinct colours.
      let hue = Int((Double(abs(Int(bar.user))) * 137.508).truncatingRemainder(dividingBy: 360))
      var element = "<g fill=\"hsl(\(hue) 62% 52%)\"\(outline)><title>job \(bar.jobID), user \(bar.user), \(bar.nodes.count) nodes, "
      element += "\(escapeHTML(stamp(bar.start.secondsValue))) to \(bar.end.map { escapeHTML(stamp($0.secondsValue)) } ?? "after the window")</title>"
      bar.nodes.forEachRun { run in
        let y = plot.y(Double(run.lower))
        let height = max(Double(run.count) * rowHeight, 0.6)
        element += "<rect x=\"\(px(x0))\" y=\"\(px(y))\" width=\"\(px(width))\" height=\"\(px(height))\"/>"
      }
      plot.body += element + "</g>\n"
    }
    let what = window.isBusiestDay
      ? "The busiest day (most node-seconds used; days of 24 h from the trace's origin), drawn where it has jobs"
      : "The window given with --gantt-window"
    var note = "\(what): \(stamp(low)) to \(stamp(high)). \(grouped(window.bars.count)) jobs drawn"
    if window.omitted > 0 {
      note += "; \(grouped(window.omitted)) more not drawn (at most \(grouped(window.bars.count)) are)"
    }
    if window.isBusiestDay && report.nodes > 0 {
      let share = Double(window.busyNodeMicroseconds) / (Double(report.nodes) * 86_400e6) * 100
      note += "; \(formatDecimal(share, decimals: 1)) % of the machine's node-time that day was used"
    }
    note += ". Colours identify users; hover a job for its details."
    return section(
      id: "gantt", title: "Gantt chart", note: note,
      content: plot.svg(id: "chart-gantt", label: "Gantt chart of the jobs in the window"))
  }

  /// A trace time as a UTC date and time, or as day and time from the origin.
  func stamp(_ seconds: Double) -> String {
    TimeAxis.label(Int64(seconds.rounded(.down)), step: 3_600, unixStartTime: unixStartTime)
      + (unixStartTime == nil ? "" : " UTC")
  }
}
