/// Where the plan gained free nodes: a job ending before its planned end,
/// or a reservation moving earlier. Tells which reservations may move.
///
/// A reservation is placed, and re-checked, at the earliest slot the plan
/// allows; it can find an earlier one later only through nodes freed since,
/// and only before the end of such a freed interval. So each job remembers
/// how many gains it has seen (`count` when last checked), and asks for the
/// latest end among those logged since (`latestEnd(since:)`).
///
/// Only the gains whose end is later than every gain logged after them can
/// answer such a question: they are kept as a stack with ends decreasing
/// towards the top (and sequence numbers increasing), so a query is a binary
/// search and a gain is logged in amortised O(1).
struct IncreaseLog: Sendable {
  /// Gains ever logged: the sequence number of the next one.
  private(set) var count = 0
  /// (sequence, end) with sequences increasing and ends strictly decreasing.
  private var stack: [(sequence: Int, end: Int64)] = []
  /// The last query and its answer, valid while the stack is unchanged:
  /// a compressing pass asks for each reservation in turn, and most were
  /// last checked against the same gains, so most queries repeat.
  private var cachedSequence = -1
  private var cachedEnd = Int64.min

  /// Logs nodes freed in the plan until `end` (µs).
  mutating func record(end: Int64) {
    while let top = stack.last, top.end <= end { stack.removeLast() }
    stack.append((count, end))
    count += 1
    cachedSequence = -1
  }

  /// The latest end (µs) of the gains logged at or after `sequence`, or
  /// `Int64.min` when there are none.
  ///
  /// - Complexity: O(1) for a repeated query, O(log kept gains) otherwise.
  mutating func latestEnd(since sequence: Int) -> Int64 {
    if sequence == cachedSequence { return cachedEnd }
    var low = 0
    var high = stack.count
    while low < high {
      let mid = (low + high) &>> 1
      if stack[mid].sequence < sequence { low = mid + 1 } else { high = mid }
    }
    let end = low < stack.count ? stack[low].end : .min
    cachedSequence = sequence
    cachedEnd = end
    return end
  }

  /// Drops the gains that ended by `now`: they cannot help anyone any more.
  mutating func forget(endingBy now: Int64) {
    while let top = stack.last, top.end <= now {
      stack.removeLast()
      cachedSequence = -1
    }
  }
}
