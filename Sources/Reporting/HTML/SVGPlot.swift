#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A plot area inside an inline SVG: maps data to pixels and draws axes,
/// ticks, grid lines and marks as SVG text. Coordinates are printed with one
/// decimal, so a chart's size is predictable (about 12 bytes a point).
struct SVGPlot {
  let width: Double
  let height: Double
  let left: Double
  let right: Double
  let top: Double
  let bottom: Double
  var x: Scale
  var y: Scale
  var body = ""

  /// A scale from a data interval to a pixel interval, linear or log10.
  struct Scale {
    var low: Double
    var high: Double
    var pixelLow: Double
    var pixelHigh: Double
    var logarithmic = false

    func callAsFunction(_ value: Double) -> Double {
      let (a, b, v) = logarithmic ? (log10(low), log10(high), log10(max(value, low))) : (low, high, value)
      guard b != a, b.isFinite, a.isFinite else { return pixelLow }
      return pixelLow + (v - a) / (b - a) * (pixelHigh - pixelLow)
    }
  }

  init(
    width: Double = 1_100, height: Double = 260, left: Double = 70, right: Double = 20, top: Double = 16,
    bottom: Double = 40, x: (Double, Double), y: (Double, Double), logX: Bool = false
  ) {
    self.width = width
    self.height = height
    self.left = left
    self.right = right
    self.top = top
    self.bottom = bottom
    self.x = Scale(low: x.0, high: x.1, pixelLow: left, pixelHigh: width - right, logarithmic: logX)
    self.y = Scale(low: y.0, high: y.1, pixelLow: height - bottom, pixelHigh: top)
  }

  /// The `<svg>` element with `id`, an accessible label and the drawing.
  func svg(id: String, label: String) -> String {
    "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-label=\"\(escapeHTML(label))\" "
      + "viewBox=\"0 0 \(px(width)) \(px(height))\" preserveAspectRatio=\"xMidYMid meet\">\n\(body)</svg>\n"
  }

  // MARK: - Axes

  /// Horizontal grid lines and labels at `ticks` on the y axis.
  mutating func yAxis(_ ticks: [(value: Double, label: String)], title: String) {
    for tick in ticks {
      let py = y(tick.value)
      body += "<line class=\"grid\" x1=\"\(px(left))\" x2=\"\(px(width - right))\" y1=\"\(px(py))\" y2=\"\(px(py))\"/>"
      body += "<text class=\"tick\" x=\"\(px(left - 6))\" y=\"\(px(py + 4))\" text-anchor=\"end\">\(escapeHTML(tick.label))</text>\n"
    }
    let middle = (top + height - bottom) / 2
    body += "<text class=\"axis-title\" transform=\"translate(14 \(px(middle))) rotate(-90)\" text-anchor=\"middle\">\(escapeHTML(title))</text>\n"
  }

  /// Tick marks and labels at `ticks` on the x axis.
  mutating func xAxis(_ ticks: [(value: Double, label: String)], title: String) {
    let base = height - bottom
    body += "<line class=\"axis\" x1=\"\(px(left))\" x2=\"\(px(width - right))\" y1=\"\(px(base))\" y2=\"\(px(base))\"/>"
    for tick in ticks {
      let pxX = x(tick.value)
      body += "<line class=\"axis\" x1=\"\(px(pxX))\" x2=\"\(px(pxX))\" y1=\"\(px(base))\" y2=\"\(px(base + 5))\"/>"
      body += "<text class=\"tick\" x=\"\(px(pxX))\" y=\"\(px(base + 18))\" text-anchor=\"middle\">\(escapeHTML(tick.label))</text>\n"
    }
    if !title.isEmpty {
      body += "<text class=\"axis-title\" x=\"\(px((left + width - right) / 2))\" y=\"\(px(height - 4))\" text-anchor=\"middle\">\(escapeHTML(title))</text>\n"
    }
  }

  // MARK: - Marks

  /// A polyline through `points` (data coordinates).
  mutating func line(_ points: [(Double, Double)], cssClass: String) {
    guard !points.isEmpty else { return }
    var text = "<polyline class=\"\(cssClass)\" points=\""
    text.reserveCapacity(points.count * 12 + 40)
    for (index, point) in points.enumerated() {
      if index > 0 { text += " " }
      text += px(x(point.0)) + "," + px(y(point.1))
    }
    body += text + "\"/>\n"
  }

  /// A filled area under `points` down to y = `baseline`.
  mutating func area(_ points: [(Double, Double)], baseline: Double, cssClass: String) {
    guard let first = points.first, let last = points.last else { return }
    var text = "<polygon class=\"\(cssClass)\" points=\"\(px(x(first.0))),\(px(y(baseline)))"
    text.reserveCapacity(points.count * 12 + 60)
    for point in points { text += " " + px(x(point.0)) + "," + px(y(point.1)) }
    text += " \(px(x(last.0))),\(px(y(baseline)))\"/>\n"
    body += text
  }

  /// A legend entry at the top right, `index` counting from the right.
  mutating func legend(_ label: String, cssClass: String, index: Int) {
    let x0 = width - right - 170 * Double(index + 1)
    body += "<line class=\"\(cssClass)\" x1=\"\(px(x0))\" x2=\"\(px(x0 + 22))\" y1=\"\(px(top + 6))\" y2=\"\(px(top + 6))\"/>"
    body += "<text class=\"legend\" x=\"\(px(x0 + 28))\" y=\"\(px(top + 10))\">\(escapeHTML(label))</text>\n"
  }
}

/// A pixel coordinate with one decimal (no trailing `.0`).
func px(_ value: Double) -> String {
  let tenths = (value * 10).rounded()
  guard tenths.isFinite, abs(tenths) < 1e12 else { return "0" }
  let whole = Int64(tenths)
  let text = String(whole / 10)
  let fraction = abs(whole % 10)
  let sign = whole < 0 && whole / 10 == 0 ? "-" : ""
  return fraction == 0 ? sign + text : sign + text + "." + String(fraction)
}

/// About `count` round tick values (1, 2 or 5 × 10^k apart) covering
/// `[low, high]`.
func niceTicks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
  guard high > low, high.isFinite, low.isFinite else { return [low] }
  let raw = (high - low) / Double(max(count, 1))
  let magnitude = pow(10, (log10(raw)).rounded(.down))
  let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
  var ticks: [Double] = []
  var value = (low / step).rounded(.up) * step
  while value <= high + step * 1e-9 {
    ticks.append(abs(value) < step * 1e-9 ? 0 : value)
    value += step
  }
  return ticks
}

/// A compact number for tick labels: `0`, `2.5`, `1,200`, `3.4 M`.
func tickLabel(_ value: Double) -> String {
  let magnitude = abs(value)
  if magnitude >= 1e6 { return formatDecimal(value / 1e6, decimals: magnitude >= 1e7 ? 0 : 1) + " M" }
  if magnitude >= 1_000 || value == value.rounded() { return grouped(Int(value.rounded())) }
  if magnitude >= 10 { return formatDecimal(value, decimals: 1) }
  return formatDecimal(value, decimals: 2).trimmingZeros()
}

extension String {
  /// `2.50` as `2.5`, `3.00` as `3`.
  func trimmingZeros() -> String {
    guard contains(".") else { return self }
    var text = self
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }
}

/// `text` with `& < > " '` escaped for HTML text and attribute values.
public func escapeHTML(_ text: String) -> String {
  var out = ""
  out.reserveCapacity(text.utf8.count)
  for character in text {
    switch character {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    default: out.append(character)
    }
  }
  return out
}

/// A duration in the largest sensible unit: `45 s`, `12 min`, `3.2 h`, `4.1 d`.
func humanDuration(_ seconds: Double) -> String {
  let magnitude = abs(seconds)
  if magnitude < 60 { return formatDecimal(seconds, decimals: magnitude < 10 ? 1 : 0).trimmingZeros() + " s" }
  if magnitude < 3_600 { return formatDecimal(seconds / 60, decimals: 1).trimmingZeros() + " min" }
  if magnitude < 172_800 { return formatDecimal(seconds / 3_600, decimals: 1).trimmingZeros() + " h" }
  return formatDecimal(seconds / 86_400, decimals: 1).trimmingZeros() + " d"
}
