/// A check of the MPI layer across every rank of a communicator failed.
public struct MPISelfTestFailure: Error, CustomStringConvertible, Sendable {
  /// The self-test report, whose failing lines say what went wrong where.
  public let report: String

  /// The report.
  public var description: String { report }
}

extension MPIRuntime {
  /// Exercises the MPI layer on every rank of `communicator` and returns a
  /// report on rank 0 (`""` on other ranks).
  ///
  /// Every rank must call this. It checks a barrier, broadcasts of empty,
  /// small and large payloads from two roots, gathers of buffers whose
  /// lengths differ per rank at two roots, `allreduce` of `Int64`, `UInt64`
  /// and `Double`, a ring of tagged messages, any-source receives, receives
  /// by tag out of send order, a 1 MiB round trip and the error from a send
  /// to a rank outside the communicator. Failures are collected on every
  /// rank and reported together; no check stops another, so a wrong value
  /// cannot leave a rank waiting. The report is the same for every run with
  /// the same number of ranks, unless `includeTimings` adds `timing:` lines.
  ///
  /// Run it as `mpirun -n 3 hpcsim mpi-selftest`, or in a plain process
  /// (singleton mode, one rank).
  ///
  /// - Parameters:
  ///   - communicator: The communicator to test; `.world` by default.
  ///   - includeTimings: Whether to add round-trip times between ranks 0
  ///     and 1 (8 bytes and 1 MiB).
  /// - Returns: The report on rank 0, ending with `result: ... passed`;
  ///   `""` on other ranks.
  /// - Throws: ``MPISelfTestFailure`` on every rank if a check failed
  ///   anywhere; ``MPIError`` if an MPI call failed (the caller should then
  ///   abort the job, since other ranks may be waiting).
  public static func selfTest(
    on communicator: Communicator = .world, includeTimings: Bool = false
  ) throws -> String {
    var run = try SelfTestRun(communicator)
    try run.all()
    var report = try run.report()
    if includeTimings { report += try run.timings() }
    return report
  }
}

/// The state of one rank's self-test: its failures, keyed by check.
struct SelfTestRun {
  let comm: Communicator
  let rank: Int
  let size: Int
  /// The checks in report order, with their success text.
  var lines: [(check: String, text: String)] = []
  /// This rank's failures as `check: message`.
  var failures: [String] = []

  init(_ comm: Communicator) throws {
    self.comm = comm
    self.rank = try comm.rank
    self.size = try comm.size
  }

  /// Records `message` against `check` unless `ok`.
  mutating func expect(_ ok: Bool, _ check: String, _ message: String) {
    if !ok { failures.append("\(check): \(message)") }
  }

  /// Runs every check in a fixed order.
  mutating func all() throws {
    try comm.barrier()
    lines.append(("barrier", "\(Self.ranks(size)) arrived"))
    try broadcasts()
    try gathers()
    try reductions()
    try ring()
    try anySource()
    try tagOrder()
    try largeMessage()
    try errors()
    try comm.barrier()
  }
}

// MARK: - Collective checks

extension SelfTestRun {
  /// A deterministic byte pattern of `count` bytes.
  static func pattern(_ count: Int, seed: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7) }
  }

  mutating func broadcasts() throws {
    let last = size - 1
    let cases: [(root: Int, count: Int)] = [
      (0, 1000), (last, 0), (last, 100_000),
    ]
    for (index, c) in cases.enumerated() {
      let expected = Self.pattern(c.count, seed: index + 1)
      // Non-roots pass junk: only the root's bytes may matter.
      let mine = rank == c.root ? expected : [0xFF, 0xFE]
      let got = try comm.broadcast(bytes: mine, root: c.root)
      expect(got == expected, "broadcast",
        "\(c.count) bytes from root \(c.root): got \(got.count) bytes"
          + (got.count == c.count ? " with wrong content" : ""))
    }
    lines.append(("broadcast",
      "1000 bytes from rank 0, 0 and 100000 bytes from rank \(last)"))
  }

  mutating func gathers() throws {
    let roots = [0, size - 1]
    for (index, root) in roots.enumerated() {
      let n = size
      let length = { (r: Int) in index == 0 ? 7 * r : 3 * (n - r) }
      let mine = Self.pattern(length(rank), seed: rank + 100 * index)
      let got = try comm.gather(bytes: mine, root: root)
      guard rank == root else {
        expect(got == nil, "gather", "non-root \(rank) received buffers")
        continue
      }
      let expected = (0..<size).map {
        Self.pattern(length($0), seed: $0 + 100 * index)
      }
      expect(got == expected, "gather",
        "at root \(root): lengths \(got?.map(\.count) ?? []), expected "
          + "\(expected.map(\.count))")
    }
    let lengths = (0..<size).map { 7 * $0 }
    lines.append(("gather",
      "lengths \(lengths) at rank 0 and their mirror at rank \(size - 1)"))
  }

  mutating func reductions() throws {
    let n = Int64(size)
    let r = Int64(rank)
    let sum = try comm.allreduce([r, 1, -r], op: .sum)
    expect(sum == [n * (n - 1) / 2, n, -n * (n - 1) / 2], "allreduce",
      "int64 sum \(sum)")
    let max = try comm.allreduce([r], op: .max)
    let min = try comm.allreduce([r], op: .min)
    expect(max == [n - 1] && min == [0], "allreduce",
      "int64 max \(max) min \(min)")
    let big = try comm.allreduce([UInt64(rank) << 40], op: .max)
    expect(big == [UInt64(size - 1) << 40], "allreduce", "uint64 max \(big)")
    let half = try comm.allreduce([0.5 * Double(rank)], op: .sum)
    expect(half == [0.25 * Double(size * (size - 1))], "allreduce",
      "double sum \(half)")
    let empty = try comm.allreduce([Int64](), op: .sum)
    expect(empty.isEmpty, "allreduce", "empty input gave \(empty)")
    lines.append(("allreduce",
      "int64 sum/max/min, uint64 max, double sum, empty: rank sum "
        + "\(size * (size - 1) / 2)"))
  }
}

// MARK: - Point-to-point checks

extension SelfTestRun {
  mutating func ring() throws {
    let next = (rank + 1) % size
    let previous = (rank + size - 1) % size
    let mine = Self.pattern(10 * (rank + 1), seed: rank)
    // Even ranks send first, odd ranks receive first: no cycle of waits.
    var got: ReceivedMessage
    if rank % 2 == 0 {
      try comm.send(mine, to: next, tag: 100 + rank)
      got = try comm.receive(from: previous, tag: 100 + previous)
    } else {
      got = try comm.receive(from: previous, tag: 100 + previous)
      try comm.send(mine, to: next, tag: 100 + rank)
    }
    let expected = ReceivedMessage(
      bytes: Self.pattern(10 * (previous + 1), seed: previous),
      source: previous, tag: 100 + previous)
    expect(got == expected, "ring",
      "rank \(rank) got \(got.bytes.count) bytes from \(got.source) tag "
        + "\(got.tag)")
    lines.append(("ring",
      "rank r sent 10*(r+1) bytes to r+1 with tag 100+r"))
  }

  mutating func anySource() throws {
    try comm.send(Self.encode(rank), to: 0, tag: 7)
    if rank == 0 {
      var sources: [Int] = []
      for _ in 0..<size {
        let message = try comm.receive(tag: 7)
        expect(Self.decode(message.bytes) == message.source
          && message.tag == 7, "any-source",
          "payload \(message.bytes) from \(message.source)")
        sources.append(message.source)
      }
      expect(sources.sorted() == Array(0..<size), "any-source",
        "sources \(sources.sorted())")
    }
    lines.append(("any-source",
      "rank 0 received one tag-7 message from each of \(Self.ranks(size))"))
  }

  mutating func tagOrder() throws {
    try comm.send([8, UInt8(truncatingIfNeeded: rank)], to: 0, tag: 8)
    try comm.send([9, UInt8(truncatingIfNeeded: rank)], to: 0, tag: 9)
    try comm.send([11], to: 0, tag: 11)
    if rank == 0 {
      for source in 0..<size {
        let id = UInt8(truncatingIfNeeded: source)
        let info = try comm.probe(from: source, tag: 9)
        expect(info == MessageInfo(source: source, tag: 9, count: 2),
          "tags", "probe saw \(info)")
        let nine = try comm.receive(from: source, tag: 9)
        let eight = try comm.receive(from: source, tag: 8)
        let any = try comm.receive(from: source)
        expect(nine.bytes == [9, id] && eight.bytes == [8, id], "tags",
          "from \(source): \(nine.bytes) then \(eight.bytes)")
        expect(any.tag == 11, "tags", "any tag from \(source): \(any.tag)")
      }
      let leftover = try comm.iprobe()
      expect(leftover == nil, "tags",
        "unexpected message \(String(describing: leftover))")
    }
    lines.append(("tags",
      "rank 0 received tag 9 before tag 8 from each rank, then any tag"))
  }

  mutating func largeMessage() throws {
    guard size > 1 else {
      lines.append(("large message", "skipped on 1 rank"))
      return
    }
    let last = size - 1
    let payload = Self.pattern(1 << 20, seed: 5)
    if rank == 0 {
      try comm.send(payload, to: last, tag: 20)
      let back = try comm.receive(from: last, tag: 21)
      expect(back.bytes == payload.reversed(), "large message",
        "echo of \(back.bytes.count) bytes differs")
    } else if rank == last {
      let got = try comm.receive(from: 0, tag: 20)
      try comm.send(got.bytes.reversed(), to: 0, tag: 21)
    }
    lines.append(("large message",
      "1 MiB from rank 0 to rank \(last) and back reversed"))
  }

  mutating func errors() throws {
    do {
      try comm.send([1], to: size, tag: 0)
      expect(false, "errors", "send to rank \(size) succeeded")
    } catch let error as MPIError {
      expect(error == .rank && "\(error)".contains("MPI_ERR_RANK"),
        "errors", "send to rank \(size) raised '\(error)'")
    }
    lines.append(("errors",
      "send to rank \(size) raised MPI_ERR_RANK (invalid rank)"))
  }

  /// "1 rank", "3 ranks".
  static func ranks(_ count: Int) -> String {
    count == 1 ? "1 rank" : "\(count) ranks"
  }

  static func encode(_ value: Int) -> [UInt8] {
    withUnsafeBytes(of: Int64(value).littleEndian) { Array($0) }
  }

  static func decode(_ bytes: [UInt8]) -> Int? {
    guard bytes.count == 8 else { return nil }
    let value = bytes.reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) }
    return Int(value)
  }
}

// MARK: - Report

extension SelfTestRun {
  /// Gathers every rank's failures at rank 0 and renders the report.
  ///
  /// - Throws: ``MPISelfTestFailure`` on every rank if any rank failed.
  mutating func report() throws -> String {
    let mine = failures.map { "rank \(rank): \($0)" }.joined(separator: "\n")
    let gathered = try comm.gather(bytes: Array(mine.utf8), root: 0)
    let all = (gathered ?? []).flatMap {
      String(decoding: $0, as: UTF8.self)
        .split(separator: "\n").map(String.init)
    }
    let failed = try comm.broadcast(bytes: Self.encode(all.count), root: 0)
    let count = Self.decode(failed) ?? 0
    guard rank == 0 else {
      if count > 0 {
        throw MPISelfTestFailure(report: "MPI self-test: \(count) failures")
      }
      return ""
    }
    var text = "MPI self-test: \(Self.ranks(size)), thread level "
      + "\(MPIRuntime.providedThreadLevel.map { "\($0)" } ?? "none")\n"
    for line in lines {
      let bad = all.filter { $0.contains(": \(line.check): ") }
      text += bad.isEmpty
        ? "\(line.check): ok (\(line.text))\n"
        : "\(line.check): FAILED\n" + bad.map { "  \($0)\n" }.joined()
    }
    guard count == 0 else {
      throw MPISelfTestFailure(report: text + "result: \(count) failures\n")
    }
    return text + "result: \(lines.count) checks passed\n"
  }
}
