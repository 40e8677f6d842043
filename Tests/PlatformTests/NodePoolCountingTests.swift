import Platform
import Testing

/// A pool that counts nodes keeps the same free count as one that names
/// them, through any sequence of allocations and releases.
@Suite struct NodePoolCountingTests {
  @Test("a counting pool hands out empty sets and takes counts back")
  func countsOnly() {
    var pool = NodePool(totalNodes: 10, namesNodes: false)
    #expect(!pool.namesNodes)
    let first = pool.allocate(4)
    #expect(first.isEmpty)
    #expect(pool.freeCount == 6)
    _ = pool.allocate(6)
    #expect(pool.freeCount == 0)
    pool.release(count: 4)
    #expect(pool.freeCount == 4)
    pool.release(count: 6)
    #expect(pool.freeCount == 10)
  }

  @Test(
    "naming and counting pools agree on the free count over 20,000 seeded operations",
    arguments: [Int32(100), 10_240, 93_312])
  func agreesWithNamingPool(nodes: Int32) {
    var naming = NodePool(totalNodes: nodes)
    var counting = NodePool(totalNodes: nodes, namesNodes: false)
    var held: [NodeSet] = []
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    func next(_ bound: Int) -> Int {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return Int(state % UInt64(bound))
    }
    var disagreements = 0
    var namedEmpty = 0
    for _ in 0..<20_000 {
      if !held.isEmpty && (naming.freeCount == 0 || next(2) == 0) {
        let set = held.remove(at: next(held.count))
        naming.release(set)
        counting.release(count: Int32(set.count))
      } else {
        let size = Int32(1 + next(Int(min(naming.freeCount, nodes / 8 + 1))))
        held.append(naming.allocate(size))
        if !counting.allocate(size).isEmpty { namedEmpty += 1 }
      }
      if counting.freeCount != naming.freeCount { disagreements += 1 }
    }
    #expect(disagreements == 0)
    #expect(namedEmpty == 0)
  }
}
