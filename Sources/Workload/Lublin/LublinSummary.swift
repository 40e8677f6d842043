import SimKernel

/// Measured characteristics of a generated (or any) workload: what
/// `LublinModel.Expectation` predicts, computed from the records themselves.
public struct LublinSummary: Hashable, Sendable {
  /// Records seen.
  public var jobs = 0
  /// The span the load is measured over, in seconds: the given span, else
  /// the latest submit time (the reference's `max(aᵢ)`, with time 0 as origin).
  public var spanSeconds = 0.0
  /// Σ nodes·runtime, in node-seconds (processors / `coresPerNode`).
  public var nodeSeconds = 0.0
  /// Σ nodes.
  public var totalNodes = 0.0
  /// Σ runtime, in seconds.
  public var totalRuntimeSeconds = 0.0
  /// Jobs on one node.
  public var serialJobs = 0
  /// Machine size in nodes.
  public var machineNodes: Int

  /// Summarises `records` for a machine of `nodes` nodes of `coresPerNode`
  /// processors.
  ///
  /// - Parameter span: the observation window (e.g. the generation's
  ///   duration); `nil` uses the latest submit time.
  /// - Complexity: O(records), one pass.
  public init(
    records: some Sequence<SWFRecord>, nodes: Int, coresPerNode: Int = 1, span: SimTime? = nil
  ) {
    machineNodes = nodes
    var latest: Int64 = 0
    for record in records {
      let jobNodes = Double(record.allocatedProcessors) / Double(coresPerNode)
      let runtime = record.runTime.secondsValue
      jobs += 1
      nodeSeconds += jobNodes * runtime
      totalNodes += jobNodes
      totalRuntimeSeconds += runtime
      if record.allocatedProcessors == Int64(coresPerNode) { serialJobs += 1 }
      latest = max(latest, record.submitTime.microseconds)
    }
    spanSeconds = span?.secondsValue ?? SimTime(microseconds: latest).secondsValue
  }

  /// Jobs per day over the span.
  public var jobsPerDay: Double { Double(jobs) * 86_400 / spanSeconds }
  /// Mean size in nodes.
  public var meanNodes: Double { totalNodes / Double(jobs) }
  /// Mean runtime in seconds.
  public var meanRuntimeSeconds: Double { totalRuntimeSeconds / Double(jobs) }
  /// Mean gap: span / jobs, in seconds.
  public var meanGapSeconds: Double { spanSeconds / Double(jobs) }
  /// Offered load Σ rᵢ·nᵢ / (P · span).
  public var offeredLoad: Double { nodeSeconds / (Double(machineNodes) * spanSeconds) }
  /// The paper's approximation r̄·n̄ / (P · ā), exact only when size and
  /// runtime are independent (the model correlates them, so it is lower).
  public var approximateLoad: Double {
    meanRuntimeSeconds * meanNodes / (Double(machineNodes) * meanGapSeconds)
  }
  /// The share of serial jobs.
  public var serialFraction: Double { Double(serialJobs) / Double(jobs) }
}
