import SimKernel

/// The I/O life of jobs on a storage tier, as one `ResourceModel`: stage-in,
/// computing with checkpoints, stage-out, retention.
///
/// ## Lifecycle of a job (Slurm burst-buffer semantics)
/// 1. **Start** (`start(slot:nodes:demand:compute:cap:)`): the job has its
///    nodes; its whole `IODemand.footprint` is reserved on the tier, and the
///    stage-in of `inputBytes` begins (nodes held).
/// 2. **Compute** for `compute`, cut into chunks of `checkpointInterval`:
///    after each chunk that is followed by more computing, `checkpointBytes`
///    are written while the job waits (nodes held), so a checkpoint slowed by
///    contention lengthens the job.
/// 3. **Compute finished** (event `computeFinished`): the job's nodes are
///    released (as Slurm releases them before the stage-out), and the
///    stage-out of `outputBytes` begins.
/// 4. After the stage-out and `retention` more, the reservation is released
///    (event `spaceReleased`).
/// Zero-byte phases take no time. All transfers of all jobs share the tier's
/// bandwidth (see `StorageTier`).
///
/// ## Same-instant order
/// `takeEvents(into:)` handles everything due at `clock`: transfers that
/// finished (in the order they started), then timers (compute chunks and
/// retentions, in the order they were set), repeatedly until nothing more is
/// due, so zero-length steps complete within the same instant.
///
/// - Complexity: O(1) per timer set a fixed delay ahead (checkpoint
///   intervals, retention; see `StorageTimers`), O(log j) for others with j
///   jobs in the model, plus the tier's costs per transfer start and end.
///   The records and timers are raw buffers copied when the model is shared
///   (once per mutating call), so handling an event checks no array.
public struct StagingModel: ResourceModel, Sendable {
  /// Where a job is in its lifecycle.
  public enum Phase: UInt8, Sendable {
    case stageIn, compute, checkpoint, stageOut, retained
  }

  /// What the replay must act on.
  public enum Event: Sendable, Hashable {
    /// The job in `slot` finished computing: release its nodes.
    case computeFinished(slot: Int32)
    /// A job's reservation was released: waiting jobs may now fit.
    case spaceReleased(bytes: Int64)
  }

  struct Record: Sendable {
    var slot: Int32
    var jobID: Int64 = -1
    var capacityWait: Int64 = 0
    var startTime: Int64 = 0
    var nodes: Int32
    var demand: IODemand
    var reservation: Int64
    var cap: Int64?
    var computeLeft: Int64
    var chunk: Int64 = 0
    var checkpointAfterChunk = false
    var phase = Phase.stageIn
    var phaseStart: Int64
    var computeTotal: Int64
    var stageInTime: Int64 = 0
    var checkpointTime: Int64 = 0
    var stageOutTime: Int64 = 0
  }

  /// The tier the jobs use.
  @inlinable public var tier: StorageTier { storageTier }
  @usableFromInline var storageTier: StorageTier
  /// How long a job's reservation outlives its stage-out.
  public let retention: SimTime
  /// The model's current time.
  @inlinable public var clock: SimTime { currentTime }
  @usableFromInline var currentTime = SimTime.zero
  /// Per-job I/O figures, summed over jobs whose stage-out ended.
  public private(set) var statistics = StagingStatistics()
  /// When the model next has something to do (`.infinity`: nothing): kept
  /// up to date by every mutation, so that a caller reads one stored field
  /// instead of calling `nextEventTime(now:)` (which, across modules, copies
  /// the model). Advancing does not change it: it is an absolute time.
  public private(set) var nextEventAt = SimTime.infinity

  /// The jobs' records and timers, owned by one class instance that a copy
  /// of the model shares until either copy changes them (copy-on-write,
  /// checked once per mutating call; see `RawStore`).
  final class Buffers: @unchecked Sendable {
    /// One record per job in the model, by record id (reused once free).
    @exclusivity(unchecked) var records = RawStore<Record>(capacity: 256)
    @exclusivity(unchecked) var freeRecords = RawStore<Int32>(capacity: 256)
    /// Compute chunks and retentions ending, by time (µs), first set first.
    @exclusivity(unchecked) var timers = StorageTimers()

    init() {}

    init(copying other: Buffers) {
      records.deallocate()
      freeRecords.deallocate()
      timers.release()
      records = other.records.copy()
      freeRecords = other.freeRecords.copy()
      timers = other.timers.copy()
    }

    deinit {
      records.deallocate()
      freeRecords.deallocate()
      timers.release()
    }
  }

  var buffers = Buffers()

  /// Makes `buffers` (and the tier's) this model's own before a change.
  @inline(__always)
  mutating func makeBuffersUnique() {
    if !isKnownUniquelyReferenced(&buffers) { buffers = Buffers(copying: buffers) }
  }

  /// The record of job record `id`, addressed in place (valid until the next `start`).
  @inline(__always)
  func recordPointer(_ id: Int32) -> UnsafeMutablePointer<Record> {
    assert(id >= 0 && Int(id) < buffers.records.count, "no job record \(id)")
    return buffers.records.base + Int(id)
  }

  /// Occupancy and bandwidth over time, when asked for (`recordSeries(resolution:)`).
  public private(set) var series: StorageSeries?
  /// Each job's I/O, in the order stage-outs end, when asked for (`recordJobs()`).
  public private(set) var jobLog: [JobIORecord]?

  /// Keeps occupancy, bandwidth in use and transfers over time in buckets of `resolution`.
  public mutating func recordSeries(resolution: SimTime) { series = StorageSeries(resolution: resolution) }

  /// Keeps a `JobIORecord` per job.
  public mutating func recordJobs() { jobLog = [] }

  /// A model over `tier`; reservations are kept `retention` after stage-out.
  public init(tier: StorageTier, retention: SimTime = .zero) {
    precondition(retention.microseconds >= 0, "retention must not be negative")
    storageTier = tier
    self.retention = retention
  }

  /// Jobs holding a reservation (staging, computing or retained).
  public var activeJobs: Int { buffers.records.count - buffers.freeRecords.count }

  /// Whether `bytes` can be reserved now.
  @inlinable public func fits(_ bytes: Int64) -> Bool { bytes <= storageTier.free }

  /// The time staging would add to a job's time on its nodes if it had the
  /// tier to itself: its stage-in, plus every checkpoint of `compute`, each
  /// at the full bandwidth (or `cap`, when lower). Stage-out is not counted:
  /// the nodes are released before it.
  public func stagingEstimate(_ demand: IODemand, compute: SimTime, cap: Int64? = nil) -> SimTime {
    Self.stagingEstimate(demand, compute: compute, cap: cap, bandwidth: storageTier.bandwidth)
  }

  /// `stagingEstimate(_:compute:cap:)` on a tier of `bandwidth` bytes per
  /// second (for callers that keep the bandwidth rather than the model).
  public static func stagingEstimate(_ demand: IODemand, compute: SimTime, cap: Int64?, bandwidth: Int64) -> SimTime {
    let stageIn = StorageTier.transferTime(bytes: demand.inputBytes, cap: cap, bandwidth: bandwidth)
    let checkpoints = demand.checkpointCount(compute: compute)
    guard checkpoints > 0 else { return stageIn }
    let each = StorageTier.transferTime(bytes: demand.checkpointBytes, cap: cap, bandwidth: bandwidth).microseconds
    let (total, overflow) = each.multipliedReportingOverflow(by: checkpoints)
    return stageIn + SimTime(microseconds: overflow ? Int64.max / 4 : total)
  }

  // MARK: - Starting a job

  /// Starts the job in `slot` at `clock`: reserves its footprint and begins
  /// the stage-in (or computing, when there is no input).
  ///
  /// - Parameters:
  ///   - nodes: Nodes the job holds (for node-time statistics).
  ///   - compute: How long it computes, checkpoints excluded.
  ///   - cap: The most bytes per second its transfers may use, if limited.
  /// - Precondition: the footprint fits (`fits(_:)`).
  ///   - jobID, capacityWait: for the job's `JobIORecord` (see `recordJobs()`).
  public mutating func start(
    slot: Int32, nodes: Int32, demand: IODemand, compute: SimTime, cap: Int64? = nil, jobID: Int64 = -1,
    capacityWait: SimTime = .zero
  ) {
    makeBuffersUnique()
    let reservation = demand.footprint
    storageTier.reserve(reservation)
    var record = Record(
      slot: slot, nodes: nodes, demand: demand, reservation: reservation, cap: cap,
      computeLeft: compute.microseconds, phaseStart: clock.microseconds, computeTotal: compute.microseconds)
    record.jobID = jobID
    record.capacityWait = capacityWait.microseconds
    record.startTime = clock.microseconds
    let id: Int32
    if !buffers.freeRecords.isEmpty {
      id = buffers.freeRecords.removeLast()
      buffers.records[Int(id)] = record
    } else {
      id = Int32(buffers.records.count)
      buffers.records.append(record)
    }
    if demand.inputBytes > 0 {
      storageTier.startTransfer(id: id, bytes: demand.inputBytes, cap: cap)
    } else {
      beginCompute(id)
    }
    updateNextEvent()
  }

  /// Recomputes `nextEventAt`.
  @inline(__always)
  mutating func updateNextEvent() {
    // `nextEventDelay(now:)` without its optionals: `Int64.max` is "none".
    var delay = storageTier.nextDelay
    if !buffers.timers.isEmpty { delay = min(delay, buffers.timers.minKey &- clock.microseconds) }
    nextEventAt = delay == .max ? .infinity : SimTime(microseconds: clock.microseconds &+ delay)
  }

  // MARK: - ResourceModel

  public func nextEventDelay(now: SimTime) -> SimTime? {
    let transfer = storageTier.nextEventDelay(now: now)
    let timer = buffers.timers.isEmpty ? nil : SimTime(microseconds: buffers.timers.minKey) - clock
    switch (transfer, timer) {
    case (nil, nil): return nil
    case (let t?, nil): return t
    case (nil, let t?): return t
    case (let a?, let b?): return min(a, b)
    }
  }

  /// Advances the model by `delta` (inlined into the replay's event loop,
  /// which calls it at every instant).
  ///
  /// - Complexity: O(1), plus the series' buckets when recording one.
  @inlinable @inline(__always)
  public mutating func advance(by delta: SimTime) {
    if series != nil { addSeriesInterval(delta) }
    storageTier.advance(by: delta)
    currentTime += delta
  }

  /// Adds the interval `[clock, clock + delta)` to the series.
  @usableFromInline
  mutating func addSeriesInterval(_ delta: SimTime) {
    series!.add(
      start: clock.microseconds, duration: delta.microseconds, reserved: storageTier.reserved,
      bandwidth: storageTier.currentBandwidthInUse, transfers: storageTier.activeTransfers)
  }

  /// Whether anything is due at `clock` (`takeEvents(into:)` has work).
  ///
  /// - Complexity: O(1).
  public var hasDueEvents: Bool {
    storageTier.hasFinished || timerDue
  }

  /// What the last `takeDueEvents()` found for the replay to do.
  public private(set) var dueEvents: [Event] = []

  /// Handles everything due at `clock`; what the replay must do is then in
  /// `dueEvents` (a buffer reused from call to call, so no array changes hands).
  public mutating func takeDueEvents() {
    // A few events at most: `removeLast` keeps the storage without the
    // generic path of `removeAll(keepingCapacity:)`.
    while !dueEvents.isEmpty { dueEvents.removeLast() }
    makeBuffersUnique()
    handleDueEvents()
  }

  /// Handles everything due at `clock` and appends what the replay must do.
  public mutating func takeEvents(into events: inout [Event]) {
    takeDueEvents()
    events.append(contentsOf: dueEvents)
  }

  /// Handles everything due at `clock`, appending to `dueEvents`: finished
  /// transfers (in the order they started), then due timers (in the order
  /// they were set), again until nothing is due.
  mutating func handleDueEvents() {
    while true {
      var progressed = false
      if storageTier.hasFinished {
        // Handling a finished transfer starts none, so the tier's list of
        // finished transfers stays valid through the loop.
        let finished = storageTier.collectFinished()
        var position = 0
        while position < finished {
          transferFinished(storageTier.finishedID(position))
          position &+= 1
        }
        if finished > 0 { progressed = true }
      }
      while timerDue {
        timerFired(buffers.timers.removeMin().id)
        progressed = true
      }
      if !progressed {
        updateNextEvent()
        return
      }
    }
  }

  // MARK: - Transitions

  @inline(__always)
  mutating func beginCompute(_ id: Int32) {
    let record = recordPointer(id)
    var chunk = record.pointee.computeLeft
    let interval = record.pointee.demand.checkpointInterval.microseconds
    let checkpoint = record.pointee.demand.checkpoints && chunk > interval
    if checkpoint { chunk = interval }
    record.pointee.chunk = chunk
    record.pointee.checkpointAfterChunk = checkpoint
    record.pointee.phase = .compute
    record.pointee.phaseStart = clock.microseconds
    setTimer(id, after: chunk)
  }

  /// Whether a timer is due at `clock`.
  var timerDue: Bool {
    @inline(__always) get { !buffers.timers.isEmpty && buffers.timers.minKey <= clock.microseconds }
  }

  /// Sets a timer for job record `id`, `delay` µs from `clock`.
  @inline(__always)
  func setTimer(_ id: Int32, after delay: Int64) {
    buffers.timers.insert(id: id, at: clock.microseconds &+ delay, delay: delay)
  }

  @inline(__always)
  mutating func transferFinished(_ id: Int32) {
    let record = recordPointer(id)
    let elapsed = clock.microseconds &- record.pointee.phaseStart
    switch record.pointee.phase {
    case .stageIn:
      record.pointee.stageInTime = elapsed
      beginCompute(id)
    case .checkpoint:
      record.pointee.checkpointTime &+= elapsed
      statistics.checkpoints &+= 1
      beginCompute(id)
    case .stageOut:
      record.pointee.stageOutTime = elapsed
      endStageOut(id)
    case .compute, .retained:
      preconditionFailure("transfer \(id) finished while its job is in phase \(record.pointee.phase)")
    }
  }

  mutating func timerFired(_ id: Int32) {
    let record = recordPointer(id)
    switch record.pointee.phase {
    case .compute:
      record.pointee.computeLeft &-= record.pointee.chunk
      record.pointee.phaseStart = clock.microseconds
      if record.pointee.checkpointAfterChunk {
        record.pointee.phase = .checkpoint
        storageTier.startTransfer(id: id, bytes: record.pointee.demand.checkpointBytes, cap: record.pointee.cap)
        return
      }
      dueEvents.append(.computeFinished(slot: record.pointee.slot))
      record.pointee.phase = .stageOut
      if record.pointee.demand.outputBytes > 0 {
        storageTier.startTransfer(id: id, bytes: record.pointee.demand.outputBytes, cap: record.pointee.cap)
      } else {
        endStageOut(id)
      }
    case .retained:
      release(id)
    case .stageIn, .checkpoint, .stageOut:
      preconditionFailure("timer of job record \(id) fired in phase \(record.pointee.phase)")
    }
  }

  mutating func endStageOut(_ id: Int32) {
    let record = recordPointer(id)
    statistics.record(record.pointee, endingAt: clock)
    if jobLog != nil { jobLog!.append(jobRecord(record.pointee)) }
    if retention.microseconds > 0 {
      record.pointee.phase = .retained
      setTimer(id, after: retention.microseconds)
    } else {
      release(id)
    }
  }

  mutating func release(_ id: Int32) {
    let bytes = recordPointer(id).pointee.reservation
    storageTier.release(bytes)
    statistics.lastRelease = clock
    buffers.freeRecords.append(id)
    dueEvents.append(.spaceReleased(bytes: bytes))
  }
}

/// Per-job I/O figures of a `StagingModel`, over the jobs whose stage-out ended.
public struct StagingStatistics: Sendable, Hashable {
  public init() {}

  /// Jobs whose stage-out ended.
  public var jobs = 0
  /// Of those, jobs that moved any bytes.
  public var jobsWithIO = 0
  public var inputBytes: Int64 = 0
  public var outputBytes: Int64 = 0
  /// Bytes written by checkpoints.
  public var checkpointBytes: Int64 = 0
  /// Checkpoints written.
  public var checkpoints: Int64 = 0
  /// Sums over jobs, in microseconds.
  public var stageInTime: Int64 = 0
  public var checkpointTime: Int64 = 0
  public var stageOutTime: Int64 = 0
  /// The longest I/O time of one job (stage-in + checkpoints + stage-out), µs.
  public var maxIOTime: Int64 = 0
  /// Node-seconds spent holding nodes while staging in or checkpointing.
  public var nodeSecondsOnIO: Double = 0
  /// Sum and maximum of the I/O slowdown (time on nodes / computing time)
  /// over jobs that computed for a positive time.
  public var ioSlowdownSum: Double = 0
  public var maxIOSlowdown: Double = 1
  public var slowdownJobs = 0
  /// When the last reservation was released.
  public var lastRelease = SimTime.zero

  /// Mean I/O time per job in seconds (stage-in + checkpoints + stage-out).
  public var meanIOSeconds: Double {
    jobs == 0 ? 0 : Double(stageInTime + checkpointTime + stageOutTime) / 1e6 / Double(jobs)
  }

  /// Mean I/O slowdown: (stage-in + computing + checkpoints) / computing.
  public var meanIOSlowdown: Double { slowdownJobs == 0 ? 1 : ioSlowdownSum / Double(slowdownJobs) }

  mutating func record(_ record: StagingModel.Record, endingAt time: SimTime) {
    jobs += 1
    let demand = record.demand
    let checkpointCount = demand.checkpointCount(compute: SimTime(microseconds: record.computeTotal))
    let checkpointBytes = demand.checkpoints ? demand.checkpointBytes * checkpointCount : 0
    if demand.inputBytes > 0 || demand.outputBytes > 0 || checkpointBytes > 0 { jobsWithIO += 1 }
    inputBytes += demand.inputBytes
    outputBytes += demand.outputBytes
    self.checkpointBytes += checkpointBytes
    stageInTime += record.stageInTime
    checkpointTime += record.checkpointTime
    stageOutTime += record.stageOutTime
    maxIOTime = max(maxIOTime, record.stageInTime + record.checkpointTime + record.stageOutTime)
    let held = record.stageInTime + record.checkpointTime
    nodeSecondsOnIO += Double(record.nodes) * Double(held) / 1e6
    if record.computeTotal > 0 {
      let slowdown = Double(held + record.computeTotal) / Double(record.computeTotal)
      ioSlowdownSum += slowdown
      maxIOSlowdown = max(maxIOSlowdown, slowdown)
      slowdownJobs += 1
    }
  }
}

extension StagingModel {
  /// The `JobIORecord` of a job whose stage-out ends now.
  func jobRecord(_ record: Record) -> JobIORecord {
    let demand = record.demand
    let checkpoints = demand.checkpoints ? demand.checkpointCount(compute: SimTime(microseconds: record.computeTotal)) : 0
    return JobIORecord(
      jobID: record.jobID, nodes: record.nodes, footprintBytes: record.reservation, inputBytes: demand.inputBytes,
      outputBytes: demand.outputBytes, checkpointBytes: demand.checkpointBytes * checkpoints, checkpoints: checkpoints,
      capacityWait: SimTime(microseconds: record.capacityWait), start: SimTime(microseconds: record.startTime),
      stageIn: SimTime(microseconds: record.stageInTime), compute: SimTime(microseconds: record.computeTotal),
      checkpointTime: SimTime(microseconds: record.checkpointTime), stageOut: SimTime(microseconds: record.stageOutTime),
      released: clock + retention)
  }
}
