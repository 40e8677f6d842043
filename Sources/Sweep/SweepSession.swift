import MPI
import Reporting
import Workload

#if canImport(Glibc)
  import Glibc
#endif

/// Whether rank 0 of an MPI sweep replays runs besides dispatching them.
public enum Rank0Mode: String, Sendable, CaseIterable {
  /// Replay when rank 0's host has a core to spare: fewer other ranks on
  /// it (`OMPI_COMM_WORLD_LOCAL_SIZE` − 1) than online cores.
  case auto
  /// Always replay on rank 0 too.
  case work
  /// Only dispatch.
  case dispatch
}

/// How `hpcsim sweep` runs.
public struct SweepOptions: Sendable {
  public var planPath: String
  /// Overrides the plan's `output` (relative to the current directory).
  public var output: String?
  /// Runs only this share of the plan and writes a part file.
  public var shard: Shard?
  /// Progress lines on standard error (rank 0).
  public var progress = true
  /// A timing line on standard error at the end (rank 0).
  public var timing = false
  public var rank0 = Rank0Mode.auto

  public init(planPath: String) { self.planPath = planPath }
}

/// `hpcsim sweep`: the whole life of a sweep in one process, under
/// `mpirun` (any rank) or alone.
///
/// MPI is initialised only under `mpirun` (so a plain `hpcsim sweep` needs
/// no `orted`) and finalised before returning. Rank 0 reads the plan and
/// broadcasts its text, so only rank 0 needs the plan file; every rank
/// needs the traces and machine configs.
public enum SweepSession {
  /// Runs the sweep and returns the process's exit status: 0 when every
  /// run succeeded, 1 when a run failed (results are still written) or the
  /// plan, MPI or the output failed. Errors go to standard error on rank 0.
  /// A worker rank whose MPI calls fail aborts the whole job.
  public static func run(_ options: SweepOptions) -> Int32 {
    guard let session = SessionWorld.start() else { return 1 }
    defer { session.finish() }
    let (world, rank, size, threadLevel) = (session.world, session.rank, session.size, session.threadLevel)
    let isRoot = rank == 0
    func fail(_ message: String) -> Int32 {
      if isRoot { writeStandardError("hpcsim: error: \(message)") }
      return 1
    }

    let plan: SweepPlan
    do {
      plan = try loadPlan(options.planPath, world: size > 1 ? world : nil, isRoot: isRoot)
    } catch {
      return fail("\(error)")
    }
    guard let output = options.output ?? plan.output.map(plan.resolve) else {
      return fail("\(options.planPath): no output: give 'output:' in the plan or --output")
    }
    let runs = plan.runs.filter { options.shard?.contains(run: $0.index) ?? true }

    if let world, size > 1, !isRoot {
      do {
        try MPISweepRunner.work(plan.batch(runs), on: world)
      } catch {
        writeStandardError("hpcsim: error: rank \(rank): \(error)")
        world.abort(errorCode: 1)
      }
      return 0
    }

    let progress = SweepProgress(total: runs.count, label: "sweep \(plan.name)", enabled: options.progress)
    var results: SweepResults
    var stats: MPISweepRunner.DispatchStatistics?
    if let world, size > 1 {
      let computes = rank0Computes(options.rank0, worldSize: size, threadLevel: threadLevel)
      do {
        let batch = plan.batch(plan.dispatchOrder(runs))
        let (collected, dispatchStats) = try MPISweepRunner.dispatch(
          batch, on: world, computesOnRank0: computes, progress: progress)
        results = SweepResults(plan: plan)
        for case let result? in collected { results.record(result) }
        stats = dispatchStats
      } catch {
        writeStandardError("hpcsim: error: rank 0: \(error)")
        world.abort(errorCode: 1)
      }
    } else {
      results = LocalSweepRunner.run(plan, runs: runs, progress: progress)
    }
    let elapsed = progress.elapsedSeconds

    do {
      try createParentDirectory(of: output)
      if let shard = options.shard {
        let path = shard.partPath(output: output)
        try SweepPart(shard: shard, results: results).write(to: path)
        print("wrote \(path) (shard \(shard): \(runs.count) of \(plan.runCount) runs)")
      } else {
        try write(results, to: output)
        print("wrote \(output).csv and \(output).json (\(plan.scenarioCount) scenarios, \(plan.runCount) runs)")
      }
    } catch {
      return fail("\(error)")
    }
    if options.timing {
      writeStandardError(timingLine(runs: runs.count, seconds: elapsed, ranks: size, stats: stats))
    }
    let failed = results.failedScenarios
    if failed > 0 {
      return fail("\(failed) of \(plan.scenarioCount) scenarios failed (see the status and error columns)")
    }
    return 0
  }

  /// Writes `OUTPUT.csv` and `OUTPUT.json`, each atomically.
  public static func write(_ results: SweepResults, to output: String) throws(OutputError) {
    try AtomicFile.write(results.renderCSV(), to: output + ".csv")
    try AtomicFile.write(results.renderJSON(), to: output + ".json")
  }

  /// The plan, read by rank 0 and broadcast as text when `world` is given.
  static func loadPlan(_ path: String, world: Communicator?, isRoot: Bool) throws -> SweepPlan {
    guard let world else { return try SweepPlan.load(path: path) }
    var payload: [UInt8] = []
    if isRoot {
      do {
        payload = [0] + Array(try SweepPlan.readText(path: path).utf8)
      } catch {
        payload = [1] + Array(error.description.utf8)
      }
    }
    let received = try world.broadcast(bytes: payload, root: 0)
    let text = String(decoding: received.dropFirst(), as: UTF8.self)
    guard received.first == 0 else { throw PlanTextError(description: text) }
    return try SweepPlan.parse(text, path: path)
  }

  struct PlanTextError: Error, CustomStringConvertible {
    var description: String
  }

  /// Whether rank 0 replays runs too (see `Rank0Mode`). Its replays run
  /// on a thread that never calls MPI, which needs thread level funneled.
  static func rank0Computes(_ mode: Rank0Mode, worldSize: Int, threadLevel: MPIRuntime.ThreadLevel) -> Bool {
    guard threadLevel >= .funneled else { return false }
    switch mode {
    case .work: return true
    case .dispatch: return false
    case .auto:
      let local = MPIEnvironment.processEnvironment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap { Int($0) } ?? worldSize
      return local - 1 < Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }
  }

  /// `sweep timing: 16 runs in 12.345 s (1.296 runs/s) on 3 ranks, ...`.
  static func timingLine(runs: Int, seconds: Double, ranks: Int, stats: MPISweepRunner.DispatchStatistics?) -> String {
    var line = "sweep timing: \(runs) runs in \(formatDecimal(seconds, decimals: 3)) s"
      + " (\(formatDecimal(seconds > 0 ? Double(runs) / seconds : 0, decimals: 3)) runs/s)"
    guard let stats else { return line + " in one process" }
    line += " on \(ranks) ranks, rank 0 " + (stats.rank0Computed ? "replaying \(stats.localRuns) runs too" : "dispatching only")
    let perDispatch = { (total: Double) in stats.dispatches > 0 ? total / Double(stats.dispatches) : 0 }
    line += "; \(stats.dispatches) dispatches, \(formatDecimal(perDispatch(stats.serviceSeconds) * 1e6, decimals: 1)) us"
      + " of rank-0 time per dispatch, workers waited \(formatDecimal(perDispatch(stats.workerWaitSeconds) * 1e3, decimals: 3))"
      + " ms per dispatch"
    return line
  }

  /// Creates the directories above `path` that are missing (`mkdir -p`).
  static func createParentDirectory(of path: String) throws(OutputError) {
    guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
    let directory = String(path[..<slash])
    var current = ""
    for component in directory.split(separator: "/") {
      current += current.isEmpty && !directory.hasPrefix("/") ? String(component) : "/" + component
      if component == "." || component == ".." { continue }
      if mkdir(current, 0o755) != 0 && errno != EEXIST {
        throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
      }
    }
  }
}
