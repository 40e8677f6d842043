import Platform
import Testing

@Suite("Node pool")
struct NodePoolTests {
  @Test("first fit: a job gets consecutive nodes when some free run can hold it")
  func firstFit() {
    var pool = NodePool(totalNodes: 10)
    let a = pool.allocate(3)  // 0-2
    let b = pool.allocate(2)  // 3-4
    _ = pool.allocate(5)  // 5-9
    pool.release(a)
    pool.release(b)  // free: 0-4
    #expect(pool.allocate(4).intervalSetDescription == "0-3")
    #expect(pool.freeCount == 1)
  }

  @Test("without a long enough run, the lowest free nodes across runs")
  func acrossRuns() {
    var pool = NodePool(totalNodes: 8)
    let sets = (0..<4).map { _ in pool.allocate(2) }  // 0-1 2-3 4-5 6-7
    pool.release(sets[0])
    pool.release(sets[2])  // free: 0-1, 4-5
    #expect(pool.allocate(3).intervalSetDescription == "0-1 4")
    #expect(pool.freeNodes.intervalSetDescription == "5")
  }

  @Test("random allocations never hand out a node twice and release merges runs back")
  func randomAgainstBitmap() {
    var state: UInt64 = 42
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let total: Int32 = 3_000
    var pool = NodePool(totalNodes: total)
    var busy = [Bool](repeating: false, count: Int(total))
    var held: [NodeSet] = []
    for step in 0..<20_000 {
      if !held.isEmpty && (pool.freeCount == 0 || next(2) == 0) {
        let set = held.remove(at: next(held.count))
        set.forEachRun { run in for node in run.lower...run.upper { busy[Int(node)] = false } }
        pool.release(set)
      } else {
        let want = Int32(1 + next(Int(min(pool.freeCount, 200))))
        let set = pool.allocate(want)
        #expect(set.count == Int(want), "step \(step)")
        set.forEachRun { run in
          for node in run.lower...run.upper {
            #expect(!busy[Int(node)], "node \(node) handed out twice at step \(step)")
            busy[Int(node)] = true
          }
        }
        held.append(set)
      }
      #expect(Int(pool.freeCount) == busy.filter { !$0 }.count)
    }
    for set in held { pool.release(set) }
    #expect(pool.freeNodes.intervalSetDescription == "0-2999")
  }
}
