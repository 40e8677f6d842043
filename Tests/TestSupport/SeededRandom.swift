/// A 64-bit linear congruential generator for tests: the same sequence on
/// every run and every platform.
public struct SeededRandom {
  public var state: UInt64

  public init(state: UInt64) { self.state = state }

  /// The next value in `0 ..< bound`.
  public mutating func next<Value: BinaryInteger>(_ bound: Value) -> Value {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Value((state >> 33) % UInt64(bound))
  }
}
