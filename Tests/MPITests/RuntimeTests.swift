import MPI
import Testing

extension MPITests {
  @Suite("MPIRuntime life cycle, singleton mode") struct Runtime {
    @Test func initializeIsIdempotentAndProvidesThreadMultiple() throws {
      _ = try SharedMPI.world()
      let again = try MPIRuntime.initialize(threadLevel: .single)
      #expect(again == .multiple, "a second call reports the first level")
      #expect(MPIRuntime.isInitialized)
      #expect(!MPIRuntime.isFinalized)
      #expect(MPIRuntime.providedThreadLevel == .multiple)
    }

    @Test func aPlainProcessIsRankZeroOfOne() throws {
      let world = try SharedMPI.world()
      #expect(try world.rank == 0)
      #expect(try world.size == 1)
      #expect(try Communicator.processLocal.size == 1)
    }

    @Test func initializeFromManyThreadsAtOnceInitialisesOnce() async throws {
      let levels = try await withThrowingTaskGroup(
        of: MPIRuntime.ThreadLevel.self
      ) { group in
        for _ in 0..<8 {
          group.addTask { try MPIRuntime.initialize() }
        }
        return try await group.reduce(into: []) { $0.append($1) }
      }
      #expect(levels == Array(repeating: .multiple, count: 8))
    }

    @Test func wallTimeAdvancesInSeconds() throws {
      _ = try SharedMPI.world()
      let start = MPIRuntime.wallTime
      var spin = 0
      while MPIRuntime.wallTime - start < 0.002 { spin += 1 }
      let elapsed = MPIRuntime.wallTime - start
      #expect(elapsed >= 0.002 && elapsed < 1.0)
      #expect(MPIRuntime.wallTimeResolution > 0)
      #expect(MPIRuntime.wallTimeResolution < 0.001)
    }

    @Test func threadLevelsAreOrderedLikeTheCConstants() {
      #expect(MPIRuntime.ThreadLevel.allCases == [
        .single, .funneled, .serialized, .multiple,
      ])
      #expect(MPIRuntime.ThreadLevel.serialized < .multiple)
      #expect("\(MPIRuntime.ThreadLevel.funneled)" == "funneled")
    }
  }
}
