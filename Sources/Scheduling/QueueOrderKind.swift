/// The queue orders hpcsim offers, by the name used on the command line
/// and in plans (`--order`). Each works with every policy (FCFS, EASY,
/// conservative); ties are broken by arrival.
public enum QueueOrderKind: String, Sendable, CaseIterable, Hashable {
  /// `ArrivalOrder`: submit time, ties in file order (the default).
  case submit
  /// `ShortestEstimateFirst`: shortest run-time estimate first.
  case sjf
  /// `SmallestFirst`: fewest nodes first.
  case smallest
  /// `LargestFirst`: most nodes first.
  case largest
  /// `MultifactorPriority`: Slurm's multifactor priority with
  /// `MultifactorConfig.hpcsimDefaults` (age 1000, fair-share 10000,
  /// job size 1000, Fair Tree, 7-day half-life and max age, 5-minute period).
  case multifactor

  /// A fresh order of this kind.
  public func makeOrder() -> any QueueOrder {
    switch self {
    case .submit: ArrivalOrder()
    case .sjf: ShortestEstimateFirst()
    case .smallest: SmallestFirst()
    case .largest: LargestFirst()
    case .multifactor: MultifactorPriority(config: .hpcsimDefaults)
    }
  }
}
