import Scheduling
import Yams

extension PolicyConfig {
  /// `Reservations:` a list, each entry either a mapping of `scontrol`
  /// keys (`ReservationName`, `StartTime`, `Duration` or `EndTime`, `Nodes`
  /// or `NodeCnt`, `Flags`) or one string in `scontrol` form
  /// (`StartTime=now+2days Duration=4:00:00 Nodes=ALL Flags=MAINT`).
  static func readReservations(
    _ entry: PolicyMapping.Entry, _ top: PolicyMapping
  ) throws(PolicyConfigError) -> [ReservationSettings] {
    guard case .sequence(let sequence) = entry.value else {
      throw top.error(
        entry.value.policyLine,
        .wrongType(key: "Reservations", expected: "a list of reservations", found: entry.value.policyShape))
    }
    var reservations: [ReservationSettings] = []
    for item in sequence {
      let line = item.policyLine
      var pairs: [(key: String, value: String)] = []
      if case .scalar(let scalar) = item {
        for token in scalar.string.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
          let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
          guard parts.count == 2, !parts[0].isEmpty else {
            throw top.error(line, .badValue(key: "Reservations", value: String(token), expected: "Key=Value pairs"))
          }
          pairs.append((String(parts[0]), String(parts[1])))
        }
      } else {
        let fields = try PolicyMapping(item, key: "a reservation", context: "a reservation", path: top.path)
        for field in fields.entries {
          guard ReservationSettings.keys.contains(where: { $0.lowercased() == field.key.lowercased() }) else {
            throw fields.error(
              field.keyLine, .unknownKey(key: field.key, context: "a reservation", allowed: ReservationSettings.keys))
          }
          pairs.append((field.key, try fields.scalar(field, expected: "a value")))
        }
      }
      do {
        reservations.append(try ReservationSettings(pairs: pairs, line: line))
      } catch {
        throw top.error(line, .badValue(key: "Reservations: \(error.key)", value: error.value, expected: error.expected))
      }
    }
    return reservations
  }
}
