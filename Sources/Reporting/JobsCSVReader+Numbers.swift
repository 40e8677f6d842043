import Platform

/// The outcome of parsing one numeric field.
enum DecimalParse: Equatable {
  /// The value, scaled by 10^maxDecimals (microseconds for times).
  case value(Int64)
  case empty
  case malformed
  /// More decimals than allowed.
  case tooPrecise
  case outOfRange
}

extension JobsCSVParser {
  /// Parses `-?digits(.digits)?` in `text[start..<end]` as a fixed-point
  /// number with `maxDecimals` decimals, exactly (no `Double`).
  ///
  /// `12.5` with 6 decimals is `12_500_000`. Fewer decimals are padded; more
  /// are `.tooPrecise` (for `maxDecimals == 0`, any fraction is `.malformed`:
  /// the field is an integer).
  ///
  /// - Complexity: O(end - start)
  @inline(__always)
  static func decimal(
    _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, maxDecimals: Int
  ) -> DecimalParse {
    if start == end { return .empty }
    if end - start <= 17, let value = shortDecimal(text, start, end, maxDecimals: maxDecimals) {
      return .value(value)
    }
    var index = start
    let negative = text[index] == UInt8(ascii: "-")
    if negative { index += 1 }
    var value: Int64 = 0
    var wholeDigits = 0
    while index < end, case let digit = text[index] &- UInt8(ascii: "0"), digit < 10 {
      let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(Int64(digit))
      if overflow1 || overflow2 { return .outOfRange }
      value = sum
      wholeDigits += 1
      index += 1
    }
    var decimals = 0
    if index < end && text[index] == UInt8(ascii: ".") {
      if maxDecimals == 0 { return .malformed }
      index += 1
      while index < end, case let digit = text[index] &- UInt8(ascii: "0"), digit < 10 {
        if decimals == maxDecimals { return .tooPrecise }
        let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflow2) = times10.addingReportingOverflow(Int64(digit))
        if overflow1 || overflow2 { return .outOfRange }
        value = sum
        decimals += 1
        index += 1
      }
      if decimals == 0 { return .malformed }  // "12." has no fraction digits
    }
    if index != end || wholeDigits == 0 { return .malformed }
    while decimals < maxDecimals {
      let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
      if overflow { return .outOfRange }
      value = times10
      decimals += 1
    }
    return .value(negative ? -value : value)
  }

  /// The common case of `decimal`: at most 17 characters (so at most 17
  /// digits plus padding, at most 18 digits: no overflow possible), well
  /// formed. Returns `nil` for anything else, which `decimal` then handles
  /// with full checks and a precise error.
  @inline(__always)
  static func shortDecimal(
    _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, maxDecimals: Int
  ) -> Int64? {
    var index = start
    let negative = text[index] == UInt8(ascii: "-")
    if negative { index += 1 }
    let wholeStart = index
    var value: Int64 = 0
    while index < end, case let digit = text[index] &- UInt8(ascii: "0"), digit < 10 {
      value = value &* 10 &+ Int64(digit)
      index += 1
    }
    if index == wholeStart { return nil }
    var decimals = 0
    if index < end {
      guard maxDecimals > 0, text[index] == UInt8(ascii: "."), end - index - 1 <= maxDecimals else { return nil }
      index += 1
      while index < end, case let digit = text[index] &- UInt8(ascii: "0"), digit < 10 {
        value = value &* 10 &+ Int64(digit)
        decimals += 1
        index += 1
      }
      if index != end || decimals == 0 { return nil }
    }
    if (end - start) + (maxDecimals - decimals) > 18 { return nil }
    while decimals < maxDecimals {
      value = value &* 10
      decimals += 1
    }
    return negative ? -value : value
  }

  /// Parses `allocated_resources` (`0-3 8 10-11`, runs separated by spaces, in
  /// any order) into a canonical `NodeSet`.
  ///
  /// - Throws: `.badNodeSet` for malformed text, `.repeatedNode` when runs overlap.
  /// - Complexity: O(length + r log r) for r runs (no sort when already ascending).
  mutating func nodeSet(_ field: Int) throws(JobsCSVError) -> NodeSet {
    let start = starts[field]
    let end = ends[field]
    runs.removeAll(keepingCapacity: true)
    var index = start
    var ascending = true
    while index < end {
      if text[index] == UInt8(ascii: " ") {
        index += 1
        continue
      }
      guard let lower = number(&index, end) else { throw badNodeSet(start, end) }
      var upper = lower
      if index < end && text[index] == UInt8(ascii: "-") {
        index += 1
        guard let parsed = number(&index, end), parsed >= lower else { throw badNodeSet(start, end) }
        upper = parsed
      }
      if index < end && text[index] != UInt8(ascii: " ") { throw badNodeSet(start, end) }
      if let last = runs.last, last.lower >= lower { ascending = false }
      runs.append(NodeRun(lower, upper))
    }
    if !ascending { runs.sort { $0.lower < $1.lower } }
    var merged: [NodeRun] = []
    merged.reserveCapacity(runs.count)
    for run in runs {
      guard let last = merged.last, run.lower <= last.upper &+ 1 else {
        merged.append(run)
        continue
      }
      if run.lower <= last.upper {
        throw .repeatedNode(path: path, line: line, token: token(start, end), node: run.lower)
      }
      merged[merged.count - 1].upper = run.upper
    }
    return NodeSet(canonicalRuns: merged)
  }

  /// An unsigned node index at `index`, advancing past it; `nil` if there is
  /// none or it exceeds `Int32`.
  @inline(__always)
  func number(_ index: inout Int, _ end: Int) -> Int32? {
    var value: Int64 = 0
    let first = index
    while index < end, case let digit = text[index] &- UInt8(ascii: "0"), digit < 10 {
      value = value * 10 + Int64(digit)
      if value > Int64(Int32.max) { return nil }
      index += 1
    }
    return index > first ? Int32(value) : nil
  }

  func badNodeSet(_ start: Int, _ end: Int) -> JobsCSVError {
    .badNodeSet(path: path, line: line, token: token(start, end))
  }
}
