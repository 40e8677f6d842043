import Simulation

// The predictions section of a replay report (present only with
// `--estimate predicted`).

extension ReplayReport {
  /// The predictions row of the text summary (none unless predicted).
  func predictionTextLines() -> [String] {
    guard let p = predictions else { return [] }
    let label = "  predictions"
    return [
      label + String(repeating: " ", count: 20 - label.count)
        + "\(grouped(p.fromHistory)) from the user's last two jobs (\(grouped(p.capped)) capped by the request); "
        + "\(grouped(p.underpredicted)) outlived theirs (\(grouped(p.extensions)) corrections)"
    ]
  }

  /// The `predictions` member of the JSON summary (none unless predicted).
  func predictionMembers() -> [(String, JSONValue)] {
    guard let p = predictions else { return [] }
    return [
      (
        "predictions",
        .object([
          ("from_history", .int(Int64(p.fromHistory))),
          ("capped_by_request", .int(Int64(p.capped))),
          ("underpredicted", .int(Int64(p.underpredicted))),
          ("corrections", .int(Int64(p.extensions))),
        ])
      )
    ]
  }
}
