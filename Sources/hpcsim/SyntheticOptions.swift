import ArgumentParser
import SimKernel
import Sweep

extension SyntheticWorkload.Model: ExpressibleByArgument {}

/// `replay --model lublin ...`: a synthetic workload generated as it replays,
/// instead of a trace file (no SWF file is written; memory holds only the
/// live jobs, so ten million jobs replay in constant memory per live job).
struct SyntheticOptions: ParsableArguments {
  @Option(help: "Replay a synthetic workload generated as it runs instead of a TRACE (only 'lublin'); needs --machine or --procs.")
  var model: SyntheticWorkload.Model?

  @Option(help: "With --model: stop after this many jobs.")
  var jobs: Int?

  @Option(help: "With --model: stop at this many days of submissions.")
  var days: Double?

  @Option(help: "With --model: random seed (any 64-bit unsigned integer; default 1).")
  var seed: UInt64?

  @Option(help: "With --model: arrival-rate multiplier; 2 offers twice the load (default 1).")
  var loadScale: Double?

  func validate() throws {
    guard model != nil else {
      if jobs != nil || days != nil || seed != nil || loadScale != nil {
        throw ValidationError("--jobs, --days, --seed and --load-scale apply only with --model lublin")
      }
      return
    }
    if jobs == nil && days == nil { throw ValidationError("--model needs --jobs N, --days D, or both") }
    if let jobs, jobs <= 0 { throw ValidationError("--jobs must be positive, got \(jobs)") }
    if let days, !(days > 0) { throw ValidationError("--days must be positive, got \(days)") }
    if let loadScale, !(loadScale > 0) { throw ValidationError("--load-scale must be positive, got \(loadScale)") }
  }

  /// Checks that exactly one workload is given: a trace or a model.
  func validate(trace: String?) throws {
    switch (trace, model) {
    case (nil, nil): throw ValidationError("give a TRACE file or --model lublin")
    case (.some, .some): throw ValidationError("give a TRACE file or --model lublin, not both")
    default: break
    }
  }

  /// The workload described, or `nil` without `--model`.
  var workload: SyntheticWorkload? {
    model.map {
      SyntheticWorkload(
        model: $0, jobs: jobs, duration: days.map { SimTime.fractionalSeconds($0 * 86_400) },
        seed: seed ?? 1, loadScale: loadScale ?? 1)
    }
  }
}
