import SimKernel
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Large buffers")
struct LargeBufferTests {
  @Test("small and large buffers hold what is written, at their type's alignment", arguments: [1, 1_000, 300_000])
  func holdsValues(capacity: Int) {
    let buffer = LargeBuffer.allocate(Int64.self, capacity: capacity)
    defer { LargeBuffer.deallocate(buffer) }
    #expect(Int(bitPattern: buffer) % MemoryLayout<Int64>.alignment == 0)
    for index in 0..<capacity { buffer[index] = Int64(index) &* 7 }
    #expect((0..<capacity).allSatisfy { buffer[$0] == Int64($0) &* 7 })
  }

  @Test("a buffer of at least the threshold starts on a huge page boundary")
  func largeBuffersAreHugePageAligned() {
    let capacity = LargeBuffer.hugePageThreshold / MemoryLayout<Double>.stride
    let buffer = LargeBuffer.allocate(Double.self, capacity: capacity)
    defer { LargeBuffer.deallocate(buffer) }
    #if os(Linux)
      #expect(Int(bitPattern: buffer) % LargeBuffer.hugePageSize == 0)
    #endif
    buffer[capacity - 1] = 1.5
    #expect(buffer[capacity - 1] == 1.5)
  }
}
