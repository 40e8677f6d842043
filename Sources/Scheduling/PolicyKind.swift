/// The queue policies hpcsim offers, by the name used on the command line
/// and in plans.
public enum PolicyKind: String, Sendable, CaseIterable, Hashable {
  /// `FCFSPolicy`: strict arrival order, no backfilling.
  case fcfs
  /// `EASYBackfilling`: one reservation for the head job (Lifka 1995).
  case easy

  /// A fresh policy of this kind.
  public func makePolicy() -> any SchedulingPolicy {
    switch self {
    case .fcfs: FCFSPolicy()
    case .easy: EASYBackfilling()
    }
  }
}
