/// Calendar dates from epoch seconds, in UTC, without Foundation (Howard
/// Hinnant's `civil_from_days`, exact for every proleptic Gregorian date).
public enum CivilTime {
  /// `(year, month 1-12, day 1-31)` of the day `days` after 1970-01-01.
  public static func date(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// `YYYY-MM-DD HH:MM` (UTC) of `epochSeconds`.
  public static func format(epochSeconds: Int64, withTime: Bool = true) -> String {
    let days = epochSeconds >= 0 ? epochSeconds / 86_400 : -((-epochSeconds + 86_399) / 86_400)
    let secondOfDay = epochSeconds - days * 86_400
    let (year, month, day) = date(daysSinceEpoch: days)
    var text = "\(year)-\(twoDigits(month))-\(twoDigits(day))"
    if withTime { text += " \(twoDigits(secondOfDay / 3_600)):\(twoDigits(secondOfDay % 3_600 / 60))" }
    return text
  }

  static func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
