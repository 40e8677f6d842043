import Simulation
import Workload

extension ReplayScenario {
  /// Turns on predicted estimates when the scenario asks for them
  /// (`estimate: predicted`): admission gave every job its requested
  /// estimate, which the replay replaces with a prediction (see
  /// `Replay.predictsEstimates`).
  ///
  /// - Throws: `ScenarioError` with a storage tier or advance reservations,
  ///   which predictions do not support: staging estimates are made from the
  ///   estimate at submit, and windows are planned with estimates, so a job
  ///   predicted to end before a window could run into it (its kill time is
  ///   its request).
  func applyEstimateSource(to replay: inout Replay) throws {
    guard estimate == .predicted else { return }
    guard !storage.isEnabled else {
      throw ScenarioError(
        "--estimate predicted is not supported with a storage tier: staging estimates are made from the "
          + "compute estimate at submit; use --estimate requested or runtime with I/O demands")
    }
    guard replay.reservations.isEmpty else {
      throw ScenarioError(
        "--estimate predicted is not supported with advance reservations: windows are planned with estimates, "
          + "and a job predicted to end before a window could run into it; use --estimate requested or runtime")
    }
    replay.predictsEstimates = true
  }
}
