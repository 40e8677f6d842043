/// The header comments of an SWF file (`; Key: value` lines before the data).
///
/// Values that the format defines as integers are parsed leniently: the
/// first integer is taken (`1664 (72, 1368, 224)` gives 1664) and
/// `UNKNOWN`/`None` give `nil`. Every line is also kept verbatim, in order.
public struct SWFHeader: Hashable, Sendable {
  /// Every header field in file order, key without `;` and `:`, value trimmed.
  public var fields: [(key: String, value: String)] = []
  /// `MaxJobs`.
  public var maxJobs: Int64?
  /// `MaxRecords`.
  public var maxRecords: Int64?
  /// `MaxProcs`: the machine's processor count.
  public var maxProcs: Int64?
  /// `MaxNodes`.
  public var maxNodes: Int64?
  /// `MaxRuntime`, in seconds.
  public var maxRuntime: Int64?
  /// `UnixStartTime`: epoch seconds of time 0.
  public var unixStartTime: Int64?
  /// `TimeZoneString`, e.g. `Europe/Stockholm`.
  public var timeZoneString: String?
  /// Every `Note` line, in order.
  public var notes: [String] = []

  public init() {}

  /// The first value of `key` (case-insensitive), if present.
  public func value(for key: String) -> String? {
    let lowered = key.lowercased()
    return fields.first { $0.key.lowercased() == lowered }?.value
  }

  public static func == (lhs: SWFHeader, rhs: SWFHeader) -> Bool {
    lhs.fields.elementsEqual(rhs.fields) { $0.key == $1.key && $0.value == $1.value }
  }

  public func hash(into hasher: inout Hasher) {
    for field in fields {
      hasher.combine(field.key)
      hasher.combine(field.value)
    }
  }
}
