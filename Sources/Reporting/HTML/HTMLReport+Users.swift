extension HTMLReport {
  /// The users with the largest total wait, as horizontal bars and a table.
  func usersSection() -> String {
    let users = breakdown.topUsersByTotalWait(Self.topUsers)
    guard !users.isEmpty else {
      return section(
        id: "users", title: "Top users by total wait", note: "No job ran.", content: emptyChart(id: "chart-top-users"))
    }
    let totalWait = breakdown.byUser.reduce(0) { $0 + $1.stats.totalWait }
    let top = max(users[0].stats.totalWait / 3_600, 1e-9)
    let rowHeight = 22.0
    let height = 30 + rowHeight * Double(users.count) + 30
    var plot = SVGPlot(height: height, left: 110, right: 240, top: 10, x: (0, top * 1.02), y: (0, 1))
    plot.xAxis(niceTicks(0, top * 1.02).map { ($0, tickLabel($0)) }, title: "total wait (hours)")
    for (index, entry) in users.enumerated() {
      let y = 14 + rowHeight * Double(index)
      let hours = entry.stats.totalWait / 3_600
      let x1 = plot.x(hours)
      let name = entry.user < 0 ? "unknown" : "user \(entry.user)"
      plot.body += "<text class=\"tick\" x=\"\(px(plot.left - 6))\" y=\"\(px(y + 13))\" text-anchor=\"end\">\(escapeHTML(name))</text>"
      plot.body += "<rect class=\"bar-user\" x=\"\(px(plot.left))\" y=\"\(px(y + 2))\" width=\"\(px(max(x1 - plot.left, 0.5)))\" height=\"\(px(rowHeight - 6))\">"
      plot.body += "<title>\(escapeHTML(name)): \(grouped(entry.stats.jobs)) jobs, total wait \(humanDuration(entry.stats.totalWait))</title></rect>"
      plot.body += "<text class=\"bar-label\" x=\"\(px(x1 + 6))\" y=\"\(px(y + 13))\">\(escapeHTML(humanDuration(entry.stats.totalWait))), "
      plot.body += "\(grouped(entry.stats.jobs)) jobs, mean \(escapeHTML(humanDuration(entry.stats.meanWait)))</text>\n"
    }
    var table = "<table id=\"table-top-users\">\n<tr><th>user</th><th class=\"num\">jobs</th><th class=\"num\">total wait</th>"
    table += "<th class=\"num\">share of all waiting</th><th class=\"num\">mean wait</th><th class=\"num\">mean bounded slowdown</th></tr>\n"
    for entry in users {
      let share = totalWait > 0 ? entry.stats.totalWait / totalWait * 100 : 0
      table += "<tr><td>\(entry.user < 0 ? "unknown" : String(entry.user))</td><td class=\"num\">\(grouped(entry.stats.jobs))</td>"
      table += "<td class=\"num\">\(humanDuration(entry.stats.totalWait))</td><td class=\"num\">\(formatDecimal(share, decimals: 1)) %</td>"
      table += "<td class=\"num\">\(humanDuration(entry.stats.meanWait))</td>"
      table += "<td class=\"num\">\(formatDecimal(entry.stats.meanBoundedSlowdown, decimals: 2))</td></tr>\n"
    }
    table += "</table>\n"
    let note =
      "The \(users.count) of \(grouped(breakdown.byUser.count)) users (SWF field 12) whose jobs waited longest in total. "
      + "The summary JSON lists every user (by_user) and the top \(ReplayReport.topUserCount)."
    return section(
      id: "users", title: "Top users by total wait", note: note,
      content: plot.svg(id: "chart-top-users", label: "Users with the largest total wait") + table)
  }
}
