import Platform
import Testing
import TestSupport

/// The first-fit rule written the plainest way, over one `Bool` per node:
/// the lowest node `p` with `p..<p + count` all free inside the range, else
/// the lowest `count` free nodes of the range.
private struct ReferencePool {
  var free: [Bool]

  init(totalNodes: Int) { free = [Bool](repeating: true, count: totalNodes) }

  var freeCount: Int { free.filter { $0 }.count }

  func freeCount(in range: Range<Int>) -> Int { free[range].filter { $0 }.count }

  mutating func allocate(_ count: Int, within range: Range<Int>) -> NodeSet {
    var runLength = 0
    for node in range {
      runLength = free[node] ? runLength + 1 : 0
      if runLength == count {
        let first = node - count + 1
        for taken in first...node { free[taken] = false }
        return NodeSet(run: NodeRun(Int32(first), Int32(node)))
      }
    }
    var taken: [Int] = []
    for node in range where free[node] && taken.count < count { taken.append(node) }
    precondition(taken.count == count, "the model was asked for more nodes than are free")
    for node in taken { free[node] = false }
    return Self.set(of: taken)
  }

  mutating func release(_ nodes: NodeSet) {
    nodes.forEachRun { run in
      for node in run.lower...run.upper {
        precondition(!free[Int(node)], "the model released a free node")
        free[Int(node)] = true
      }
    }
  }

  var freeNodes: NodeSet { Self.set(of: free.indices.filter { free[$0] }) }

  /// Ascending nodes as canonical runs.
  static func set(of nodes: [Int]) -> NodeSet {
    var runs: [NodeRun] = []
    for node in nodes {
      if let last = runs.last, Int(last.upper) + 1 == node {
        runs[runs.count - 1].upper = Int32(node)
      } else {
        runs.append(NodeRun(Int32(node), Int32(node)))
      }
    }
    return NodeSet(canonicalRuns: runs)
  }
}

@Suite("Node pool against a one-Bool-per-node model")
struct NodePoolModelTests {
  /// Replays `steps` seeded random allocations (whole machine and, every
  /// fourth, within a random range) and releases of random held sets on a
  /// pool and on the model, and expects the same nodes every time.
  func compare(totalNodes: Int, steps: Int, seed: UInt64, largestJob: Int) {
    var random = SeededRandom(state: seed)
    var pool = NodePool(totalNodes: Int32(totalNodes))
    var model = ReferencePool(totalNodes: totalNodes)
    var held: [NodeSet] = []
    for step in 0..<steps {
      let freeCount = Int(pool.freeCount)
      if !held.isEmpty && (freeCount == 0 || random.next(5) < 2) {
        let set = held.remove(at: random.next(held.count))
        pool.release(set)
        model.release(set)
      } else if random.next(4) == 0 {
        let lower = random.next(totalNodes)
        let end = lower + 1 + random.next(totalNodes - lower)
        let available = model.freeCount(in: lower..<end)
        #expect(Int(pool.freeCount(in: Int32(lower)..<Int32(end))) == available, "step \(step)")
        guard available > 0 else { continue }
        let count = 1 + random.next(min(available, largestJob))
        let expected = model.allocate(count, within: lower..<end)
        let got = pool.allocate(Int32(count), within: Int32(lower)..<Int32(end))
        #expect(got == expected, "step \(step): \(count) in \(lower)..<\(end)")
        held.append(got)
      } else {
        // Mostly small jobs, sometimes anything up to what is free.
        let bound = random.next(3) == 0 ? freeCount : min(freeCount, largestJob)
        let count = 1 + random.next(bound)
        let expected = model.allocate(count, within: 0..<totalNodes)
        let got = pool.allocate(Int32(count))
        #expect(
          got == expected,
          "step \(step): \(count) nodes gave \(got.intervalSetDescription), expected \(expected.intervalSetDescription)")
        held.append(got)
      }
      #expect(Int(pool.freeCount) == model.freeCount, "step \(step)")
      if step % 50 == 0 {
        #expect(pool.freeNodes == model.freeNodes, "step \(step)")
      }
    }
    for set in held {
      pool.release(set)
      model.release(set)
    }
    #expect(pool.freeNodes == NodeSet(run: NodeRun(0, Int32(totalNodes - 1))))
    #expect(pool.freeCount == Int32(totalNodes))
  }

  @Test(
    "seeded random allocations and releases give exactly the model's nodes",
    arguments: [1, 2, 63, 64, 65, 120, 127, 128, 129, 1_000, 4_097])
  func smallAndMediumMachines(totalNodes: Int) {
    for seed in [1, 2, 3] as [UInt64] {
      compare(totalNodes: totalNodes, steps: 1_500, seed: seed, largestJob: max(1, totalNodes / 8))
    }
  }

  @Test("large machines on both sides of the run-list threshold (160 words) with jobs of 1 to 2,000 nodes follow the model")
  func largeMachines() {
    compare(totalNodes: 10_176, steps: 1_500, seed: 5, largestJob: 2_000)
    compare(totalNodes: 10_240, steps: 1_500, seed: 6, largestJob: 2_000)
    compare(totalNodes: 16_000, steps: 1_500, seed: 7, largestJob: 2_000)
    compare(totalNodes: 20_000, steps: 1_500, seed: 8, largestJob: 2_000)
    compare(totalNodes: 20_000, steps: 1_500, seed: 9, largestJob: 100)
  }

  @Test("serial jobs on 8,192, 10,240 and 16,448 nodes: fragmented pools follow the model")
  func serialJobs() {
    compare(totalNodes: 8_192, steps: 3_000, seed: 11, largestJob: 3)
    compare(totalNodes: 10_240, steps: 3_000, seed: 13, largestJob: 3)
    compare(totalNodes: 16_448, steps: 3_000, seed: 12, largestJob: 3)
  }

  @Test("runs across word boundaries: a free run straddling nodes 63-64 is found first")
  func acrossWords() {
    var pool = NodePool(totalNodes: 200)
    let first = pool.allocate(60)  // 0-59
    let second = pool.allocate(10)  // 60-69
    _ = pool.allocate(130)  // 70-199
    pool.release(second)  // free: 60-69
    pool.release(first)  // free: 0-69
    #expect(pool.allocate(65).intervalSetDescription == "0-64")
    #expect(pool.allocate(5).intervalSetDescription == "65-69")
    #expect(pool.freeCount == 0)
  }

  @Test("a run longer than a word, after a shorter one, is the first that fits")
  func longRuns() {
    var pool = NodePool(totalNodes: 400)
    let sets = [10, 5, 150, 5, 230].map { pool.allocate(Int32($0)) }  // 0-9 10-14 15-164 165-169 170-399
    pool.release(sets[0])
    pool.release(sets[2])
    pool.release(sets[4])  // free: 0-9, 15-164, 170-399
    #expect(pool.allocate(140).intervalSetDescription == "15-154")
    #expect(pool.allocate(200).intervalSetDescription == "170-369")
    #expect(pool.allocate(45).intervalSetDescription == "0-9 155-164 370-394")
    #expect(pool.freeNodes.intervalSetDescription == "395-399")
  }
}
