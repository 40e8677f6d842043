/// First fit on a machine of many words: a segment tree over the bitmap's
/// words holding, for each subtree, the free nodes at its low end (`prefix`),
/// at its high end (`suffix`) and in its longest free run (`best`).
///
/// The lowest window of `count` free nodes is found from the root in
/// O(log words): in the left subtree if its `best` is long enough, else
/// across the middle if the left suffix and the right prefix together are,
/// else in the right subtree (a window inside the left subtree starts no
/// later than the left suffix does). At the leaf, the word's own windows
/// (`FreeMap.windows`). The scan over words it replaces cost about 1,500
/// instructions per allocation on CEA-Curie (93,312 one-core nodes, 1,458
/// words).
///
/// Words change through `FreeMap`, which marks them in the pool's dirty
/// bitmap; the tree catches up only before a search (`refresh`), so serial
/// jobs (taken with one summary lookup) and releases cost it nothing, and
/// several changes to one word between searches are recomputed once.
@usableFromInline
struct RunTree: Sendable {
  /// Leaves (a power of two at least the word count); the leaf of word `i`
  /// is node `leafCount + i`, node `n`'s children are `2n` and `2n + 1`.
  let leafCount: Int
  /// `prefix`, `suffix`, `best` of node `n` at `4n`, `4n + 1`, `4n + 2`.
  var values: [Int32]
  /// Scratch for `refresh` (one slot per word): the changed words, then
  /// their ancestors level by level.
  var pending: [Int32]

  /// An empty tree (pools small enough to scan).
  init() {
    leafCount = 0
    values = []
    pending = []
  }

  /// The tree of a bitmap of `wordCount` words, all marked changed.
  init(wordCount: Int) {
    var leaves = 1
    while leaves < wordCount { leaves <<= 1 }
    leafCount = leaves
    values = [Int32](repeating: 0, count: 8 * leaves)
    pending = [Int32](repeating: 0, count: wordCount)
  }

  /// The longest run of set bits in `word`: widths double while a window
  /// that wide exists, then a binary search between the last two.
  @inline(__always)
  static func longestRun(_ word: UInt64) -> Int32 {
    if word == 0 { return 0 }
    var windows = word
    var width = 1
    while true {
      let wider = windows & (windows &>> UInt64(truncatingIfNeeded: width))
      if wider == 0 { break }
      windows = wider
      width &<<= 1
    }
    var step = width &>> 1
    while step > 0 {
      let wider = windows & (windows &>> UInt64(truncatingIfNeeded: step))
      if wider != 0 {
        windows = wider
        width &+= step
      }
      step &>>= 1
    }
    return Int32(truncatingIfNeeded: width)
  }

  /// Brings the nodes above the words marked in `free.dirty` up to date and
  /// clears the marks.
  ///
  /// - Complexity: O(k log(words / k)) for k changed words.
  mutating func refresh(_ free: FreeMap) {
    let leaves = leafCount
    values.withUnsafeMutableBufferPointer { valuesBuffer in
      pending.withUnsafeMutableBufferPointer { pendingBuffer in
        let values = valuesBuffer.baseAddress.unsafelyUnwrapped
        let pending = pendingBuffer.baseAddress.unsafelyUnwrapped
        var count = 0
        for group in 0..<free.summaryCount {
          var marks = free.dirty[group]
          if marks == 0 { continue }
          free.dirty[group] = 0
          while marks != 0 {
            let index = group &<< 6 | marks.trailingZeroBitCount
            marks &= marks &- 1
            let word = free.base[index]
            let node = (leaves &+ index) &<< 2
            if word == UInt64.max {
              values[node] = 64
              values[node &+ 1] = 64
              values[node &+ 2] = 64
            } else {
              values[node] = Int32(truncatingIfNeeded: (~word).trailingZeroBitCount)
              values[node &+ 1] = Int32(truncatingIfNeeded: (~word).leadingZeroBitCount)
              values[node &+ 2] = Self.longestRun(word)
            }
            pending[count] = Int32(truncatingIfNeeded: leaves &+ index)
            count &+= 1
          }
        }
        // Parents level by level: `pending` stays ascending, so a parent
        // shared by two changed children comes twice in a row.
        var span: Int32 = 64
        while count > 0 && pending[0] > 1 {
          var kept = 0
          var last: Int32 = -1
          for position in 0..<count {
            let parent = pending[position] &>> 1
            if parent == last { continue }
            last = parent
            let left = Int(parent) &<< 3
            let right = left &+ 4
            let node = Int(parent) &<< 2
            let leftPrefix = values[left]
            let leftSuffix = values[left &+ 1]
            let rightPrefix = values[right]
            let rightSuffix = values[right &+ 1]
            values[node] = leftPrefix == span ? span &+ rightPrefix : leftPrefix
            values[node &+ 1] = rightSuffix == span ? span &+ leftSuffix : rightSuffix
            values[node &+ 2] = max(max(values[left &+ 2], values[right &+ 2]), leftSuffix &+ rightPrefix)
            pending[kept] = parent
            kept &+= 1
          }
          count = kept
          span &<<= 1
        }
      }
    }
  }

  /// The lowest node starting `count` free nodes in a row, or -1. The tree
  /// must be up to date (`refresh`).
  ///
  /// - Complexity: O(log words)
  func firstWindow(_ count: Int, _ free: FreeMap) -> Int {
    values.withUnsafeBufferPointer { values in
      let needed = Int32(truncatingIfNeeded: count)
      if values[6] < needed { return -1 }  // the root's best
      var node = 1
      var start = 0
      var span = leafCount &<< 6
      while node < leafCount {
        span &>>= 1
        let left = node &<< 1
        if values[(left &<< 2) &+ 2] >= needed {
          node = left
        } else {
          let leftSuffix = values[(left &<< 2) &+ 1]
          if leftSuffix &+ values[(left &+ 1) &<< 2] >= needed { return start &+ span &- Int(leftSuffix) }
          node = left &+ 1
          start &+= span
        }
      }
      let found = FreeMap.windows(free.base[node &- leafCount], count)
      return start &+ found.trailingZeroBitCount
    }
  }
}

extension RunTree {
  /// Checks every node against values computed afresh from `free` (after a
  /// `refresh`). Compiled only with `SIMULATOR_INTERNAL_CHECKS` (debug
  /// builds); empty otherwise.
  #if SIMULATOR_INTERNAL_CHECKS
    func checkInvariants(_ free: FreeMap) {
      for group in 0..<free.summaryCount {
        precondition(free.dirty[group] == 0, "words changed after the run tree's refresh")
      }
      for index in 0..<leafCount {
        let word = index < free.wordCount ? free.base[index] : 0
        let node = (leafCount + index) << 2
        let expected: (Int32, Int32, Int32) =
          word == UInt64.max
          ? (64, 64, 64)
          : (
            Int32((~word).trailingZeroBitCount), Int32((~word).leadingZeroBitCount),
            Self.slowLongestRun(word)
          )
        precondition(
          (values[node], values[node + 1], values[node + 2]) == expected,
          "run tree leaf of word \(index) is stale")
      }
      var span: Int32 = 64
      var level = leafCount >> 1
      while level >= 1 {
        for parent in level..<(2 * level) {
          let left = parent << 3
          let right = left + 4
          let prefix = values[left] == span ? span + values[right] : values[left]
          let suffix = values[right + 1] == span ? span + values[left + 1] : values[right + 1]
          let best = max(values[left + 2], values[right + 2], values[left + 1] + values[right])
          precondition(
            (values[parent << 2], values[(parent << 2) + 1], values[(parent << 2) + 2]) == (prefix, suffix, best),
            "run tree node \(parent) is stale")
        }
        span <<= 1
        level >>= 1
      }
    }

    /// The longest run of set bits, bit by bit.
    static func slowLongestRun(_ word: UInt64) -> Int32 {
      var longest: Int32 = 0
      var current: Int32 = 0
      for bit in 0..<64 {
        current = word & (1 << UInt64(bit)) != 0 ? current + 1 : 0
        longest = max(longest, current)
      }
      return longest
    }
  #else
    @inline(__always)
    func checkInvariants(_ free: FreeMap) {}
  #endif
}
