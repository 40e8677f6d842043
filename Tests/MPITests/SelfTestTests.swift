import MPI
import Testing

extension MPITests {
  @Suite("MPIRuntime.selfTest in singleton mode") struct SelfTest {
    @Test func oneRankPassesEveryCheckWithADeterministicReport() throws {
      let world = try SharedMPI.world()
      let report = try MPIRuntime.selfTest(on: world)
      #expect(report == """
        MPI self-test: 1 rank, thread level multiple
        barrier: ok (1 rank arrived)
        broadcast: ok (1000 bytes from rank 0, 0 and 100000 bytes from rank 0)
        gather: ok (lengths [0] at rank 0 and their mirror at rank 0)
        allreduce: ok (int64 sum/max/min, uint64 max, double sum, empty: rank sum 0)
        ring: ok (rank r sent 10*(r+1) bytes to r+1 with tag 100+r)
        any-source: ok (rank 0 received one tag-7 message from each of 1 rank)
        tags: ok (rank 0 received tag 9 before tag 8 from each rank, then any tag)
        large message: ok (skipped on 1 rank)
        errors: ok (send to rank 1 raised MPI_ERR_RANK (invalid rank))
        result: 9 checks passed

        """)
    }

    @Test func timingsAreSkippedOnOneRank() throws {
      let report = try MPIRuntime.selfTest(
        on: SharedMPI.world(), includeTimings: true)
      #expect(report.hasSuffix(
        "result: 9 checks passed\ntiming: skipped on 1 rank\n"))
    }

    @Test func theSelfTestLeavesNoMessageBehind() throws {
      let world = try SharedMPI.world()
      _ = try MPIRuntime.selfTest(on: world)
      #expect(try world.iprobe() == nil)
    }
  }
}
