import MPI
import Testing

extension MPITests {
  @Suite("Collectives on one rank") struct Collectives {
    @Test func barrierReturns() throws {
      try SharedMPI.world().barrier()
    }

    @Test(arguments: [0, 1, 5000, 1 << 20])
    func broadcastReturnsTheRootsBytes(length: Int) throws {
      let world = try SharedMPI.world()
      let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 13) }
      #expect(try world.broadcast(bytes: bytes, root: 0) == bytes)
    }

    @Test func broadcastFromARankOutsideTheCommunicatorThrowsRoot() throws {
      let world = try SharedMPI.world()
      #expect(throws: MPIError.root) {
        try world.broadcast(bytes: [1, 2], root: 3)
      }
    }

    @Test func gatherAtRootReturnsOneBufferPerRank() throws {
      let world = try SharedMPI.world()
      #expect(try world.gather(bytes: [4, 5, 6], root: 0) == [[4, 5, 6]])
      #expect(try world.gather(bytes: [], root: 0) == [[]])
    }

    @Test func gatherAtAnInvalidRootThrows() throws {
      let world = try SharedMPI.world()
      #expect(throws: MPIError.root) {
        try world.gather(bytes: [1], root: 1)
      }
      #expect(throws: MPIError.root) {
        try world.gather(bytes: [1], root: Int(Int32.max) + 1)
      }
    }

    @Test(arguments: ReductionOperation.allCases)
    func allreduceOnOneRankIsTheIdentity(op: ReductionOperation) throws {
      let world = try SharedMPI.world()
      #expect(try world.allreduce([Int64.min, -1, 0, 7], op: op)
        == [Int64.min, -1, 0, 7])
      #expect(try world.allreduce([UInt64.max, 3], op: op) == [UInt64.max, 3])
      #expect(try world.allreduce([-0.5, 1e300], op: op) == [-0.5, 1e300])
      #expect(try world.allreduce([Double](), op: op) == [])
    }
  }
}
