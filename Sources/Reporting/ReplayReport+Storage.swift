import SimKernel
import Simulation

// The storage section of a replay report (present only when storage is
// modelled). Time averages use the window [first submit, last release].

extension ReplayReport {
  /// The averaging window of the storage metrics, in seconds.
  var storageWindow: Double {
    storage?.window(firstSubmit: metrics.firstSubmit, lastEnd: metrics.lastEnd) ?? 0
  }

  /// The storage rows of the text summary (none without storage).
  func storageTextLines() -> [String] {
    guard let storage else { return [] }
    let window = storageWindow
    let tier = storage.tier
    let staging = storage.staging
    var lines: [String] = []
    func row(_ label: String, _ value: String) {
      let pad = max(1, 18 - label.count)
      lines.append("  " + label + String(repeating: " ", count: pad) + value)
    }
    func percent(_ part: Double, _ whole: Double) -> String {
      formatDecimal(whole > 0 ? part / whole * 100 : 0, decimals: 2) + " %"
    }
    let capacity = Double(storage.capacity)
    row(
      "storage",
      "\(formatBytes(capacity)), \(formatBytes(Double(storage.bandwidth)))/s, "
        + "retention \(storage.retention.formatCompact()) s")
    let meanOccupancy = storage.meanOccupancy(window: window)
    row(
      "  occupancy",
      "mean \(formatBytes(meanOccupancy)) (\(percent(meanOccupancy, capacity))), "
        + "peak \(formatBytes(Double(tier.peakReserved))) (\(percent(Double(tier.peakReserved), capacity)))")
    row(
      "  bandwidth",
      "\(formatDecimal(storage.bandwidthUtilisation(window: window) * 100, decimals: 2)) % used on average, "
        + "busy \(percent(Double(tier.busyTime) / 1e6, window)) of the time, "
        + "peak \(percent(Double(tier.peakBandwidthInUse), Double(storage.bandwidth)))")
    row(
      "  moved",
      "in \(formatBytes(Double(staging.inputBytes))), checkpoints \(formatBytes(Double(staging.checkpointBytes))) "
        + "(\(grouped(Int(staging.checkpoints)))), out \(formatBytes(Double(staging.outputBytes))); "
        + "\(grouped(staging.jobsWithIO)) jobs with I/O")
    row(
      "  I/O per job",
      "mean \(formatDecimal(staging.meanIOSeconds, decimals: 1)) s, "
        + "max \(formatDecimal(Double(staging.maxIOTime) / 1e6, decimals: 1)) s; slowdown by I/O mean "
        + "\(formatDecimal(staging.meanIOSlowdown, decimals: 3)), max \(formatDecimal(staging.maxIOSlowdown, decimals: 2))")
    row(
      "  capacity waits",
      "\(grouped(storage.jobsDelayedByCapacity)) jobs pending StorageCapacity, "
        + "\(formatDecimal(storage.capacityWaitSeconds, decimals: 1)) job-seconds "
        + "(max \(formatDecimal(storage.maxCapacityWait.secondsValue, decimals: 1)) s); "
        + "\(grouped(storage.jobsRejectedForCapacity)) rejected as larger than the tier")
    return lines
  }

  /// The `storage` member of the JSON report (none without storage).
  func storageMembers() -> [(String, JSONValue)] {
    guard let storage else { return [] }
    let window = storageWindow
    let tier = storage.tier
    let staging = storage.staging
    let capacity = Double(storage.capacity)
    let jobs = Double(max(staging.jobs, 1))
    let meanOccupancy = storage.meanOccupancy(window: window)
    return [
      (
        "storage",
        .object([
          ("capacity_bytes", .int(storage.capacity)),
          ("bandwidth_bytes_per_second", .int(storage.bandwidth)),
          ("retention_seconds", .number(storage.retention.secondsValue, decimals: 6)),
          ("window", .string("first submit to last release")),
          ("window_seconds", .number(window, decimals: 6)),
          ("mean_occupancy_bytes", .number(meanOccupancy, decimals: 0)),
          ("mean_occupancy_fraction", .number(meanOccupancy / capacity, decimals: 6)),
          ("peak_occupancy_bytes", .int(tier.peakReserved)),
          ("peak_occupancy_fraction", .number(Double(tier.peakReserved) / capacity, decimals: 6)),
          ("bandwidth_utilisation", .number(storage.bandwidthUtilisation(window: window), decimals: 6)),
          ("busy_fraction", .number(window > 0 ? Double(tier.busyTime) / 1e6 / window : 0, decimals: 6)),
          ("peak_bandwidth_in_use_bytes_per_second", .int(tier.peakBandwidthInUse)),
          ("peak_transfers", .int(Int64(tier.peakTransfers))),
          ("bytes_staged_in", .int(staging.inputBytes)),
          ("bytes_checkpointed", .int(staging.checkpointBytes)),
          ("bytes_staged_out", .int(staging.outputBytes)),
          ("bytes_transferred", .int(tier.bytesTransferred)),
          ("bytes_reserved", .int(tier.bytesReserved)),
          ("bytes_released", .int(tier.bytesReleased)),
          ("jobs_with_demand", .int(Int64(storage.jobsWithDemand))),
          ("jobs_with_io", .int(Int64(staging.jobsWithIO))),
          ("checkpoints", .int(staging.checkpoints)),
          ("mean_io_seconds", .number(staging.meanIOSeconds, decimals: 6)),
          ("max_io_seconds", .number(Double(staging.maxIOTime) / 1e6, decimals: 6)),
          ("mean_stage_in_seconds", .number(Double(staging.stageInTime) / 1e6 / jobs, decimals: 6)),
          ("mean_checkpoint_seconds", .number(Double(staging.checkpointTime) / 1e6 / jobs, decimals: 6)),
          ("mean_stage_out_seconds", .number(Double(staging.stageOutTime) / 1e6 / jobs, decimals: 6)),
          ("mean_io_slowdown", .number(staging.meanIOSlowdown, decimals: 6)),
          ("max_io_slowdown", .number(staging.maxIOSlowdown, decimals: 6)),
          ("node_seconds_on_io", .number(staging.nodeSecondsOnIO, decimals: 3)),
          ("jobs_delayed_by_capacity", .int(Int64(storage.jobsDelayedByCapacity))),
          ("capacity_wait_job_seconds", .number(storage.capacityWaitSeconds, decimals: 6)),
          ("max_capacity_wait_seconds", .number(storage.maxCapacityWait.secondsValue, decimals: 6)),
          ("jobs_rejected_for_capacity", .int(Int64(storage.jobsRejectedForCapacity))),
          ("last_release_seconds", .number(staging.lastRelease.secondsValue, decimals: 6)),
        ])
      )
    ]
  }
}

/// Bytes in decimal units with two decimals: `7.00 PB`, `56.45 GB`, `12 B`.
func formatBytes(_ bytes: Double) -> String {
  let units: [(Double, String)] = [(1e18, "EB"), (1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
  for (size, name) in units where bytes >= size {
    return formatDecimal(bytes / size, decimals: 2) + " " + name
  }
  return formatDecimal(bytes, decimals: 0) + " B"
}
