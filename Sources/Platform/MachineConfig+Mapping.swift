import Yams

/// A YAML mapping of a machine configuration, read with its line numbers.
///
/// Every accessor checks the value's shape and range and throws a
/// `ConfigError` naming the file, the value's line and the key. Keys are
/// checked against the schema once, with `checkKeys(allowed:)`.
struct ConfigMapping {
  /// One `key: value` pair with the key's line.
  struct Entry {
    var key: String
    var keyLine: Int
    var value: Node
  }

  let path: String
  /// What the mapping is, for messages: "the top level", "node type 'x'".
  let context: String
  /// The line where the mapping starts.
  let line: Int
  let entries: [Entry]

  /// Reads `node` as a mapping found under `key` (for the error if it is not one).
  init(_ node: Node, key: String, context: String, path: String) throws(ConfigError) {
    self.path = path
    self.context = context
    self.line = node.lineNumber
    guard case .mapping(let mapping) = node else {
      throw ConfigError(
        path: path, line: node.lineNumber,
        kind: .wrongType(key: key, expected: "a mapping", found: node.shapeDescription))
    }
    var entries: [Entry] = []
    for (keyNode, value) in mapping {
      guard case .scalar(let scalar) = keyNode else {
        throw ConfigError(
          path: path, line: keyNode.lineNumber,
          kind: .wrongType(key: "(mapping key)", expected: "a string",
                           found: keyNode.shapeDescription))
      }
      entries.append(Entry(key: scalar.string, keyLine: keyNode.lineNumber, value: value))
    }
    self.entries = entries
  }

  /// Throws for the first key not in `allowed`.
  func checkKeys(allowed: [String]) throws(ConfigError) {
    for entry in entries where !allowed.contains(entry.key) {
      throw error(entry.keyLine, .unknownKey(key: entry.key, context: context, allowed: allowed))
    }
  }

  /// The entry for `key`, or `nil`. An explicit null counts as absent.
  func entry(_ key: String) -> Entry? {
    guard let found = entries.first(where: { $0.key == key }) else { return nil }
    return found.value.isNull ? nil : found
  }

  /// The entry for `key`, or a `missingKey` error at the mapping's line.
  func required(_ key: String) throws(ConfigError) -> Entry {
    guard let found = entry(key) else {
      throw error(line, .missingKey(key: key, context: context))
    }
    return found
  }

  func error(_ line: Int, _ kind: ConfigError.Kind) -> ConfigError {
    ConfigError(path: path, line: line, kind: kind)
  }
}

// MARK: - Typed values

extension ConfigMapping {
  /// A non-empty string (any scalar: `name: 42` is the string "42").
  func string(_ key: String) throws(ConfigError) -> String {
    try string(of: required(key))
  }

  func optionalString(_ key: String) throws(ConfigError) -> String? {
    guard let found = entry(key) else { return nil }
    return try string(of: found)
  }

  func string(of entry: Entry) throws(ConfigError) -> String {
    guard let text = entry.value.scalarText, !text.isEmpty else {
      throw error(entry.value.lineNumber, .wrongType(
        key: entry.key, expected: "a non-empty string", found: entry.value.shapeDescription))
    }
    return text
  }

  /// An integer greater than zero (`1_131` is accepted).
  func positiveInt(_ key: String) throws(ConfigError) -> Int {
    try positiveInt(of: required(key))
  }

  func optionalPositiveInt(_ key: String) throws(ConfigError) -> Int? {
    guard let found = entry(key) else { return nil }
    return try positiveInt(of: found)
  }

  func positiveInt(of entry: Entry) throws(ConfigError) -> Int {
    let text = try scalar(of: entry, expected: "a positive integer")
    guard let value = Int(text.filter { $0 != "_" }), value > 0 else {
      throw error(entry.value.lineNumber, .notPositiveInteger(key: entry.key, found: text))
    }
    return value
  }

  /// A finite number greater than zero.
  func positiveNumber(_ key: String) throws(ConfigError) -> Double {
    try positiveNumber(of: required(key))
  }

  func optionalPositiveNumber(_ key: String) throws(ConfigError) -> Double? {
    guard let found = entry(key) else { return nil }
    return try positiveNumber(of: found)
  }

  func positiveNumber(of entry: Entry) throws(ConfigError) -> Double {
    let text = try scalar(of: entry, expected: "a positive number")
    guard let value = Self.number(text), value > 0 else {
      throw error(entry.value.lineNumber, .notPositiveNumber(key: entry.key, found: text))
    }
    return value
  }

  /// `true` or `false` (also yes/no, on/off), or `nil` when absent.
  func optionalBool(_ key: String) throws(ConfigError) -> Bool? {
    guard let found = entry(key) else { return nil }
    let text = try scalar(of: found, expected: "true or false")
    switch text.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default:
      throw error(found.value.lineNumber,
                  .wrongType(key: key, expected: "true or false", found: "'\(text)'"))
    }
  }

  /// One of `allowed`, exactly.
  func oneOf(_ key: String, _ allowed: [String]) throws(ConfigError) -> String {
    let found = try required(key)
    let text = try scalar(of: found, expected: "one of " + allowed.joined(separator: ", "))
    guard allowed.contains(text) else {
      throw error(found.value.lineNumber, .notOneOf(key: key, found: text, allowed: allowed))
    }
    return text
  }

  /// A non-empty list.
  func list(_ key: String) throws(ConfigError) -> [Node] {
    try list(of: required(key))
  }

  func list(of entry: Entry) throws(ConfigError) -> [Node] {
    guard case .sequence(let sequence) = entry.value else {
      throw error(entry.value.lineNumber, .wrongType(
        key: entry.key, expected: "a list", found: entry.value.shapeDescription))
    }
    guard !sequence.isEmpty else {
      throw error(entry.value.lineNumber, .wrongType(
        key: entry.key, expected: "a non-empty list", found: "an empty list"))
    }
    return Array(sequence)
  }

  /// The nested mapping under `key`, or `nil` when absent.
  func optionalMapping(_ key: String, context: String) throws(ConfigError) -> ConfigMapping? {
    guard let found = entry(key) else { return nil }
    return try ConfigMapping(found.value, key: key, context: context, path: path)
  }

  func scalar(of entry: Entry, expected: String) throws(ConfigError) -> String {
    guard let text = entry.value.scalarText else {
      throw error(entry.value.lineNumber, .wrongType(
        key: entry.key, expected: expected, found: entry.value.shapeDescription))
    }
    return text
  }

  /// A finite decimal number (underscores allowed), or `nil`.
  static func number(_ text: String) -> Double? {
    guard let value = Double(text.filter { $0 != "_" }), value.isFinite else { return nil }
    return value
  }
}

// MARK: - Node helpers

extension Node {
  /// The node's 1-based line (1 when unknown).
  var lineNumber: Int { mark?.line ?? 1 }

  /// A YAML null: an empty plain scalar, `~` or `null`.
  var isNull: Bool {
    guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any
    else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  /// The text of a scalar that is not null, or `nil`.
  var scalarText: String? {
    guard case .scalar(let scalar) = self, !isNull else { return nil }
    return scalar.string
  }

  /// How the node looks, for messages: "a list", "a mapping", "nothing", "'x'".
  var shapeDescription: String {
    switch self {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    case .scalar(let scalar): return isNull ? "nothing" : "'\(scalar.string)'"
    }
  }
}
