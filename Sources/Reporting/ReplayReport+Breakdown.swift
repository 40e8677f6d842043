extension ReplayReport {
  /// Users listed in `top_users_by_total_wait`.
  public static let topUserCount = 10

  /// The JSON members after the core metrics: `by_size_class`, `by_user`,
  /// `top_users_by_total_wait` and `provenance`, each when known.
  func breakdownAndProvenanceMembers() -> [(String, JSONValue)] {
    var members: [(String, JSONValue)] = []
    if let breakdown {
      members.append(
        ("by_size_class", .array(breakdown.bySize.map { Self.sizeClassValue($0.sizeClass, $0.stats) })))
      members.append(("by_user", .array(breakdown.byUser.map { Self.userValue($0.user, $0.stats) })))
      members.append(
        (
          "top_users_by_total_wait",
          .array(breakdown.topUsersByTotalWait(Self.topUserCount).map { Self.userValue($0.user, $0.stats) })
        ))
    }
    if provenance != nil { members.append(("provenance", provenanceValue())) }
    return members
  }

  static func sizeClassValue(_ sizeClass: JobSizeClass, _ stats: ClassStats) -> JSONValue {
    .object([
      ("class", .string(sizeClass.label)),
      ("min_nodes", .int(Int64(sizeClass.minNodes))),
      ("max_nodes", sizeClass.maxNodes.map { .int(Int64($0)) } ?? .null),
      ("jobs", .int(Int64(stats.jobs))),
      ("mean_wait_seconds", .number(stats.meanWait, decimals: 3)),
      ("max_wait_seconds", .number(stats.maxWait, decimals: 3)),
      ("mean_bounded_slowdown", .number(stats.meanBoundedSlowdown, decimals: 6)),
    ])
  }

  static func userValue(_ user: Int32, _ stats: ClassStats) -> JSONValue {
    .object([
      ("user", .int(Int64(user))),
      ("jobs", .int(Int64(stats.jobs))),
      ("total_wait_seconds", .number(stats.totalWait, decimals: 3)),
      ("mean_wait_seconds", .number(stats.meanWait, decimals: 3)),
      ("mean_bounded_slowdown", .number(stats.meanBoundedSlowdown, decimals: 6)),
    ])
  }
}
