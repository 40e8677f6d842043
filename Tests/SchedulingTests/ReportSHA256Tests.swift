import Reporting
import TestSupport
import Testing

/// SHA-256 against the examples of FIPS 180-4 (NIST's "Cryptographic
/// Standards and Guidelines: Examples with Intermediate Values") and the
/// long-message vector of FIPS 180-2 Appendix B.3.
@Suite("SHA-256 (FIPS 180-4 vectors)")
struct ReportSHA256Tests {
  static let vectors: [(message: String, digest: String)] = [
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    (
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
    ),
  ]

  @Test("the FIPS examples hash to their published digests", arguments: 0..<4)
  func vectors(index: Int) {
    let (message, digest) = Self.vectors[index]
    #expect(SHA256.hash(Array(message.utf8)).hexDigest == digest)
  }

  @Test("one million 'a' (FIPS 180-2 B.3), fed in uneven pieces")
  func millionA() {
    var hasher = SHA256()
    let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    var offset = 0
    var piece = 1
    while offset < bytes.count {
      let end = min(offset + piece, bytes.count)
      hasher.update(Array(bytes[offset..<end]))
      offset = end
      piece = piece * 3 % 1_000 + 1  // 1, 4, 13, 40, 121, 364, 93, ... crosses block edges
    }
    #expect(hasher.finalize().hexDigest == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test("messages of 55, 56 and 64 bytes pad into one or two blocks correctly")
  func paddingEdges() {
    // Digests computed with coreutils sha256sum.
    #expect(
      SHA256.hash([UInt8](repeating: 0x61, count: 55)).hexDigest
        == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
    #expect(
      SHA256.hash([UInt8](repeating: 0x61, count: 56)).hexDigest
        == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    #expect(
      SHA256.hash([UInt8](repeating: 0x61, count: 64)).hexDigest
        == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
  }

  @Test("a file hashes to the digest coreutils gives, with its size")
  func file() throws {
    let (digest, bytes) = try SHA256.hashFile(path: TestPaths.fixture("golden/tiny.swf"))
    #expect(digest.hexDigest == "d4d3a5bbef48f04af514172352fdf51630b007ccf7ac7d2946c6320337379d39")
    #expect(bytes == 677)
  }

  @Test("a missing file is an error naming it")
  func missingFile() {
    #expect(throws: SHA256FileError.self) { try SHA256.hashFile(path: "/nonexistent/trace.swf") }
  }
}
