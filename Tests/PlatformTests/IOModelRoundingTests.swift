@testable import Platform
import Testing

@Suite("I/O model: whole bytes without libm's round")
struct IOModelRoundingTests {
  @Test("bytes(v) is min(v, 1e18).rounded() for halves, near-halves, large values and random doubles")
  func sameAsRounded() {
    var values: [Double] = [
      0.5, 1.5, 2.5, 3.5, 0.49999999999999994, 0.5000000000000001, 1e-300, 4_503_599_627_370_495.5,
      4_503_599_627_370_496, 9_007_199_254_740_993, 1e18, 1e18 - 64, 999_999_999_999_999_872, 2e18, 123_456.5,
    ]
    var mixer = StorageTestMixer(state: 9)
    for _ in 0..<200_000 {
      let bits = mixer.next()
      let scale = Double(bits % 64)
      values.append(Double(bits >> 11) * 0x1p-53 * Double.pow2(scale))
      values.append(Double(bits % 1_000_000) / 2)
    }
    var mismatches: [Double] = []
    for value in values where IOModel.bytes(value) != Int64(min(value, 1e18).rounded()) { mismatches.append(value) }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    #expect(IOModel.bytes(0) == 0 && IOModel.bytes(-3) == 0 && IOModel.bytes(.nan) == 0 && IOModel.bytes(.infinity) == 0)
  }
}

extension Double {
  /// 2^exponent.
  fileprivate static func pow2(_ exponent: Double) -> Double { Double(sign: .plus, exponent: Int(exponent), significand: 1) }
}
