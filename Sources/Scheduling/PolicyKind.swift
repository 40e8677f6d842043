/// The queue policies hpcsim offers, by the name used on the command line
/// and in plans.
public enum PolicyKind: String, Sendable, CaseIterable, Hashable {
  /// `FCFSPolicy`: strict arrival order, no backfilling.
  case fcfs
  /// `EASYBackfilling`: one reservation for the head job (Lifka 1995).
  case easy
  /// `ConservativeBackfilling`: a reservation for every waiting job
  /// (Mu'alem & Feitelson 2001).
  case conservative

  /// A fresh policy of this kind.
  ///
  /// - Parameters:
  ///   - order: who comes first (arrival order by default).
  ///   - backfill: Slurm's `bf_*` bounds; used by `conservative` only.
  public func makePolicy(
    order: any QueueOrder = ArrivalOrder(), backfill: BackfillParameters = BackfillParameters()
  ) -> any SchedulingPolicy {
    switch self {
    case .fcfs: FCFSPolicy(order: order)
    case .easy: EASYBackfilling(order: order)
    case .conservative: ConservativeBackfilling(order: order, parameters: backfill)
    }
  }
}
