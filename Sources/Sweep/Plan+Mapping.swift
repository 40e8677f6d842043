import Yams

/// A YAML mapping of a sweep plan, read with its line numbers.
///
/// Every accessor checks the value's shape and range and throws a
/// `PlanError` naming the file, the value's line and the key.
struct PlanMapping {
  /// One `key: value` pair with the key's line.
  struct Entry {
    var key: String
    var keyLine: Int
    var value: Node
  }

  let path: String
  /// What the mapping is, for messages: "the plan", "'perturbation'".
  let context: String
  let entries: [Entry]

  /// Reads `node` as a mapping found under `key`.
  init(_ node: Node, key: String, context: String, path: String) throws(PlanError) {
    self.path = path
    self.context = context
    guard case .mapping(let mapping) = node else {
      throw PlanError(
        path: path, line: node.planLine,
        kind: key == "(top level)"
          ? .notAMapping(found: node.planShape)
          : .badValue(key: key, expected: "a mapping", found: node.planShape))
    }
    var entries: [Entry] = []
    for (keyNode, value) in mapping {
      guard case .scalar(let scalar) = keyNode else {
        throw PlanError(path: path, line: keyNode.planLine, kind: .badValue(
          key: "(mapping key)", expected: "a string", found: keyNode.planShape))
      }
      entries.append(Entry(key: scalar.string, keyLine: keyNode.planLine, value: value))
    }
    self.entries = entries
  }

  /// Throws for the first key not in `allowed`, at that key's line.
  func checkKeys(allowed: [String]) throws(PlanError) {
    for entry in entries where !allowed.contains(entry.key) {
      throw PlanError(path: path, line: entry.keyLine, kind: .unknownKey(
        key: entry.key, context: context, allowed: allowed))
    }
  }

  /// The entry for `key`, or `nil`; an explicit null counts as absent.
  func entry(_ key: String) -> Entry? {
    guard let found = entries.first(where: { $0.key == key }) else { return nil }
    return found.value.isPlanNull ? nil : found
  }

  func error(_ node: Node, _ kind: PlanError.Kind) -> PlanError {
    PlanError(path: path, line: node.planLine, kind: kind)
  }

  /// The scalar text of `entry`, or a `badValue` error.
  func scalar(_ entry: Entry, expected: String) throws(PlanError) -> String {
    guard case .scalar(let scalar) = entry.value else {
      throw error(entry.value, .badValue(key: entry.key, expected: expected, found: entry.value.planShape))
    }
    return scalar.string
  }

  func optionalString(_ key: String) throws(PlanError) -> String? {
    guard let found = entry(key) else { return nil }
    let text = try scalar(found, expected: "a non-empty string")
    guard !text.isEmpty else {
      throw error(found.value, .badValue(key: key, expected: "a non-empty string", found: "''"))
    }
    return text
  }

  /// An integer of at least `minimum`, or `nil` when absent.
  func optionalInt(_ key: String, minimum: Int) throws(PlanError) -> Int? {
    guard let found = entry(key) else { return nil }
    let expected = minimum == 1 ? "a positive integer" : "an integer of at least \(minimum)"
    let text = try scalar(found, expected: expected)
    guard let value = Int(text.filter { $0 != "_" }), value >= minimum else {
      throw error(found.value, .badValue(key: key, expected: expected, found: "'\(text)'"))
    }
    return value
  }

  /// A finite number of zero or more, or `nil` when absent.
  func optionalNonNegative(_ key: String) throws(PlanError) -> Double? {
    guard let found = entry(key) else { return nil }
    let text = try scalar(found, expected: "a number of zero or more")
    guard let value = Self.number(text), value >= 0 else {
      throw error(found.value, .badValue(key: key, expected: "a number of zero or more", found: "'\(text)'"))
    }
    return value
  }

  func optionalBool(_ key: String) throws(PlanError) -> Bool? {
    guard let found = entry(key) else { return nil }
    return try Self.bool(try scalar(found, expected: "true or false"), key: key, line: found.value.planLine, path: path)
  }

  func optionalMapping(_ key: String, context: String) throws(PlanError) -> PlanMapping? {
    guard let found = entry(key) else { return nil }
    return try PlanMapping(found.value, key: key, context: context, path: path)
  }

  /// A scalar or a non-empty list of scalars, each with its line; `nil`
  /// when absent.
  func optionalStringListEntries(_ key: String) throws(PlanError) -> [(String, Int)]? {
    guard let found = entry(key) else { return nil }
    let expected = "a value or a non-empty list of values"
    switch found.value {
    case .scalar(let scalar):
      return [(scalar.string, found.value.planLine)]
    case .sequence(let sequence):
      guard !sequence.isEmpty else {
        throw error(found.value, .badValue(key: key, expected: expected, found: "an empty list"))
      }
      var items: [(String, Int)] = []
      for item in sequence {
        guard case .scalar(let scalar) = item, !scalar.string.isEmpty else {
          throw error(item, .badValue(key: key, expected: "a list of non-empty values", found: item.planShape))
        }
        items.append((scalar.string, item.planLine))
      }
      return items
    default:
      throw error(found.value, .badValue(key: key, expected: expected, found: found.value.planShape))
    }
  }

  /// Like `optionalStringListEntries`, without lines; `required` makes a
  /// missing key an error.
  func stringList(_ key: String, required: Bool) throws(PlanError) -> [String] {
    guard let entries = try optionalStringListEntries(key) else {
      if required {
        throw PlanError(path: path, line: nil, kind: .missingKey(key: key))
      }
      return []
    }
    return entries.map(\.0)
  }

  /// `true`/`false` (also yes/no, on/off).
  static func bool(_ text: String, key: String, line: Int, path: String) throws(PlanError) -> Bool {
    switch text.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default:
      throw PlanError(path: path, line: line, kind: .badValue(key: key, expected: "true or false", found: "'\(text)'"))
    }
  }

  /// A finite decimal number (underscores allowed), or `nil`.
  static func number(_ text: String) -> Double? {
    guard let value = Double(text.filter { $0 != "_" }), value.isFinite else { return nil }
    return value
  }
}

extension Node {
  /// The node's 1-based line (1 when unknown).
  var planLine: Int { mark?.line ?? 1 }

  /// A YAML null: an empty plain scalar, `~` or `null`.
  var isPlanNull: Bool {
    guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  /// "a list", "a mapping", "'text'", for messages.
  var planShape: String {
    switch self {
    case .scalar(let scalar): "'\(scalar.string)'"
    case .sequence: "a list"
    case .mapping: "a mapping"
    case .alias: "an alias"
    }
  }
}
