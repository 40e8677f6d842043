@testable import Platform
import Testing

/// Numbers in summaries: grouped thousands, at most 3 decimals, no locale, no exponent.
@Suite("Summary number formatting")
struct FormatTests {
  @Test("integers are grouped by thousands")
  func grouping() {
    #expect(Format.grouped(0) == "0")
    #expect(Format.grouped(999) == "999")
    #expect(Format.grouped(1000) == "1,000")
    #expect(Format.grouped(3_120_000) == "3,120,000")
    #expect(Format.grouped(-1_234_567) == "-1,234,567")
  }

  @Test("decimals are rounded to 3 places with trailing zeros dropped")
  func decimals() {
    #expect(Format.decimal(3881.592) == "3,881.592")
    #expect(Format.decimal(94_966.5792) == "94,966.579")
    #expect(Format.decimal(100 * 7 / 12.4, digits: 2) == "56.45")
    #expect(Format.decimal(7) == "7")
    #expect(Format.decimal(0.5) == "0.5")
    #expect(Format.decimal(-0.0004) == "0")
    #expect(Format.decimal(-2.25) == "-2.25")
    #expect(Format.decimal(1e15, grouping: false) == "1000000000000000")
  }

  @Test("JSON numbers never use exponents")
  func jsonNumbers() {
    #expect(Format.jsonNumber(54_912) == "54912")
    #expect(Format.jsonNumber(0.000001) == "0.000001")
    #expect(Format.jsonNumber(1e16) == "10000000000000000")
  }
}
