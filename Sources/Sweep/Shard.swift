import Reporting
import Workload

/// One share of a plan's runs, for Slurm job arrays: run j belongs to
/// shard `j mod count` (with one replica per scenario, run j is scenario j).
public struct Shard: Sendable, Hashable, CustomStringConvertible {
  public var index: Int
  public var count: Int

  public init(index: Int, count: Int) {
    precondition(count >= 1 && index >= 0 && index < count, "shard index must be in 0..<count")
    self.index = index
    self.count = count
  }

  /// Parses `i/N` with 0 ≤ i < N, or returns `nil`.
  public init?(parsing text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
      index >= 0, index < count
    else { return nil }
    self.init(index: index, count: count)
  }

  /// `i/N`.
  public var description: String { "\(index)/\(count)" }

  /// Whether run `run` belongs to this shard.
  public func contains(run: Int) -> Bool { run % count == index }

  /// The default file of this shard's partial results: `OUTPUT.shard-i-of-N.part`.
  public func partPath(output: String) -> String { "\(output).shard-\(index)-of-\(count).part" }
}

/// Partial results of one shard, as written by `hpcsim sweep --shard i/N`
/// and joined by `hpcsim merge`.
///
/// The file is binary: the line `hpcsim-sweep-part 1`, then the plan's name,
/// replicas, scenario parameters and run count, the shard, and the shard's
/// results, in the exact encoding ranks exchange (doubles by bit pattern),
/// so a merge renders the same bytes as a whole run.
public struct SweepPart: Sendable, Hashable {
  public var shard: Shard
  /// The shard's results; runs of other shards are `nil`.
  public var results: SweepResults

  public init(shard: Shard, results: SweepResults) {
    self.shard = shard
    self.results = results
  }

  static let magic = Array("hpcsim-sweep-part 1\n".utf8)

  /// The file's bytes.
  public func encoded() -> [UInt8] {
    var writer = ByteWriter()
    writer.bytes = Self.magic
    writer.string(results.planName)
    writer.int(results.replicas)
    writer.int(results.scenarios.count)
    for scenario in results.scenarios { writer.json(scenario) }
    writer.int(results.results.count)
    writer.int(shard.index)
    writer.int(shard.count)
    let present = results.results.compactMap { $0 }
    writer.int(present.count)
    for result in present { result.encode(into: &writer) }
    return writer.bytes
  }

  /// Decodes a part file's bytes; `path` names it in errors.
  public static func decode(_ bytes: [UInt8], path: String) throws(MergeError) -> SweepPart {
    guard bytes.starts(with: magic) else { throw .notAPart(path: path) }
    var reader = ByteReader(bytes, offset: magic.count)
    do throws(WireError) {
      let name = try reader.string()
      let replicas = try reader.int()
      let scenarioCount = try reader.count(minimumSize: 1)
      var scenarios: [JSONValue] = []
      for _ in 0..<scenarioCount { scenarios.append(try reader.json()) }
      let runCount = try reader.int()
      let index = try reader.int()
      let count = try reader.int()
      guard replicas >= 1, runCount == scenarioCount * replicas, count >= 1, index >= 0, index < count else {
        throw WireError.malformed("inconsistent header")
      }
      let shard = Shard(index: index, count: count)
      var results = SweepResults(
        planName: name, replicas: replicas, scenarios: scenarios,
        results: Array(repeating: nil, count: runCount))
      let present = try reader.count(minimumSize: 9)
      for _ in 0..<present {
        let result = try RunResult.decode(from: &reader)
        guard result.run >= 0, result.run < runCount, shard.contains(run: result.run),
          results.results[result.run] == nil
        else { throw WireError.malformed("run \(result.run) does not belong to shard \(shard)") }
        results.record(result)
      }
      guard reader.isAtEnd else { throw WireError.malformed("trailing bytes") }
      return SweepPart(shard: shard, results: results)
    } catch {
      throw .corrupt(path: path, problem: error.description)
    }
  }

  /// Writes the part to `path` atomically.
  public func write(to path: String) throws(OutputError) {
    let file = try AtomicFile(path: path)
    try file.write(bytes: encoded())
    try file.commit()
  }

  /// Joins the parts of every shard of one plan into the whole results.
  ///
  /// - Throws: `MergeError` when parts come from different plans or shard
  ///   counts, a shard is missing or given twice, or a run has no result.
  public static func merge(_ parts: [(path: String, part: SweepPart)]) throws(MergeError) -> SweepResults {
    guard let first = parts.first else { throw .noParts }
    let count = first.part.shard.count
    var seen: [Int: String] = [:]
    var merged = first.part.results
    for (path, part) in parts {
      let results = part.results
      guard results.planName == merged.planName, results.replicas == merged.replicas,
        results.scenarios == merged.scenarios, results.results.count == merged.results.count,
        part.shard.count == count
      else { throw .differentPlan(path: path, first: first.path) }
      if let other = seen[part.shard.index] {
        throw .duplicateShard(shard: part.shard.description, first: other, second: path)
      }
      seen[part.shard.index] = path
      for case let result? in results.results { merged.record(result) }
    }
    let missing = (0..<count).filter { seen[$0] == nil }
    guard missing.isEmpty else { throw .missingShards(missing.map { "\($0)/\(count)" }) }
    guard merged.isComplete else { throw .incomplete(runs: merged.results.count - merged.completedRuns) }
    return merged
  }
}

/// `hpcsim merge`: reading part files and joining them.
public enum SweepMerge {
  /// Reads the part files at `paths` and joins them (see `SweepPart.merge`).
  public static func merge(paths: [String]) throws(MergeError) -> SweepResults {
    var parts: [(path: String, part: SweepPart)] = []
    for path in paths {
      switch readFileBytes(path) {
      case .success(let bytes): parts.append((path, try SweepPart.decode(bytes, path: path)))
      case .failure(let error): throw .unreadable(path: path, reason: error.reason)
      }
    }
    return try SweepPart.merge(parts)
  }
}

/// Why shard parts cannot be merged.
public enum MergeError: Error, Equatable, Sendable, CustomStringConvertible {
  case noParts
  case unreadable(path: String, reason: String)
  case notAPart(path: String)
  case corrupt(path: String, problem: String)
  case differentPlan(path: String, first: String)
  case duplicateShard(shard: String, first: String, second: String)
  case missingShards([String])
  case incomplete(runs: Int)

  public var description: String {
    switch self {
    case .noParts: "no part files given"
    case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
    case .notAPart(let path): "\(path): not a sweep part file (written by 'hpcsim sweep --shard i/N')"
    case .corrupt(let path, let problem): "\(path): damaged part file: \(problem)"
    case .differentPlan(let path, let first):
      "\(path): comes from a different plan or shard count than \(first)"
    case .duplicateShard(let shard, let first, let second): "shard \(shard) is given twice: \(first) and \(second)"
    case .missingShards(let shards): "missing shards: " + shards.joined(separator: ", ")
    case .incomplete(let runs): "\(runs) runs have no result in the parts"
    }
  }
}
