import ArgumentParser
import Platform
import SimKernel
import Sweep
import Workload

/// How a trace recorded elsewhere is retargeted onto the replay machine.
struct RetargetingOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Peak GFLOPS per core of the machine the trace was recorded on; run times and estimates are scaled by G / target GFLOPS per core.",
      valueName: "G"))
  var sourceGflopsPerCore: String?

  @Option(
    help: ArgumentHelp(
      "Peak GFLOPS per core of the replay machine (default: its node type's CPU peak / CPU cores, 17.6 on Tianhe-2).",
      valueName: "G"))
  var targetGflopsPerCore: String?

  @Option(help: ArgumentHelp("Divide inter-arrival times by F (exact decimal, e.g. 1.5).", valueName: "F"))
  var loadFactor: String?

  @Option(help: ArgumentHelp("Shift submit times so that the first replayed job is submitted at S seconds.", valueName: "S"))
  var rebaseStart: String?

  @Option(
    help: ArgumentHelp(
      "Replay only jobs submitted in [START, END) seconds of the trace's own time; either side may be empty.",
      valueName: "START:END"))
  var window: String?

  func validate() throws { _ = try options() }

  /// The options as a scenario takes them.
  func options() throws -> RetargetOptions {
    var options = RetargetOptions()
    options.sourceGFLOPSPerCore = try sourceGflopsPerCore.map { try ratio($0, "--source-gflops-per-core") }
    options.targetGFLOPSPerCore = try targetGflopsPerCore.map { try ratio($0, "--target-gflops-per-core") }
    options.loadFactor = try loadFactor.map { try ratio($0, "--load-factor") }
    if let rebaseStart {
      guard let start = SimTime.parseSeconds(rebaseStart), start.microseconds >= 0 else {
        throw ValidationError("--rebase-start must be seconds >= 0 with at most 6 decimals, got '\(rebaseStart)'")
      }
      options.rebaseStart = start
    }
    if let window {
      guard let parsed = SubmitWindow(parsing: window) else {
        throw ValidationError("--window must be START:END in seconds with START < END (a side may be empty), got '\(window)'")
      }
      options.window = parsed
    }
    return options
  }

  func ratio(_ text: String, _ option: String) throws -> ExactRatio {
    guard let value = ExactRatio(decimal: text) else {
      throw ValidationError("\(option) must be a positive decimal number (e.g. 1.5), got '\(text)'")
    }
    return value
  }
}

extension StorageTierChoice: ExpressibleByArgument {}

/// The storage tier and jobs' I/O demands.
struct StorageTierOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "I/O demands per job: CSV with job_id,input_bytes,output_bytes,scratch_bytes,checkpoint_bytes,checkpoint_interval_s (turns the storage tier on).",
      valueName: "FILE.csv"))
  var ioDemands: String?

  @Option(
    help: ArgumentHelp(
      "Seeded I/O model (turns the storage tier on), e.g. bytes-per-core-hour=1e9,dist=lognormal,sigma=1,seed=7; see docs/formats/io-demands.md.",
      valueName: "SPEC"))
  var ioModel: String?

  @Option(help: "Which storage tier jobs stage to: sustained (the file system) or burst.")
  var storageTier: StorageTierChoice = .sustained

  @Option(help: ArgumentHelp("Storage capacity in PB (overrides the machine's).", valueName: "PB"))
  var storageCapacity: Double?

  @Option(help: ArgumentHelp("Storage bandwidth in GiB/s (overrides the machine's).", valueName: "GIB_S"))
  var storageBandwidth: Double?

  @Option(help: ArgumentHelp("Cap a job's transfers at its nodes x this many GiB/s.", valueName: "GIB_S"))
  var storagePerNodeBandwidth: Double?

  @Option(help: ArgumentHelp("Seconds a job's storage stays reserved after its stage-out.", valueName: "SECONDS"))
  var storageRetention: String?

  @Option(
    help: ArgumentHelp(
      "Write storage occupancy and bandwidth in use over time as CSV.", valueName: "FILE.csv"))
  var storageTimeseriesOut: String?

  @Option(
    help: ArgumentHelp(
      "Bucket width of --storage-timeseries-out (default: --timeseries-resolution, else 3600).",
      valueName: "SECONDS"))
  var storageTimeseriesResolution: String?

  @Option(
    help: ArgumentHelp(
      "Write each job's I/O (bytes, stage-in, checkpoint and stage-out times, I/O slowdown, capacity wait) as CSV.",
      valueName: "FILE.csv"))
  var ioJobsOut: String?

  func validate() throws {
    for (value, name) in [
      (storageCapacity, "--storage-capacity"), (storageBandwidth, "--storage-bandwidth"),
      (storagePerNodeBandwidth, "--storage-per-node-bandwidth"),
    ] {
      if let value, !(value > 0 && value.isFinite) {
        throw ValidationError("\(name) must be a positive number, got \(value)")
      }
    }
    _ = try options()
  }

  /// The options as a scenario takes them.
  func options() throws -> StorageOptions {
    var options = StorageOptions()
    options.demandsPath = ioDemands
    if let ioModel {
      do {
        options.model = try IOModel(specification: ioModel)
      } catch {
        throw ValidationError(error.description)
      }
    }
    options.tier = storageTier
    options.capacityPB = storageCapacity
    options.bandwidthGiBs = storageBandwidth
    options.perNodeGiBs = storagePerNodeBandwidth
    options.seriesPath = storageTimeseriesOut
    if let storageTimeseriesResolution {
      guard let resolution = SimTime.parseSeconds(storageTimeseriesResolution), resolution.microseconds > 0 else {
        throw ValidationError(
          "--storage-timeseries-resolution must be a positive number of seconds, got '\(storageTimeseriesResolution)'")
      }
      guard storageTimeseriesOut != nil else {
        throw ValidationError("--storage-timeseries-resolution applies to --storage-timeseries-out")
      }
      options.seriesResolution = resolution
    }
    options.jobsOutPath = ioJobsOut
    if let storageRetention {
      guard let retention = SimTime.parseSeconds(storageRetention), retention.microseconds >= 0 else {
        throw ValidationError("--storage-retention must be seconds >= 0, got '\(storageRetention)'")
      }
      options.retention = retention
    }
    let storageOnly = storageCapacity != nil || storageBandwidth != nil || storagePerNodeBandwidth != nil
      || storageRetention != nil || storageTier != .sustained || storageTimeseriesOut != nil || ioJobsOut != nil
    if storageOnly && !options.isEnabled {
      throw ValidationError("storage options need I/O demands: give --io-demands FILE.csv or --io-model SPEC")
    }
    return options
  }
}
