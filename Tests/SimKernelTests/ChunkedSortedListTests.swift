import SimKernel
import Testing

@Suite("Chunked sorted list")
struct ChunkedSortedListTests {
  /// A tiny deterministic generator (SplitMix64) for the property tests.
  struct Random {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(bound))
    }
  }

  @Test("matches a sorted array under random inserts and removals", arguments: [1, 2, 3, 4])
  func matchesReference(seed: UInt64) {
    var random = Random(state: seed)
    var list = ChunkedSortedList<Int>()
    var reference: [Int] = []
    for step in 0..<6_000 {
      if reference.isEmpty || random.next(3) > 0 {
        let value = random.next(2_000)
        list.insert(value, at: list.partitionPoint { $0 < value })
        reference.insert(value, at: reference.firstIndex { $0 >= value } ?? reference.count)
      } else {
        let value = reference[random.next(reference.count)]
        let position = list.partitionPoint { $0 < value }
        #expect(list[position] == value, "seed \(seed) step \(step)")
        list.remove(at: position)
        reference.remove(at: reference.firstIndex(of: value)!)
      }
      if step % 500 == 0 { #expect(list.elements == reference, "seed \(seed) step \(step)") }
    }
    #expect(list.elements == reference)
    #expect(list.count == reference.count)
    // Walking by position visits the same elements, and back again.
    var walked: [Int] = []
    var position = list.startPosition
    while !list.isEnd(position) {
      walked.append(list[position])
      position = list.position(after: position)
    }
    #expect(walked == reference)
    var backwards: [Int] = []
    var cursor = list.position(before: list.endPosition)
    while let current = cursor {
      backwards.append(list[current])
      cursor = list.position(before: current)
    }
    #expect(backwards == reference.reversed())
  }

  @Test("an empty list has its end at its start")
  func empty() {
    let list = ChunkedSortedList<Int>()
    #expect(list.isEnd(list.startPosition))
    #expect(list.isEnd(list.partitionPoint { $0 < 5 }))
    #expect(list.position(before: list.endPosition) == nil)
  }
}
