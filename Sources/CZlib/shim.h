// The system zlib, for Swift: `import CZlib` gives `inflateInit2_`, `inflate`,
// `inflateReset`, `inflateEnd` and `z_stream`. (`inflateInit2` itself is a C
// macro that Swift cannot import; call `inflateInit2_` with `zlibVersion()`
// and the size of `z_stream`.)
//
// Also `hpcsim_crc32`, zlib's CRC-32 computed with carry-less multiplication
// (PCLMULQDQ) where the processor has it: about 15 times fewer instructions
// than zlib 1.2.13's table-driven `crc32` on large buffers. Swift cannot
// reach the instruction itself, so it lives here as a static inline function.
#ifndef HPCSIM_CZLIB_SHIM_H
#define HPCSIM_CZLIB_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>
#define HPCSIM_CRC32_CLMUL 1

// 1 when the processor has PCLMULQDQ and SSE4.1.
static inline int hpcsim_cpu_has_clmul(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  return (ecx & bit_PCLMUL) != 0 && (ecx & bit_SSE4_1) != 0;
}

// The reflected CRC-32 state `state` (the CRC's complement) advanced over
// `length` bytes, `length` a multiple of 16 and at least 64. Folds four
// 128-bit lanes by 512 bits at a time, then one lane by 128 bits, reduces to
// 64 and then 32 bits (Barrett). The constants are x^k mod P(x) for the
// gzip polynomial, bit-reflected (Gopal et al., "Fast CRC Computation for
// Generic Polynomials Using PCLMULQDQ Instruction", Intel, 2009).
__attribute__((target("pclmul,sse4.1")))
static inline uint32_t hpcsim_crc32_fold(uint32_t state, const unsigned char *bytes, size_t length) {
  const __m128i by512 = _mm_set_epi64x(0x01c6e41596LL, 0x0154442bd4LL);
  const __m128i by128 = _mm_set_epi64x(0x00ccaa009eLL, 0x01751997d0LL);
  const __m128i by64 = _mm_set_epi64x(0, 0x0163cd6124LL);
  const __m128i barrett = _mm_set_epi64x(0x01f7011641LL, 0x01db710641LL);
  const __m128i low32 = _mm_setr_epi32(~0, 0, ~0, 0);

  __m128i a = _mm_loadu_si128((const __m128i *)(bytes + 0));
  __m128i b = _mm_loadu_si128((const __m128i *)(bytes + 16));
  __m128i c = _mm_loadu_si128((const __m128i *)(bytes + 32));
  __m128i d = _mm_loadu_si128((const __m128i *)(bytes + 48));
  a = _mm_xor_si128(a, _mm_cvtsi32_si128((int)state));
  bytes += 64;
  length -= 64;
  while (length >= 64) {
    __m128i a0 = _mm_clmulepi64_si128(a, by512, 0x00);
    __m128i b0 = _mm_clmulepi64_si128(b, by512, 0x00);
    __m128i c0 = _mm_clmulepi64_si128(c, by512, 0x00);
    __m128i d0 = _mm_clmulepi64_si128(d, by512, 0x00);
    a = _mm_clmulepi64_si128(a, by512, 0x11);
    b = _mm_clmulepi64_si128(b, by512, 0x11);
    c = _mm_clmulepi64_si128(c, by512, 0x11);
    d = _mm_clmulepi64_si128(d, by512, 0x11);
    a = _mm_xor_si128(_mm_xor_si128(a, a0), _mm_loadu_si128((const __m128i *)(bytes + 0)));
    b = _mm_xor_si128(_mm_xor_si128(b, b0), _mm_loadu_si128((const __m128i *)(bytes + 16)));
    c = _mm_xor_si128(_mm_xor_si128(c, c0), _mm_loadu_si128((const __m128i *)(bytes + 32)));
    d = _mm_xor_si128(_mm_xor_si128(d, d0), _mm_loadu_si128((const __m128i *)(bytes + 48)));
    bytes += 64;
    length -= 64;
  }
  // Four lanes into one.
  __m128i x = a;
  __m128i t = _mm_clmulepi64_si128(x, by128, 0x00);
  x = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, by128, 0x11), t), b);
  t = _mm_clmulepi64_si128(x, by128, 0x00);
  x = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, by128, 0x11), t), c);
  t = _mm_clmulepi64_si128(x, by128, 0x00);
  x = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, by128, 0x11), t), d);
  while (length >= 16) {
    t = _mm_clmulepi64_si128(x, by128, 0x00);
    x = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, by128, 0x11), t),
                      _mm_loadu_si128((const __m128i *)bytes));
    bytes += 16;
    length -= 16;
  }
  // 128 bits to 64.
  t = _mm_clmulepi64_si128(x, by128, 0x10);
  x = _mm_xor_si128(_mm_srli_si128(x, 8), t);
  t = _mm_srli_si128(x, 4);
  x = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(x, low32), by64, 0x00), t);
  // 64 bits to 32 (Barrett reduction).
  t = _mm_clmulepi64_si128(_mm_and_si128(x, low32), barrett, 0x10);
  t = _mm_clmulepi64_si128(_mm_and_si128(t, low32), barrett, 0x00);
  x = _mm_xor_si128(x, t);
  return (uint32_t)_mm_extract_epi32(x, 1);
}
#endif

// zlib's `crc32(crc, bytes, length)`, the same value, faster where possible.
static inline unsigned long hpcsim_crc32(unsigned long crc, const unsigned char *bytes, size_t length) {
#ifdef HPCSIM_CRC32_CLMUL
  static int clmul = -1;  // unknown yet; a benign race at worst computes it twice
  if (clmul < 0) clmul = hpcsim_cpu_has_clmul();
  if (clmul && length >= 64) {
    size_t folded = length & ~(size_t)15;
    crc = ~hpcsim_crc32_fold(~(uint32_t)crc, bytes, folded) & 0xffffffffUL;
    bytes += folded;
    length -= folded;
    if (length == 0) return crc;
  }
#endif
  return crc32_z(crc, bytes, length);
}

#endif
