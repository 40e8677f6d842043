import MPI
import Reporting
import Workload

/// One evaluation of a tuning run: a candidate on a trace in a rung.
public struct TuneEvaluation: Sendable, Hashable {
  public var rung: Int
  public var candidate: Int
  public var trace: Int
  /// Jobs per trace in the rung, `nil` for whole traces.
  public var budget: Int?
  /// `[bsld mean, wait p95, worst user's bsld mean, jobs]`, or `nil` when it failed.
  public var metrics: [Double]?
  public var failure: String?
}

/// The outcome of a tuning run: every evaluation, and each rung's ranking.
public struct TuneOutcome: Sendable {
  public var spec: TuneSpec
  public var candidates: [TuneCandidate]
  public var evaluations: [TuneEvaluation] = []
  /// Per rung: (candidate, score, feasible), best first.
  public var rankings: [[(candidate: Int, score: Double, feasible: Bool)]] = []

  /// The winner: first of the last rung's ranking.
  public var best: (candidate: Int, score: Double, feasible: Bool)? { rankings.last?.first }

  init(spec: TuneSpec) {
    self.spec = spec
    candidates = spec.candidateList
  }

  /// Records the results of rung `rung` over `survivors` and ranks them:
  /// feasible first, then by score (mean of the objective over traces; a
  /// failed evaluation scores +inf), ties by candidate number.
  mutating func record(rung: Int, survivors: [Int], results: [RunResult?]) {
    let traces = spec.traces.count
    var ranking: [(candidate: Int, score: Double, feasible: Bool)] = []
    for (position, candidate) in survivors.enumerated() {
      var total = 0.0
      var feasible = true
      for trace in 0..<traces {
        let result = results[position * traces + trace]
        var evaluation = TuneEvaluation(
          rung: rung, candidate: candidate, trace: trace, budget: spec.budget(rung: rung))
        switch result?.outcome {
        case .completed(_, let metrics)?:
          evaluation.metrics = metrics
          total += spec.objective.score(boundedSlowdown: metrics[0], waitP95Seconds: metrics[1])
          if let bound = spec.maxUserBoundedSlowdown, metrics[2] > bound { feasible = false }
        case .failed(let message)?:
          evaluation.failure = message
          total = .infinity
        case nil:
          evaluation.failure = "no result"
          total = .infinity
        }
        evaluations.append(evaluation)
      }
      ranking.append((candidate, total / Double(traces), feasible))
    }
    ranking.sort {
      if $0.feasible != $1.feasible { return $0.feasible }
      if $0.score != $1.score { return $0.score < $1.score }
      return $0.candidate < $1.candidate
    }
    rankings.append(ranking)
  }

  /// The best policy as a YAML policy file with a comment header.
  public func policyFile() -> String {
    guard let best else { return "" }
    let sizes = spec.rungSizes.map(String.init).joined(separator: " -> ")
    var text = "# hpcsim \(hpcsimVersion) tune: best of \(spec.candidates) candidates (seed \(spec.seed), "
      + "successive halving \(sizes), eta \(spec.eta), first rung \(spec.minJobs) jobs per trace)\n"
    text += "# objective: \(spec.objective) = \(formatDecimal(best.score, decimals: 6)) on whole traces"
      + (best.feasible ? "" : " (BREAKS the fairness bound: no candidate met it)") + "\n"
    if let bound = spec.maxUserBoundedSlowdown {
      text += "# fairness bound: every user's mean bounded slowdown <= \(formatDecimal(bound, decimals: 6))\n"
    }
    text += "# traces: " + spec.traces.joined(separator: ", ") + "; estimate \(spec.estimate.rawValue); machine "
      + (spec.machinePath ?? spec.processors.map { "trace:\($0)" } ?? "trace") + "\n"
    text += "# candidate \(best.candidate): \(candidates[best.candidate].summary)\n"
    text += "# replay: hpcsim replay TRACE --policy-file THIS_FILE\n"
    return text + candidates[best.candidate].policyYAML
  }

  /// Every evaluation as CSV, in rung, candidate and trace order.
  public func logCSV() -> String {
    var out = "rung,candidate,trace,jobs,bsld_mean,wait_p95_s,worst_user_bsld_mean,score,policy,error\n"
    for e in evaluations {
      let score = e.metrics.map {
        formatDecimal(spec.objective.score(boundedSlowdown: $0[0], waitP95Seconds: $0[1]), decimals: 6)
      }
      let fields: [String] = [
        String(e.rung), String(e.candidate), SweepResults.csvField(spec.traces[e.trace]),
        e.metrics.map { String(Int64($0[3])) } ?? "",
        e.metrics.map { formatDecimal($0[0], decimals: 6) } ?? "",
        e.metrics.map { formatDecimal($0[1], decimals: 3) } ?? "",
        e.metrics.map { formatDecimal($0[2], decimals: 6) } ?? "", score ?? "",
        SweepResults.csvField(candidates[e.candidate].summary), SweepResults.csvField(e.failure ?? ""),
      ]
      out += fields.joined(separator: ",") + "\n"
    }
    return out
  }
}

/// How `hpcsim tune` runs.
public struct TuneOptions: Sendable {
  public var spec: TuneSpec
  /// The policy file to write.
  public var output: String
  /// Every evaluation as CSV, if wanted.
  public var logPath: String?
  public var progress = true
  public var timing = false
  public var rank0 = Rank0Mode.auto

  public init(spec: TuneSpec, output: String) {
    self.spec = spec
    self.output = output
  }
}

/// `hpcsim tune`: successive halving with every rung spread over the ranks
/// of an `mpirun` job (or run in one process). Rank 0 ranks each rung and
/// broadcasts the survivors; the outcome depends only on the spec, not on
/// the number of ranks.
public enum TuneSession {
  /// Runs the tuning and returns the exit status: 0, or 1 when every
  /// candidate failed, the output cannot be written, or no candidate met
  /// the fairness bound (the best is still written).
  public static func run(_ options: TuneOptions) -> Int32 {
    let spec = options.spec
    guard let session = SessionWorld.start() else { return 1 }
    defer { session.finish() }
    let (world, rank, size, threadLevel) = (session.world, session.rank, session.size, session.threadLevel)

    if let world, size > 1, rank != 0 {
      do {
        var rung = 0
        while true {
          let survivors = try receiveSurvivors(on: world)
          if survivors.isEmpty { break }
          try MPISweepRunner.work(spec.batch(rung: rung, survivors: survivors), on: world)
          rung += 1
        }
      } catch {
        writeStandardError("hpcsim: error: rank \(rank): \(error)")
        world.abort(errorCode: 1)
      }
      return 0
    }

    var outcome = TuneOutcome(spec: spec)
    let clock = ContinuousClock()
    let started = clock.now
    let computes = world.map { _ in SweepSession.rank0Computes(options.rank0, worldSize: size, threadLevel: threadLevel) }
    var survivors = Array(0..<outcome.candidates.count)
    for (rung, count) in spec.rungSizes.enumerated() {
      survivors = Array(survivors.prefix(count))
      // The last rung measures the baseline on whole traces too, so the
      // winner is never worse than it on the workload as a whole.
      if rung == spec.rungSizes.count - 1 && !survivors.contains(0) { survivors.append(0) }
      let batch = spec.batch(rung: rung, survivors: survivors)
      let budget = spec.budget(rung: rung).map { "\($0) jobs per trace" } ?? "whole traces"
      let progress = SweepProgress(
        total: batch.count, label: "tune rung \(rung + 1)/\(spec.rungSizes.count) (\(count) candidates, \(budget))",
        enabled: options.progress)
      let results: [RunResult?]
      if let world, size > 1 {
        do {
          try sendSurvivors(survivors, on: world)
          (results, _) = try MPISweepRunner.dispatch(
            batch, on: world, computesOnRank0: computes ?? true, progress: progress)
        } catch {
          writeStandardError("hpcsim: error: rank 0: \(error)")
          world.abort(errorCode: 1)
        }
      } else {
        results = LocalSweepRunner.run(batch, progress: progress)
      }
      outcome.record(rung: rung, survivors: survivors, results: results)
      survivors = outcome.rankings[rung].map(\.candidate)
    }
    if let world, size > 1 {
      do { try sendSurvivors([], on: world) } catch { world.abort(errorCode: 1) }
    }
    let elapsed = seconds(clock.now - started)

    guard let best = outcome.best, best.score.isFinite else {
      let failure = outcome.evaluations.first { $0.failure != nil }?.failure ?? "no result"
      writeStandardError("hpcsim: error: every candidate failed: \(failure)")
      return 1
    }
    do {
      try SweepSession.createParentDirectory(of: options.output)
      try AtomicFile.write(outcome.policyFile(), to: options.output)
      if let logPath = options.logPath {
        try SweepSession.createParentDirectory(of: logPath)
        try AtomicFile.write(outcome.logCSV(), to: logPath)
      }
    } catch {
      writeStandardError("hpcsim: error: \(error)")
      return 1
    }
    print(summary(outcome, output: options.output), terminator: "")
    if options.timing {
      writeStandardError(
        "tune timing: \(outcome.evaluations.count) evaluations in \(formatDecimal(elapsed, decimals: 3)) s on "
          + "\(size) rank\(size == 1 ? "" : "s")")
    }
    if !best.feasible {
      writeStandardError("hpcsim: error: no candidate met the fairness bound; wrote the best by objective")
      return 1
    }
    return 0
  }

  /// Rank 0 sends each worker the next rung's `survivors` (empty: done).
  /// Point-to-point rather than a broadcast, so a worker waits by polling
  /// (see `MPISweepRunner`) instead of spinning while rank 0 finishes a rung.
  static func sendSurvivors(_ survivors: [Int], on world: Communicator) throws {
    var writer = ByteWriter()
    for survivor in survivors { writer.int(survivor) }
    for rank in 1..<(try world.size) { try world.send(writer.bytes, to: rank, tag: survivorsTag) }
  }

  /// A worker's side of `sendSurvivors`.
  static func receiveSurvivors(on world: Communicator) throws -> [Int] {
    let message = try MPISweepRunner.receivePolling(from: 0, on: world)
    guard message.tag == survivorsTag else {
      throw SweepRunError.badMessage(rank: 0, problem: "expected the survivors, got tag \(message.tag)")
    }
    var reader = ByteReader(message.bytes)
    var out: [Int] = []
    while !reader.isAtEnd { out.append(try reader.int()) }
    return out
  }

  static let survivorsTag = 7304

  /// The last rung's ranking and where the winner went.
  static func summary(_ outcome: TuneOutcome, output: String) -> String {
    var text = "objective: \(outcome.spec.objective), whole traces\n"
    for entry in outcome.rankings.last ?? [] {
      text += "  candidate \(entry.candidate): \(formatDecimal(entry.score, decimals: 6))"
        + (entry.feasible ? "" : " (breaks the fairness bound)") + "  \(outcome.candidates[entry.candidate].summary)\n"
    }
    return text + "wrote \(output)\n"
  }
}
