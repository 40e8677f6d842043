/// A seedable, platform-stable pseudo-random number generator:
/// xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number
/// generators", ACM TOMS 2021), seeded through SplitMix64.
///
/// Unlike `SystemRandomNumberGenerator`, the sequence depends only on the
/// seed, so a synthetic workload made from seed 42 is the same on every
/// machine and every Swift release. The algorithm is frozen: changing it would
/// change every generated workload, so it must never be "improved" in place.
///
/// - Period: 2^256 − 1. `jump()` advances by 2^128 steps, giving independent,
///   non-overlapping streams from one seed (see `init(seed:stream:)`).
/// - Complexity: O(1) per `next()`; the state is four `UInt64` words.
@frozen
public struct SeededGenerator: RandomNumberGenerator, Hashable, Sendable {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64

  /// The seed this generator was made from (for headers and messages).
  public let seed: UInt64

  /// A generator whose state is four successive SplitMix64 outputs of `seed`.
  ///
  /// Every seed, including 0, gives a valid (non-zero) state.
  public init(seed: UInt64) {
    var mixer = SplitMix64(state: seed)
    s0 = mixer.next()
    s1 = mixer.next()
    s2 = mixer.next()
    s3 = mixer.next()
    self.seed = seed
  }

  /// Stream `stream` of `seed`: the seeded generator jumped `stream` times by
  /// 2^128 steps, so streams never overlap in practice.
  ///
  /// - Complexity: O(`stream`) jumps of 256 steps each.
  public init(seed: UInt64, stream: Int) {
    self.init(seed: seed)
    for _ in 0..<max(0, stream) { jump() }
  }

  /// A generator with an explicit state (for known-answer tests).
  /// The state must not be all zero.
  init(state: (UInt64, UInt64, UInt64, UInt64)) {
    (s0, s1, s2, s3) = state
    seed = 0
  }

  /// The next 64 random bits.
  @inlinable @inline(__always)
  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, by: 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotateLeft(s3, by: 45)
    return result
  }

  /// Advances the state by 2^128 calls to `next()`.
  public mutating func jump() {
    let polynomial: [UInt64] = [
      0x180e_c6d3_3cfd_0aba, 0xd5a6_1266_f0c9_392c,
      0xa958_2618_e03f_c9aa, 0x39ab_dc45_29b1_661c,
    ]
    var (t0, t1, t2, t3): (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    for word in polynomial {
      for bit in 0..<64 {
        if word & (1 << UInt64(bit)) != 0 {
          t0 ^= s0
          t1 ^= s1
          t2 ^= s2
          t3 ^= s3
        }
        _ = next()
      }
    }
    (s0, s1, s2, s3) = (t0, t1, t2, t3)
  }
}

@inlinable @inline(__always)
func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
  (x << k) | (x >> (64 &- k))
}

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014): used only to expand a 64-bit seed into the
/// 256-bit xoshiro state.
public struct SplitMix64: RandomNumberGenerator, Hashable, Sendable {
  /// The counter; advanced by the golden-ratio increment on every call.
  public var state: UInt64

  public init(state: UInt64) { self.state = state }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
}
