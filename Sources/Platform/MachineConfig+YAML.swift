import Yams

extension MachineConfig {
  /// The document's root node, with YAML errors turned into `ConfigError`s
  /// that carry the file and line.
  static func compose(_ yaml: String, path: String) throws(ConfigError) -> Node {
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch let error as YamlError {
      throw configError(error, path: path)
    } catch {
      throw ConfigError(path: path, line: nil, kind: .syntax(problem: "\(error)", column: nil))
    }
    guard let root, !root.isNull else { throw ConfigError(path: path, line: nil, kind: .empty) }
    return root
  }

  static func configError(_ error: YamlError, path: String) -> ConfigError {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      return ConfigError(
        path: path, line: mark.line,
        kind: .syntax(problem: problem + describe(context), column: mark.column))
    case .reader(let problem, let offset, _, let yaml):
      return ConfigError(
        path: path, line: offset.map { line(ofCharacterOffset: $0, in: yaml) },
        kind: .syntax(problem: problem, column: nil))
    case .duplicatedKeysInMapping(let duplicates, let context):
      return ConfigError(
        path: path, line: context.mark.line,
        kind: .duplicateKey(key: duplicates.first ?? "?"))
    default:
      return ConfigError(path: path, line: nil, kind: .syntax(problem: "\(error)", column: nil))
    }
  }

  /// " (while scanning ... started at line N)", or "".
  static func describe(_ context: YamlError.Context?) -> String {
    guard let context else { return "" }
    return " (\(context.text), started at line \(context.mark.line))"
  }

  /// The 1-based line holding the character at `offset`.
  static func line(ofCharacterOffset offset: Int, in text: String) -> Int {
    1 + text.prefix(offset).reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
  }
}
