import Simulation
import Workload

extension ReplayScenario {
  /// Turns on predicted estimates when the scenario asks for them
  /// (`estimate: predicted`): admission gave every job its requested
  /// estimate, which the replay replaces with a prediction (see
  /// `Replay.predictsEstimates`).
  ///
  /// - Throws: `ScenarioError` with a storage tier, which predictions do not support.
  func applyEstimateSource(to replay: inout Replay) throws {
    guard estimate == .predicted else { return }
    guard !storage.isEnabled else {
      throw ScenarioError(
        "--estimate predicted is not supported with a storage tier: staging estimates are made from the "
          + "compute estimate at submit; use --estimate requested or runtime with I/O demands")
    }
    replay.predictsEstimates = true
  }
}
