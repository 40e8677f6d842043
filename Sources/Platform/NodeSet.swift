/// A closed run of consecutive node indices, `lower...upper`.
@frozen
public struct NodeRun: Hashable, Sendable {
  public var lower: Int32
  public var upper: Int32

  @inlinable @inline(__always)
  public init(_ lower: Int32, _ upper: Int32) {
    self.lower = lower
    self.upper = upper
  }

  /// The number of nodes in the run.
  @inlinable public var count: Int32 { upper - lower + 1 }
}

/// A set of node indices as sorted, disjoint, non-adjacent runs: the
/// canonical interval-set form Batsim and evalys use (`0-3 8 10-11`).
public struct NodeSet: Hashable, Sendable {
  /// The runs, ascending; no two overlap or touch.
  public var runs: [NodeRun]

  @inlinable public init() { runs = [] }

  /// A set made of runs that are already canonical.
  @inlinable public init(canonicalRuns: [NodeRun]) { runs = canonicalRuns }

  /// The number of nodes in the set.
  ///
  /// - Complexity: O(number of runs)
  @inlinable public var count: Int {
    var total = 0
    for run in runs { total += Int(run.count) }
    return total
  }

  @inlinable public var isEmpty: Bool { runs.isEmpty }

  /// Whether `node` is in the set.
  ///
  /// - Complexity: O(log number of runs)
  public func contains(_ node: Int32) -> Bool {
    var low = 0
    var high = runs.count
    while low < high {
      let mid = (low + high) / 2
      if runs[mid].upper < node { low = mid + 1 } else { high = mid }
    }
    return low < runs.count && runs[low].lower <= node
  }

  /// The interval-set text: `0-3 8 10-11`; empty for an empty set.
  public var intervalSetDescription: String {
    var text = ""
    for run in runs {
      if !text.isEmpty { text += " " }
      text += run.lower == run.upper ? String(run.lower) : "\(run.lower)-\(run.upper)"
    }
    return text
  }

  /// Parses `0-3 8 10-11`; returns `nil` on malformed text. Runs may come in
  /// any order and may touch: the result is canonical.
  public init?(intervalSet text: Substring) {
    var parsed: [NodeRun] = []
    for token in text.split(separator: " ", omittingEmptySubsequences: true) {
      let parts = token.split(separator: "-", omittingEmptySubsequences: false)
      guard parts.count == 1 || parts.count == 2,
        let lower = Int32(parts[0]), let upper = Int32(parts[parts.count - 1]),
        lower >= 0, lower <= upper
      else { return nil }
      parsed.append(NodeRun(lower, upper))
    }
    parsed.sort { $0.lower < $1.lower }
    var merged: [NodeRun] = []
    for run in parsed {
      if let last = merged.last, run.lower <= last.upper + 1 {
        merged[merged.count - 1].upper = max(last.upper, run.upper)
      } else {
        merged.append(run)
      }
    }
    runs = merged
  }
}
