import MPI
import Testing

extension MPITests {
  @Suite("Point-to-point on one rank (send to self)")
  struct PointToPoint {
    @Test func receiveReturnsPayloadSourceAndTag() throws {
      let world = try SharedMPI.world()
      try world.send([1, 2, 3], to: 0, tag: 41)
      let message = try world.receive(from: 0, tag: 41)
      #expect(message == ReceivedMessage(bytes: [1, 2, 3], source: 0, tag: 41))
    }

    @Test func receiveByTagTakesMessagesOutOfSendOrder() throws {
      let world = try SharedMPI.world()
      try world.send([1], to: 0, tag: 42)
      try world.send([2], to: 0, tag: 43)
      try world.send([], to: 0, tag: 44)
      #expect(try world.receive(tag: 43).bytes == [2])
      #expect(try world.receive(from: 0, tag: 42).bytes == [1])
      let empty = try world.receive()
      #expect(empty == ReceivedMessage(bytes: [], source: 0, tag: 44))
    }

    @Test func probeDescribesWithoutReceiving() throws {
      let world = try SharedMPI.world()
      #expect(try world.iprobe(tag: 45) == nil)
      try world.send([9, 9, 9, 9], to: 0, tag: 45)
      let info = try world.probe(tag: 45)
      #expect(info == MessageInfo(source: 0, tag: 45, count: 4))
      #expect(try world.iprobe(from: 0, tag: 45) == info)
      #expect(try world.receive(tag: 45).bytes == [9, 9, 9, 9])
      #expect(try world.iprobe(tag: 45) == nil)
    }

    @Test func receiveIfAvailableDoesNotBlock() throws {
      let world = try SharedMPI.world()
      #expect(try world.receiveIfAvailable(tag: 46) == nil)
      try world.send([7], to: 0, tag: 46)
      let message = try world.receiveIfAvailable(from: 0, tag: 46)
      #expect(message?.bytes == [7])
      #expect(try world.receiveIfAvailable(tag: 46) == nil)
    }

    @Test func aLargeMessageToSelfArrivesWhenAnotherThreadReceives()
      async throws
    {
      let world = try SharedMPI.world()
      let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 / 3) }
      let receiver = Task.detached { try world.receive(from: 0, tag: 47) }
      try world.send(payload, to: 0, tag: 47)
      #expect(try await receiver.value.bytes == payload)
    }
  }
}
