/// Jobs pulled straight from a `LublinGenerator`, admitted by `JobAdmission`:
/// a synthetic workload replayed without writing an SWF file first.
///
/// Memory is O(1) whatever the job count (the generator keeps no history), so
/// a replay of ten million jobs holds only the live ones. The jobs are the
/// ones `hpcsim generate` would write for the same model, seed and stop
/// criteria, read back through the same `JobAdmission`: integer seconds, so
/// nothing is lost by skipping the file.
///
///     var model = LublinModel(nodes: 16_000)
///     model.coresPerNode = 24
///     var source = LublinJobSource(
///       generator: try LublinGenerator(model: model, seed: 1, jobs: 1_000_000),
///       admission: JobAdmission(coresPerNode: 24))
///     try replay.run(&source)
///
/// - Complexity: O(1) expected per job, no allocation.
public struct LublinJobSource: JobSource {
  /// The generator, advanced as jobs are pulled.
  public private(set) var generator: LublinGenerator
  /// How records become jobs; may be changed before the first `nextJob()`.
  public var admission: JobAdmission
  /// Records generated so far (replayable or not).
  public private(set) var recordsRead = 0
  /// Records skipped before replay, by reason. The model always emits a
  /// submit time, a run time ≥ 1 s and ≥ 1 processor, so this stays empty
  /// unless `admission` is changed to refuse something.
  public private(set) var skipped: [SkipReason: Int] = [:]

  /// A source over the remaining jobs of `generator`.
  public init(generator: LublinGenerator, admission: JobAdmission) {
    self.generator = generator
    self.admission = admission
  }

  public mutating func nextJob() -> Job? {
    while let record = generator.next() {
      recordsRead += 1
      switch admission.admit(record) {
      case .job(let job): return job
      case .skipped(let reason): skipped[reason, default: 0] += 1
      }
    }
    return nil
  }

  /// Skip counts by reason, sorted by reason.
  public var skipCounts: [(reason: SkipReason, count: Int)] {
    skipped.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }
}
