import Scheduling
import SimKernel

extension ReplayScenario {
  /// Every advance reservation, the policy file's first, then the command line's.
  var allReservations: [ReservationSettings] { (policyConfig?.reservations ?? []) + reservations }

  /// The reservations resolved on `machine`.
  ///
  /// - Throws: `ScenarioError` naming the file (or `--reservation`), the
  ///   line and the key when nodes do not fit the machine, or when a counted
  ///   reservation (`NodeCnt`) meets partitions, whose node groups it cannot
  ///   be split between.
  public func reservationCalendar(
    for machine: ResolvedMachine, constraints: ReplayConstraints?
  ) throws(ScenarioError) -> ReservationCalendar {
    let fromFile = policyConfig?.reservations.count ?? 0
    var resolved: [AdvanceReservation] = []
    for (index, settings) in allReservations.enumerated() {
      let place =
        index < fromFile
        ? "\(policyConfig?.sourcePath ?? "policy configuration"):\(settings.line)" : "--reservation"
      switch settings.resolved(totalNodes: machine.nodes) {
      case .failure(let error):
        throw ScenarioError(
          "\(place): reservation '\(settings.name)': \(error.key)=\(error.value): expected \(error.expected)")
      case .success(let reservation):
        if case .count = settings.nodes, constraints?.layout != nil {
          throw ScenarioError(
            "\(place): reservation '\(settings.name)': NodeCnt with partitions: name the nodes (Nodes=) instead")
        }
        resolved.append(reservation)
      }
    }
    return ReservationCalendar(resolved)
  }

  /// The reservations, for the report's provenance.
  var reservationOptions: [(String, String)] {
    let all = allReservations
    guard !all.isEmpty else { return [] }
    let text = all.map { settings -> String in
      let nodes: String
      switch settings.nodes {
      case .all: nodes = "ALL"
      case .count(let count): nodes = "NodeCnt=\(count)"
      case .indices(let ranges):
        nodes = ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound - 1)" }
          .joined(separator: ",")
      }
      return "\(settings.name)@\(settings.start)+\(settings.duration)s:\(nodes)"
    }
    return [("reservations", text.joined(separator: " "))]
  }
}
