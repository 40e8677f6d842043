/// One step of an `AvailabilityProfile`: from `time` until the next step's
/// time, `free` nodes are neither running nor reserved.
@frozen
@usableFromInline
struct ProfileStep: Hashable, Sendable {
  /// When the step begins, in microseconds.
  @usableFromInline var time: Int64
  /// Nodes free from `time` until the next step.
  @usableFromInline var free: Int32
  /// How many planned intervals (a running job's remaining time, a
  /// reservation) begin or end exactly at `time`. A step exists only while
  /// this is positive (or it is the first), so every interval's ends stay
  /// addressable and steps never pile up.
  @usableFromInline var edges: Int32

  @inlinable
  init(time: Int64, free: Int32, edges: Int32) {
    self.time = time
    self.free = free
    self.edges = edges
  }
}

/// Free nodes over future time, as a step function: the plan conservative
/// backfilling keeps (Mu'alem & Feitelson 2001), built from running jobs'
/// estimated ends and every waiting job's reservation.
///
/// One sorted, contiguous array of 16-byte steps. Searching for a slot is a
/// linear scan from the present (each step is visited at most once); adding
/// or removing an interval is a binary search plus one memmove per new or
/// vanished step. Steps in the past are skipped by an offset and dropped in
/// bulk, so advancing time costs nothing per pass.
///
/// The first live step (`steps[first]`) covers `origin`, the present: its
/// own time may be earlier. An interval starting at or before `origin` has
/// no edge there. The last step always has every node free.
struct AvailabilityProfile: Sendable {
  /// The steps, ascending by time; those before `first` are in the past.
  private(set) var steps: [ProfileStep]
  /// Index of the step covering `origin`.
  private(set) var first = 0
  /// The present instant, in microseconds.
  private(set) var origin: Int64
  /// Nodes in the machine.
  let totalNodes: Int32
  /// The running maxima of `free` from `first` on, over the steps
  /// `first ..< recordsScanned`: each entry is a step whose free count
  /// exceeds every live step before it. So the first step with at least `n`
  /// free is found by binary search (`firstReaching`), and a job can skip
  /// the stretch where it cannot start at all. Kept lazily: a change at
  /// step `i` drops the entries from `i` on.
  private(set) var records: [(index: Int, free: Int32)] = []
  private(set) var recordsScanned = 0

  /// An empty plan at `origin`: every node free from then on.
  init(totalNodes: Int32, origin: Int64) {
    self.totalNodes = totalNodes
    self.origin = origin
    steps = [ProfileStep(time: origin, free: totalNodes, edges: 0)]
    steps.reserveCapacity(1024)
    records.reserveCapacity(64)
  }

  /// Nodes free at the present instant.
  var freeNow: Int32 { steps[first].free }

  /// Live steps (those not in the past).
  var count: Int { steps.count - first }

  /// Moves the present to `now` (not earlier than `origin`), forgetting the
  /// steps that end by then.
  ///
  /// - Complexity: O(steps passed), amortised O(1) per step ever created.
  mutating func advance(to now: Int64) {
    precondition(now >= origin, "the profile cannot move back from \(origin) to \(now) µs")
    origin = now
    var index = first
    let end = steps.count
    while index + 1 < end && steps[index + 1].time <= now { index += 1 }
    guard index != first else { return }
    first = index
    if first >= 512 && first * 2 >= steps.count {
      steps.removeSubrange(0..<first)
      first = 0
    }
    records.removeAll(keepingCapacity: true)
    recordsScanned = first
  }

  /// Starts again from an empty plan at `now` with `free` nodes free now.
  mutating func reset(origin now: Int64, free: Int32) {
    steps.removeAll(keepingCapacity: true)
    steps.append(ProfileStep(time: now, free: free, edges: 0))
    first = 0
    origin = now
    records.removeAll(keepingCapacity: true)
    recordsScanned = 0
  }

  /// Appends a step for the end of running jobs at `time` (not before the
  /// last step), freeing `nodes`: builds a plan from ends in ascending order.
  mutating func appendEnd(at time: Int64, nodes: Int32) {
    let last = steps.count - 1
    precondition(time >= steps[last].time, "ends must be appended in ascending order")
    forgetRecords(from: last)
    if time == steps[last].time && last > first {
      steps[last].free += nodes
      steps[last].edges += 1
    } else if time <= origin {
      steps[last].free += nodes
    } else {
      steps.append(ProfileStep(time: time, free: steps[last].free + nodes, edges: 1))
    }
  }

  // MARK: - Intervals

  /// Plans `nodes` busy over `[start, end)`: a reservation, or a job started now.
  mutating func occupy(_ nodes: Int32, from start: Int64, to end: Int64) {
    apply(-nodes, from: start, to: end, startEdge: 1, endEdge: 1)
  }

  /// Removes a planned interval `[start, end)` of `nodes` (a reservation moving).
  mutating func vacate(_ nodes: Int32, from start: Int64, to end: Int64) {
    apply(nodes, from: start, to: end, startEdge: -1, endEdge: -1)
  }

  /// A running job planned to hold `nodes` until `plannedEnd` ended at
  /// `time`, earlier: its nodes are free from `time` on.
  mutating func endEarly(_ nodes: Int32, at time: Int64, plannedEnd: Int64) {
    apply(nodes, from: time, to: plannedEnd, startEdge: 1, endEdge: -1)
  }

  /// Adds `delta` free nodes over `[start, end)` and the given edge counts at
  /// its ends. A start at or before `origin` counts from the present, without
  /// an edge; an interval ending by `origin` is already past.
  ///
  /// - Complexity: O(log steps) to find the ends, O(steps) to shift when a
  ///   step is created or vanishes, plus the steps inside the interval.
  mutating func apply(_ delta: Int32, from start: Int64, to end: Int64, startEdge: Int32, endEdge: Int32) {
    guard end > origin, end > start else { return }
    let low = start <= origin ? first : boundary(at: start, edges: startEdge)
    forgetRecords(from: low)
    let high = boundary(at: end, edges: endEdge)
    steps.withUnsafeMutableBufferPointer { buffer in
      for index in low..<high { buffer[index].free &+= delta }
    }
    // A step whose edges all vanished has the same free count as the one
    // before it: drop it (the later one first, so `low` stays valid).
    if steps[high].edges == 0 { removeStep(at: high) }
    if low > first && steps[low].edges == 0 { removeStep(at: low) }
    checkInvariants()
  }

  // MARK: - Running maxima

  /// The index of the first live step with at least `need` free nodes
  /// (`need` at most `totalNodes`: the last step always qualifies).
  ///
  /// - Complexity: O(log records), plus the steps not yet folded into the
  ///   running maxima (amortised over the queries between two changes).
  mutating func firstReaching(_ need: Int32) -> Int {
    if let last = records.last, last.free >= need {
      var low = 0
      var high = records.count - 1
      while low < high {
        let mid = (low + high) &>> 1
        if records[mid].free >= need { high = mid } else { low = mid + 1 }
      }
      return records[low].index
    }
    var best = records.last?.free ?? -1
    var index = recordsScanned
    let count = steps.count
    while index < count {
      let free = steps[index].free
      index += 1
      if free > best {
        best = free
        records.append((index - 1, free))
        if free >= need { break }
      }
    }
    recordsScanned = index
    return records[records.count - 1].index
  }

  /// Drops the running maxima from step `index` on (it is about to change).
  @inline(__always)
  mutating func forgetRecords(from index: Int) {
    guard index < recordsScanned else { return }
    recordsScanned = index
    while let last = records.last, last.index >= index { records.removeLast() }
  }

  // MARK: - Steps

  /// The index of the step starting exactly at `time` (after `origin`),
  /// created by splitting the step covering it if needed, with `edges` added.
  mutating func boundary(at time: Int64, edges: Int32) -> Int {
    let index = stepIndex(covering: time)
    if steps[index].time == time {
      steps[index].edges &+= edges
      return index
    }
    insertStep(ProfileStep(time: time, free: steps[index].free, edges: edges), at: index + 1)
    return index + 1
  }

  /// The index of the last live step starting at or before `time`.
  ///
  /// - Complexity: O(log steps)
  func stepIndex(covering time: Int64) -> Int {
    steps.withUnsafeBufferPointer { buffer in
      var low = first
      var high = buffer.count
      // Invariant: buffer[low].time <= time (or low == first); answer in [low, high).
      while high - low > 1 {
        let mid = (low + high) &>> 1
        if buffer[mid].time <= time { low = mid } else { high = mid }
      }
      return low
    }
  }

  /// Inserts with one memmove (`Array.insert`'s generic path is slower for
  /// a trivial type).
  mutating func insertStep(_ step: ProfileStep, at index: Int) {
    steps.append(step)
    let last = steps.count - 1
    guard index < last else { return }
    steps.withUnsafeMutableBufferPointer { buffer in
      let base = buffer.baseAddress!
      (base + index + 1).update(from: base + index, count: last - index)
      base[index] = step
    }
  }

  mutating func removeStep(at index: Int) {
    let last = steps.count - 1
    if index < last {
      steps.withUnsafeMutableBufferPointer { buffer in
        let base = buffer.baseAddress!
        (base + index).update(from: base + index + 1, count: last - index)
      }
    }
    steps.removeLast()
  }
}
