import Platform
import Reporting
import SimKernel
import Simulation
import Workload

/// The storage tier of a replay and where jobs' I/O demands come from.
/// Storage is modelled when demands are given (`demandsPath` or `model`).
public struct StorageOptions: Sendable, Hashable {
  /// A CSV of demands keyed by job id (docs/formats/io-demands.md).
  public var demandsPath: String?
  /// A seeded model for jobs the CSV does not list (or for all, without one).
  public var model: IOModel?
  /// Which tier of the machine's storage jobs stage to.
  public var tier = StorageTierChoice.sustained
  /// Overrides the machine's capacity, PB.
  public var capacityPB: Double?
  /// Overrides the machine's bandwidth, GiB/s.
  public var bandwidthGiBs: Double?
  /// Caps a job's transfers at `nodes ×` this, GiB/s.
  public var perNodeGiBs: Double?
  /// How long reservations outlive the stage-out.
  public var retention = SimTime.zero
  /// Where to write occupancy and bandwidth over time (buckets of the
  /// scenario's `timeSeriesResolution`), if anywhere.
  public var seriesPath: String?
  /// Bucket width of that series; `nil` takes the scenario's `timeSeriesResolution`.
  public var seriesResolution: SimTime?
  /// Where to write each job's I/O, if anywhere.
  public var jobsOutPath: String?

  public init() {}

  /// Whether storage is modelled at all.
  public var isEnabled: Bool { demandsPath != nil || model != nil }
}

extension ReplayScenario {
  /// The storage of a replay on `machine`, or `nil` when storage is off.
  ///
  /// - Throws: `StorageSetupError` when the machine has no storage and no
  ///   capacity and bandwidth are given, `IODemandError` for a bad CSV.
  public func storageSetup(for machine: ResolvedMachine) throws -> ReplayStorageSetup? {
    guard storage.isEnabled else { return nil }
    let tier = try storageTier(for: machine)
    let table = try storage.demandsPath.map { path throws(IODemandError) in try IODemandTable.load(path: path) }
    let model = storage.model
    let perNode = storage.perNodeGiBs.map { StorageSpec.bytes($0 * StorageSpec.bytesPerGiB) }
    if synthetic != nil && (storage.seriesPath != nil || storage.jobsOutPath != nil) {
      throw ScenarioError(
        "--storage-timeseries-out and --io-jobs-out need a trace file; write the synthetic workload with "
          + "'hpcsim generate' and replay that file")
    }
    var staging = StagingModel(tier: tier, retention: storage.retention)
    if storage.seriesPath != nil { staging.recordSeries(resolution: storageSeriesResolution) }
    if storage.jobsOutPath != nil { staging.recordJobs() }
    return ReplayStorageSetup(model: staging, perNodeBandwidth: perNode) { job in
      if let listed = table?.demand(forJob: job.id) { return listed }
      return model?.demand(jobID: job.id, processors: job.processors, runTime: job.runTime) ?? .none
    }
  }

  func storageTier(for machine: ResolvedMachine) throws(StorageSetupError) -> StorageTier {
    let spec: StorageSpec
    if let configured = machine.machine?.storage {
      spec = configured
    } else if let capacity = storage.capacityPB, let bandwidth = storage.bandwidthGiBs {
      spec = StorageSpec(capacityPB: capacity, bandwidthGiBs: bandwidth)
    } else {
      throw .noStorage(machine: machine.name)
    }
    return try spec.tier(storage.tier, capacityPB: storage.capacityPB, bandwidthGiBs: storage.bandwidthGiBs)
  }

  /// The storage options for the report's provenance (empty when off).
  func storageOptionList(machine: ResolvedMachine) throws -> [(String, String)] {
    guard storage.isEnabled else { return [] }
    let tier = try storageTier(for: machine)
    return [
      ("storage_tier", storage.tier.rawValue),
      ("storage_capacity_bytes", "\(tier.capacity)"),
      ("storage_bandwidth_bytes_per_second", "\(tier.bandwidth)"),
      (
        "storage_per_node_bytes_per_second",
        storage.perNodeGiBs.map { "\(StorageSpec.bytes($0 * StorageSpec.bytesPerGiB))" } ?? "unlimited"
      ),
      ("storage_retention_seconds", storage.retention.formatCompact()),
      ("io_demands", storage.demandsPath ?? "none"),
      ("io_model", storage.model?.specification ?? "none"),
    ]
  }
}

extension ReplayScenario {
  /// Writes the storage outputs asked for (`storage.seriesPath`,
  /// `storage.jobsOutPath`), each with its provenance sidecar; `report`
  /// already carries its provenance.
  /// Bucket width of the storage time series.
  var storageSeriesResolution: SimTime { storage.seriesResolution ?? timeSeriesResolution }

  func writeStorageOutputs(_ report: ReplayReport) throws {
    guard let summary = report.storage else { return }
    if let path = storage.seriesPath, let series = summary.series {
      if series.overflowed {
        throw ScenarioError(
          "the storage time series would need more than \(series.limit) buckets of "
            + "\(storageSeriesResolution.formatCompact()) s; pass a larger --storage-timeseries-resolution")
      }
      try StorageOutputs.writeSeries(series, capacity: summary.capacity, bandwidth: summary.bandwidth, to: path)
      try report.writeProvenanceSidecar(
        for: path,
        format: "hpcsim storage time series CSV: time, occupancy_bytes, occupancy_fraction, "
          + "bandwidth_bytes_per_second, bandwidth_fraction, transfers, busy_fraction, averaged over buckets of "
          + "\(storageSeriesResolution.formatCompact()) s")
    }
    if let path = storage.jobsOutPath, let jobs = summary.jobLog {
      try StorageOutputs.writeJobs(jobs, to: path)
      try report.writeProvenanceSidecar(
        for: path, format: "hpcsim per-job I/O CSV (docs/formats/io-demands.md)")
    }
  }
}
