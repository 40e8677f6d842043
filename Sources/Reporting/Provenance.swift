import Workload

/// Where a result came from, exactly: the hpcsim version, the trace's name
/// and the SHA-256 of its bytes, the machine (and its config's digest), the
/// policy and every option. Written as the `provenance` object of the JSON
/// summary, as a `FILE.provenance.json` sidecar next to each CSV (CSV files
/// stay plain so pandas and evalys read them with their defaults), as `Note`
/// lines of an SWF output and as a section of the HTML report.
public struct Provenance: Sendable, Hashable {
  /// SHA-256 of the trace file's bytes as stored (compressed if gzip).
  public var traceSHA256: String
  /// Size of the trace file in bytes.
  public var traceBytes: Int64
  /// The machine config file, when one was used.
  public var machineConfig: String?
  /// SHA-256 of the machine config file's bytes.
  public var machineConfigSHA256: String?

  public init(traceSHA256: String, traceBytes: Int64, machineConfig: String? = nil, machineConfigSHA256: String? = nil) {
    self.traceSHA256 = traceSHA256
    self.traceBytes = traceBytes
    self.machineConfig = machineConfig
    self.machineConfigSHA256 = machineConfigSHA256
  }

  /// Hashes the trace (and the machine config, if any).
  ///
  /// - Complexity: O(file sizes); about 10 ms for a 3 MB trace in release builds.
  public static func compute(tracePath: String, machineConfig: String?) throws(SHA256FileError) -> Provenance {
    let trace = try SHA256.hashFile(path: tracePath)
    let config = try machineConfig.map { path throws(SHA256FileError) in try SHA256.hashFile(path: path) }
    return Provenance(
      traceSHA256: trace.digest.hexDigest, traceBytes: trace.bytes, machineConfig: machineConfig,
      machineConfigSHA256: config?.digest.hexDigest)
  }
}

/// The last path component of `path`.
public func baseName(_ path: String) -> String {
  path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
}

extension ReplayReport {
  /// The `provenance` object: version, trace, digest, machine, policy, options.
  public func provenanceValue() -> JSONValue {
    .object([
      ("generator", .string("hpcsim")),
      ("hpcsim_version", .string(version)),
      ("trace", .string(tracePath)),
      ("trace_name", .string(baseName(tracePath))),
      ("trace_sha256", provenance.map { .string($0.traceSHA256) } ?? .null),
      ("trace_bytes", provenance.map { .int($0.traceBytes) } ?? .null),
      ("machine", .string(machineName)),
      ("machine_config", provenance?.machineConfig.map { .string($0) } ?? .null),
      ("machine_config_sha256", provenance?.machineConfigSHA256.map { .string($0) } ?? .null),
      ("nodes", .int(Int64(nodes))),
      ("cores_per_node", .int(Int64(coresPerNode))),
      ("policy", .string(policy)),
      ("options", .object(options.map { ($0.0, .string($0.1)) })),
    ])
  }

  /// The sidecar `FILE.provenance.json` describing the output `file`.
  ///
  /// - Parameters:
  ///   - file: the output's path (its base name is recorded).
  ///   - format: what the file is, e.g. `hpcsim jobs.csv (Batsim/evalys columns + extras)`.
  public func provenanceSidecar(for file: String, format: String) -> JSONValue {
    .object([
      ("file", .string(baseName(file))),
      ("format", .string(format)),
      ("provenance", provenanceValue()),
    ])
  }

  /// Writes the sidecar of `file` atomically to `file + ".provenance.json"`.
  public func writeProvenanceSidecar(for file: String, format: String) throws(OutputError) {
    try AtomicFile.write(provenanceSidecar(for: file, format: format).rendered() + "\n", to: file + ".provenance.json")
  }
}
