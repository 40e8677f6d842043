import MPI
import Testing

extension MPITests {
  @Suite("MPIError: codes and MPI's own messages") struct Errors {
    @Test func sendToARankOutsideTheCommunicatorThrowsMPIsRankError() throws {
      let world = try SharedMPI.world()
      do {
        try world.send([1], to: 5, tag: 0)
        Issue.record("a send to rank 5 of 1 succeeded")
      } catch let error as MPIError {
        #expect(error == .rank)
        #expect(error.operation == "MPI_Send")
        #expect("\(error)" == "MPI_Send failed: MPI_ERR_RANK: invalid rank")
        #expect(error.errorClass == .rank)
      }
    }

    @Test func errorsMatchInCatchPatterns() throws {
      let world = try SharedMPI.world()
      var caught = false
      do {
        try world.send([], to: 0, tag: -3)
      } catch MPIError.tag {
        caught = true
      }
      #expect(caught, "a negative tag is MPI_ERR_TAG")
    }

    @Test func negativeFiltersAreRejectedRatherThanTakenAsWildcards() throws {
      let world = try SharedMPI.world()
      #expect(throws: MPIError.rank) { try world.receive(from: -1) }
      #expect(throws: MPIError.tag) { try world.iprobe(tag: -1) }
    }

    @Test func argumentsBeyondThirtyTwoBitsThrowInsteadOfTrapping() throws {
      let world = try SharedMPI.world()
      let huge = Int(Int32.max) + 1
      #expect(throws: MPIError.rank) { try world.send([], to: huge) }
      #expect(throws: MPIError.tag) { try world.send([], to: 0, tag: huge) }
    }

    @Test func descriptionsComeFromMPIErrorString() throws {
      _ = try SharedMPI.world()
      #expect("\(MPIError.truncate)" == "MPI_ERR_TRUNCATE: message truncated")
      #expect("\(MPIError.count)" == "MPI_ERR_COUNT: invalid count argument")
      #expect(MPIError(rawValue: 6) == .rank)
    }

    @Test func lifeCycleErrorsExplainThemselves() {
      #expect("\(MPIError.notInitialized)"
        == "MPI is not initialised (call MPIRuntime.initialize first)")
      #expect("\(MPIError.finalized)"
        == "MPI has been finalised and cannot be used again")
      #expect(MPIError.notInitialized != .finalized)
      #expect(MPIError.notInitialized.errorClass == .notInitialized)
    }
  }
}
