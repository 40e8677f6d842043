/// A node pool's bitmap seen through a pointer (`NodePool.bits`): the free
/// bits in `wordCount` words, then the summary of non-zero words.
///
/// Every operation takes node indices as a half-open range `lower..<end`.
/// Bits past the machine's last node are clear and stay clear, and so are
/// summary bits past the last word, so scans need no bound checks of their own.
@usableFromInline
struct FreeMap {
  @usableFromInline let base: UnsafeMutablePointer<UInt64>
  @usableFromInline let wordCount: Int
  @usableFromInline let summaryCount: Int

  @inlinable @inline(__always)
  init(base: UnsafeMutablePointer<UInt64>, wordCount: Int, summaryCount: Int) {
    self.base = base
    self.wordCount = wordCount
    self.summaryCount = summaryCount
  }

  @inlinable @inline(__always) var summary: UnsafeMutablePointer<UInt64> { base + wordCount }
  /// Bit `i` set when bits `i..<i + count` of `word` are all set
  /// (`1 <= count <= 64`): bit `i` of `w & (w >> 1)` is set when bits `i`
  /// and `i + 1` are, and so on, doubling the width `⌈log2 count⌉` times.
  @inline(__always)
  static func windows(_ word: UInt64, _ count: Int) -> UInt64 {
    var found = word
    var width = 1
    while width &<< 1 <= count && found != 0 {
      found &= found &>> UInt64(truncatingIfNeeded: width)
      width &<<= 1
    }
    if width < count { found &= found &>> UInt64(truncatingIfNeeded: count &- width) }
    return found
  }

  /// Bits `low...high` of a word (`0 <= low <= high <= 63`).
  @inlinable @inline(__always)
  static func mask(_ low: Int, _ high: Int) -> UInt64 {
    (UInt64.max &>> UInt64(truncatingIfNeeded: 63 &- high)) & (UInt64.max &<< UInt64(truncatingIfNeeded: low))
  }

  /// The first word at or after `word` holding a free node, or -1.
  ///
  /// - Complexity: O(summary words passed)
  @inline(__always)
  func nextNonzeroWord(from word: Int) -> Int {
    var index = word &>> 6
    if index >= summaryCount { return -1 }
    var bits = summary[index] & (UInt64.max &<< UInt64(truncatingIfNeeded: word & 63))
    while bits == 0 {
      index &+= 1
      if index == summaryCount { return -1 }
      bits = summary[index]
    }
    return index &<< 6 | bits.trailingZeroBitCount
  }

  /// The lowest node `p` in `lower..<end` with `p..<p + count` free and
  /// inside the range, or -1 (`count >= 1`).
  ///
  /// Words without a free node are skipped through the summary; in each
  /// other word, in order: the free run carried from the word before it (it
  /// starts lower than anything inside this word), then a window inside the
  /// word, then the free run reaching its top is carried on. Windows inside a
  /// word (`windows`).
  ///
  /// - Complexity: O(words holding a free node before the answer)
  @usableFromInline
  func firstWindow(_ count: Int, from lower: Int, to end: Int) -> Int {
    guard lower < end else { return -1 }
    if count == 1 { return nextFree(from: lower, below: end) }
    if count >= 64 { return firstLongWindow(count, from: lower, to: end) }
    let firstWord = lower &>> 6
    let lastWord = (end &- 1) &>> 6
    let lowMask = UInt64.max &<< UInt64(truncatingIfNeeded: lower & 63)
    let highMask = UInt64.max &>> UInt64(truncatingIfNeeded: 63 &- ((end &- 1) & 63))
    // Free nodes at the top of word `previous` (fewer than `count`).
    var runLength = 0
    var previous = -2
    // Summary bits of the words still to look at, in summary word `group`.
    var group = firstWord &>> 6
    var pending = summary[group] & (UInt64.max &<< UInt64(truncatingIfNeeded: firstWord & 63))
    while true {
      while pending == 0 {
        group &+= 1
        if group >= summaryCount { return -1 }
        pending = summary[group]
      }
      let index = group &<< 6 | pending.trailingZeroBitCount
      pending &= pending &- 1
      if index > lastWord { return -1 }
      var word = base[index]
      if index == firstWord { word &= lowMask }
      if index == lastWord { word &= highMask }
      if runLength != 0 && index == previous &+ 1
        && runLength &+ (~word).trailingZeroBitCount >= count
      {
        return index &<< 6 &- runLength
      }
      let found = Self.windows(word, count)
      if found != 0 { return index &<< 6 | found.trailingZeroBitCount }
      runLength = (~word).leadingZeroBitCount
      previous = index
    }
  }

  /// `firstWindow` for `count >= 64`: a window spans whole words, so free
  /// runs are carried from word to word until one is long enough.
  @usableFromInline @inline(never)
  func firstLongWindow(_ count: Int, from lower: Int, to end: Int) -> Int {
    let firstWord = lower &>> 6
    let lastWord = (end &- 1) &>> 6
    let lowMask = UInt64.max &<< UInt64(truncatingIfNeeded: lower & 63)
    let highMask = UInt64.max &>> UInt64(truncatingIfNeeded: 63 &- ((end &- 1) & 63))
    // The free run ending at the top of word `previous`: its first node and length.
    var runStart = 0
    var runLength = 0
    var previous = -2
    var index = nextNonzeroWord(from: firstWord)
    while index >= 0 && index <= lastWord {
      var word = base[index]
      if index == firstWord { word &= lowMask }
      if index == lastWord { word &= highMask }
      if index != previous &+ 1 { runLength = 0 }
      previous = index
      if word == UInt64.max {
        if runLength == 0 { runStart = index &<< 6 }
        runLength &+= 64
        if runLength >= count { return runStart }
      } else {
        let low = (~word).trailingZeroBitCount
        if runLength != 0 && runLength &+ low >= count { return runStart }
        runLength = (~word).leadingZeroBitCount
        runStart = (index &<< 6) &+ 64 &- runLength
      }
      index = nextNonzeroWord(from: index &+ 1)
    }
    return -1
  }

  /// Marks `lower..<end` free.
  ///
  /// - Precondition: none of them is free.
  /// - Complexity: O(words spanned)
  @inlinable @inline(__always)
  func setRange(_ lower: Int, _ end: Int) {
    let index = lower &>> 6
    let last = (end &- 1) &>> 6
    if index == last {
      let mask = Self.mask(lower & 63, (end &- 1) & 63)
      let old = base[index]
      precondition(old & mask == 0, "released nodes \(lower)-\(end - 1) overlap free nodes")
      base[index] = old | mask
      if old == 0 { summary[index &>> 6] |= 1 &<< UInt64(truncatingIfNeeded: index & 63) }
      return
    }
    setWords(lower, end)
  }

  /// `setRange` over several words.
  @usableFromInline @inline(never)
  func setWords(_ lower: Int, _ end: Int) {
    var index = lower &>> 6
    let last = (end &- 1) &>> 6
    var low = lower & 63
    while true {
      let mask = Self.mask(low, index == last ? (end &- 1) & 63 : 63)
      let old = base[index]
      precondition(old & mask == 0, "released nodes \(lower)-\(end - 1) overlap free nodes")
      base[index] = old | mask
      if old == 0 { summary[index &>> 6] |= 1 &<< UInt64(truncatingIfNeeded: index & 63) }
      if index == last { return }
      index &+= 1
      low = 0
    }
  }

  /// Marks `lower..<end` allocated.
  ///
  /// - Precondition: all of them are free (checked in debug builds).
  /// - Complexity: O(words spanned)
  @inlinable @inline(__always)
  func clearRange(_ lower: Int, _ end: Int) {
    let index = lower &>> 6
    let last = (end &- 1) &>> 6
    if index == last {
      let mask = Self.mask(lower & 63, (end &- 1) & 63)
      let old = base[index]
      assert(old & mask == mask, "nodes \(lower)-\(end - 1) are not all free")
      let new = old & ~mask
      base[index] = new
      if new == 0 { summary[index &>> 6] &= ~(1 &<< UInt64(truncatingIfNeeded: index & 63)) }
      return
    }
    clearWords(lower, end)
  }

  /// `clearRange` over several words.
  @usableFromInline @inline(never)
  func clearWords(_ lower: Int, _ end: Int) {
    var index = lower &>> 6
    let last = (end &- 1) &>> 6
    var low = lower & 63
    while true {
      let mask = Self.mask(low, index == last ? (end &- 1) & 63 : 63)
      let old = base[index]
      assert(old & mask == mask, "nodes \(lower)-\(end - 1) are not all free")
      let new = old & ~mask
      base[index] = new
      if new == 0 { summary[index &>> 6] &= ~(1 &<< UInt64(truncatingIfNeeded: index & 63)) }
      if index == last { return }
      index &+= 1
      low = 0
    }
  }

  /// The first free node in `position..<end`, or -1.
  @inline(__always)
  func nextFree(from position: Int, below end: Int) -> Int {
    var index = position &>> 6
    guard index < wordCount else { return -1 }
    var word = base[index] & (UInt64.max &<< UInt64(truncatingIfNeeded: position & 63))
    if word == 0 {
      index = nextNonzeroWord(from: index &+ 1)
      if index < 0 { return -1 }
      word = base[index]
    }
    let node = index &<< 6 | word.trailingZeroBitCount
    return node < end ? node : -1
  }

  /// The first allocated node in `position..<end`, or `end`.
  @inline(__always)
  func nextAllocated(from position: Int, below end: Int) -> Int {
    var index = position &>> 6
    var word = ~base[index] & (UInt64.max &<< UInt64(truncatingIfNeeded: position & 63))
    while word == 0 {
      index &+= 1
      if index == wordCount { return end }
      word = ~base[index]
    }
    return min(index &<< 6 | word.trailingZeroBitCount, end)
  }

  /// Calls `body(lower, end)` for each maximal free run clipped to
  /// `lower..<end`, ascending, until it returns false. `body` may allocate
  /// nodes of the run it is given.
  ///
  /// - Complexity: O(words spanned + runs)
  @inline(__always)
  func forEachRun(from lower: Int, to end: Int, _ body: (Int, Int) -> Bool) {
    var position = lower
    while position < end {
      let start = nextFree(from: position, below: end)
      if start < 0 { return }
      let stop = nextAllocated(from: start, below: end)
      if !body(start, stop) { return }
      position = stop
    }
  }

  /// Takes the lowest `count` free nodes of `lower..<end` and returns them.
  ///
  /// Word by word: the free runs of each word holding a free node, lowest
  /// first, until `count` are taken; a run reaching the top of a word goes on
  /// into the next. The runs array is reserved once (a job of `count` nodes
  /// in a range of `n` has at most `min(count, ⌈n / 2⌉)` runs).
  ///
  /// - Precondition: the range has at least `count` free nodes.
  /// - Complexity: O(words spanned + runs taken)
  func takeLowest(_ count: Int, from lower: Int, to end: Int) -> NodeSet {
    let firstWord = lower &>> 6
    let lastWord = (end &- 1) &>> 6
    let lowMask = UInt64.max &<< UInt64(truncatingIfNeeded: lower & 63)
    let highMask = UInt64.max &>> UInt64(truncatingIfNeeded: 63 &- ((end &- 1) & 63))
    var head = NodeRun(0, -1)
    var tail: [NodeRun] = []
    tail.reserveCapacity(min(count, (end &- lower &+ 1) &>> 1))
    // The run being gathered, `runStart..<runEnd` (it may go on into the next word).
    var runStart = -1
    var runEnd = -1
    var rest = count
    var index = nextNonzeroWord(from: firstWord)
    while rest > 0 && index >= 0 && index <= lastWord {
      var word = base[index]
      if index == firstWord { word &= lowMask }
      if index == lastWord { word &= highMask }
      var taken: UInt64 = 0
      while word != 0 && rest > 0 {
        let start = word.trailingZeroBitCount
        let length = (~(word &>> UInt64(truncatingIfNeeded: start))).trailingZeroBitCount
        let take = min(length, rest)
        let mask = Self.mask(start, start &+ take &- 1)
        taken |= mask
        word &= ~mask
        rest &-= take
        let node = index &<< 6 &+ start
        if node == runEnd {
          runEnd &+= take
        } else {
          if runStart >= 0 {
            let run = NodeRun(Int32(truncatingIfNeeded: runStart), Int32(truncatingIfNeeded: runEnd &- 1))
            if head.upper < head.lower { head = run } else { tail.append(run) }
          }
          runStart = node
          runEnd = node &+ take
        }
      }
      let left = base[index] & ~taken
      base[index] = left
      if left == 0 { summary[index &>> 6] &= ~(1 &<< UInt64(truncatingIfNeeded: index & 63)) }
      index = nextNonzeroWord(from: index &+ 1)
    }
    precondition(rest == 0, "cannot allocate \(count) nodes of \(count - rest) free in \(lower)..<\(end)")
    let run = NodeRun(Int32(truncatingIfNeeded: runStart), Int32(truncatingIfNeeded: runEnd &- 1))
    if head.upper < head.lower { return NodeSet(run: run) }
    tail.append(run)
    return NodeSet(head: head, tail: tail)
  }

  /// Free nodes in `lower..<end`.
  ///
  /// - Complexity: O(words spanned)
  func freeCount(from lower: Int, to end: Int) -> Int {
    guard lower < end else { return 0 }
    var index = lower &>> 6
    let last = (end &- 1) &>> 6
    var low = lower & 63
    var total = 0
    while true {
      let mask = Self.mask(low, index == last ? (end &- 1) & 63 : 63)
      total &+= (base[index] & mask).nonzeroBitCount
      if index == last { return total }
      index &+= 1
      low = 0
    }
  }
}
