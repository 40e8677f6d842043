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
///
/// Most allocations are a single run, so the first run is stored inline and
/// only further runs go to an array: allocating a single-run set costs no
/// heap allocation, which matters at one allocation per job.
public struct NodeSet: Hashable, Sendable {
  /// The first run; `upper < lower` when the set is empty.
  @usableFromInline var head: NodeRun
  /// Runs after the first, or `nil` when there are none (never empty).
  @usableFromInline var tail: [NodeRun]?

  /// The empty set.
  @inlinable public init() {
    head = NodeRun(0, -1)
    tail = nil
  }

  /// The set of one run.
  @inlinable public init(run: NodeRun) {
    head = run
    tail = nil
  }

  /// A set of a first run and a non-empty tail, already canonical.
  @usableFromInline init(head: NodeRun, tail: [NodeRun]) {
    self.head = head
    self.tail = tail
  }

  /// A set of a first run and the runs after it (`nil` or empty: none),
  /// already canonical: the parts `headRun` and `tailRuns` of another set.
  @inlinable public init(head: NodeRun, tailRuns: [NodeRun]?) {
    self.head = head
    self.tail = tailRuns?.isEmpty == false ? tailRuns : nil
  }

  /// The first run (`upper < lower` when the set is empty).
  @inlinable public var headRun: NodeRun { head }

  /// The runs after the first, or `nil` when there are none.
  @inlinable public var tailRuns: [NodeRun]? { tail }

  /// A set made of runs that are already canonical.
  public init(canonicalRuns: [NodeRun]) {
    guard let first = canonicalRuns.first else {
      head = NodeRun(0, -1)
      tail = nil
      return
    }
    head = first
    tail = canonicalRuns.count > 1 ? Array(canonicalRuns.dropFirst()) : nil
  }

  /// The runs, ascending; no two overlap or touch.
  public var runs: [NodeRun] {
    get {
      guard head.upper >= head.lower else { return [] }
      return [head] + (tail ?? [])
    }
    set { self = NodeSet(canonicalRuns: newValue) }
  }

  /// Calls `body` with each run in ascending order, without building an array.
  @inlinable
  public func forEachRun(_ body: (NodeRun) throws -> Void) rethrows {
    guard head.upper >= head.lower else { return }
    try body(head)
    if let tail { for run in tail { try body(run) } }
  }

  /// The number of runs.
  @inlinable public var runCount: Int {
    head.upper >= head.lower ? 1 + (tail?.count ?? 0) : 0
  }

  /// The number of nodes in the set.
  ///
  /// - Complexity: O(number of runs)
  @inlinable public var count: Int {
    guard head.upper >= head.lower else { return 0 }
    var total = Int(head.count)
    if let tail { for run in tail { total += Int(run.count) } }
    return total
  }

  @inlinable public var isEmpty: Bool { head.upper < head.lower }

  /// Whether `node` is in the set.
  ///
  /// - Complexity: O(log number of runs)
  public func contains(_ node: Int32) -> Bool {
    let runs = self.runs
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
    forEachRun { run in
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
    self.init(canonicalRuns: merged)
  }
}
