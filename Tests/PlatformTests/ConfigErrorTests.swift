import Platform
import TestSupport
import Testing

/// Bad configurations give one exact message naming the file, the line and the key.
@Suite("Machine configuration errors")
struct ConfigErrorTests {
  /// The message `Machine.load` gives for a fixture, or `nil` if it loads.
  static func loadMessage(_ fixture: String) -> (path: String, message: String?) {
    let path = TestPaths.fixture("machines/" + fixture)
    do {
      _ = try Machine.load(path: path)
      return (path, nil)
    } catch {
      return (path, error.description)
    }
  }

  @Test("negative cores: key, line and value")
  func negativeCores() {
    let (path, message) = Self.loadMessage("negative-cores.yaml")
    #expect(message == "\(path):12: key 'cores' must be a positive integer, got '-3'")
  }

  @Test("unknown key: names the key, where it is, and the keys allowed there")
  func unknownKey() {
    let (path, message) = Self.loadMessage("unknown-key.yaml")
    #expect(message == "\(path):5: unknown key 'memroy_gb' in node type 'compute'; "
      + "expected one of: name, count, memory_gb, slurm_cpus, components")
  }

  @Test("YAML syntax error: file and line from the YAML parser")
  func syntaxError() {
    let (path, message) = Self.loadMessage("syntax-error.yaml")
    #expect(message == "\(path):5: YAML syntax error at column 15: "
      + "mapping values are not allowed in this context")
  }

  @Test("expected_totals that disagree with the node types")
  func totalsMismatch() {
    let (path, message) = Self.loadMessage("totals-mismatch.yaml")
    #expect(message == "\(path):11: expected_totals.peak_tflops is 3,900, but the machine "
      + "described has 3,881.592 (tolerance 0.1%)")
  }

  @Test("a partition naming an unknown node type")
  func unknownNodeType() {
    let (path, message) = Self.loadMessage("unknown-node-type.yaml")
    #expect(message == "\(path):10: partition 'batch' refers to unknown node type "
      + "'computer'; known node types: compute")
  }

  @Test("a missing required key, at the line of its mapping")
  func missingKey() {
    let (path, message) = Self.loadMessage("missing-key.yaml")
    #expect(message == "\(path):7: missing required key 'gflops' in component #1 "
      + "of node type 'compute'")
  }

  @Test("an unreadable file names the file and the system's reason")
  func missingFile() {
    let (path, message) = Self.loadMessage("no-such-file.yaml")
    #expect(message == "\(path): cannot read machine configuration: No such file or directory")
  }

  @Test("the error keeps its location and kind for programs")
  func structuredError() {
    #expect(throws: ConfigError(
      path: "x.yaml", line: 4, kind: .notPositiveInteger(key: "count", found: "0"))
    ) {
      try Machine.parse(yaml: Self.header + "    count: 0\n" + Self.body, path: "x.yaml")
    }
  }

  // MARK: - Inline cases

  /// Lines 1-3; line 4 is the node type's `count`.
  static let header = "name: T\nnode_types:\n  - name: compute\n"
  /// Lines 5-7 of a valid node type (after `count`).
  static let body = """
        memory_gb: 8
        components:
          - { kind: cpu, model: C, cores: 4, gflops: 10 }

    """
  static let valid = header + "    count: 4\n" + body

  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var yaml: String
    var message: String
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "zero count", yaml: header + "    count: 0\n" + body,
         message: "x.yaml:4: key 'count' must be a positive integer, got '0'"),
    Case(name: "fractional count", yaml: header + "    count: 2.5\n" + body,
         message: "x.yaml:4: key 'count' must be a positive integer, got '2.5'"),
    Case(name: "negative gflops",
         yaml: header + "    count: 4\n    memory_gb: 8\n    components:\n"
           + "      - { kind: cpu, model: C, cores: 4, gflops: -1.5 }\n",
         message: "x.yaml:7: key 'gflops' must be a positive number, got '-1.5'"),
    Case(name: "unknown component kind",
         yaml: header + "    count: 4\n    memory_gb: 8\n    components:\n"
           + "      - { kind: gpu, model: C, cores: 4, gflops: 1 }\n",
         message: "x.yaml:7: key 'kind' must be one of cpu, accelerator, got 'gpu'"),
    Case(name: "unknown top-level key", yaml: valid + "nodes_per_rack: 4\n",
         message: "x.yaml:8: unknown key 'nodes_per_rack' in the top level; expected one of: "
           + "name, description, interconnect, node_types, cabinets, partitions, storage, "
           + "expected_totals"),
    Case(name: "unknown key in storage.burst",
         yaml: valid + "storage:\n  capacity_pb: 1\n  bandwidth_gib_s: 2\n  burst:\n"
           + "    bandwidth_gib_s: 3\n    latency_us: 5\n",
         message: "x.yaml:13: unknown key 'latency_us' in storage.burst; "
           + "expected one of: capacity_tb, bandwidth_gib_s"),
    Case(name: "missing storage bandwidth", yaml: valid + "storage:\n  capacity_pb: 1\n",
         message: "x.yaml:9: missing required key 'bandwidth_gib_s' in storage"),
    Case(name: "missing name", yaml: "node_types: []\n",
         message: "x.yaml:1: missing required key 'name' in the top level"),
    Case(name: "empty node_types", yaml: "name: T\nnode_types: []\n",
         message: "x.yaml:2: key 'node_types' must be a non-empty list, got an empty list"),
    Case(name: "node_types as a mapping", yaml: "name: T\nnode_types:\n  compute: 4\n",
         message: "x.yaml:3: key 'node_types' must be a list, got a mapping"),
    Case(name: "duplicate key", yaml: "name: T\nname: U\n",
         message: "x.yaml:1: key 'name' appears more than once in the same mapping"),
    Case(name: "duplicate node type", yaml: valid + "  - name: compute\n    count: 1\n" + body,
         message: "x.yaml:8: node type name 'compute' is used more than once"),
    Case(name: "partitions cover too few nodes",
         yaml: valid + "partitions:\n  - { name: batch, node_type: compute, nodes: 3 }\n",
         message: "x.yaml:4: the partitions of node type 'compute' hold 3 nodes, but it has "
           + "count 4 (every node must be in exactly one partition)"),
    Case(name: "two partitions take the rest",
         yaml: valid + "partitions:\n  - { name: a, node_type: compute }\n"
           + "  - { name: b, node_type: compute }\n",
         message: "x.yaml:10: partitions 'a' and 'b' of node type 'compute' both omit 'nodes'; "
           + "at most one partition per node type may take the remaining nodes"),
    Case(name: "partition left with no nodes",
         yaml: valid + "partitions:\n  - { name: a, node_type: compute, nodes: 4 }\n"
           + "  - { name: b, node_type: compute }\n",
         message: "x.yaml:10: partition 'b' gets no nodes: the other partitions of node type "
           + "'compute' already hold 4 of its 4 nodes"),
    Case(name: "two default partitions",
         yaml: valid + "partitions:\n  - { name: a, node_type: compute, nodes: 2, default: true }\n"
           + "  - { name: b, node_type: compute, default: true }\n",
         message: "x.yaml:10: partitions 'a' and 'b' are both marked default; at most one may be"),
    Case(name: "default not a boolean",
         yaml: valid + "partitions:\n  - { name: a, node_type: compute, default: maybe }\n",
         message: "x.yaml:9: key 'default' must be true or false, got 'maybe'"),
    Case(name: "several node types need partitions",
         yaml: valid + "  - name: big\n    count: 1\n" + body,
         message: "x.yaml:2: 2 node types are defined, so a 'partitions' list is required "
           + "to place them"),
    Case(name: "device memory above node memory",
         yaml: header + "    count: 4\n    memory_gb: 8\n    components:\n"
           + "      - { kind: accelerator, model: A, count: 2, cores: 4, gflops: 1, memory_gb: 6 }\n",
         message: "x.yaml:5: node type 'compute': the components' memory (12 GB) exceeds "
           + "the node's memory_gb (8 GB), which must include it"),
    Case(name: "expected node count differs", yaml: valid + "expected_totals: { nodes: 5 }\n",
         message: "x.yaml:8: expected_totals.nodes is 5, but the machine described has 4"),
    Case(name: "expected cabinets without cabinets",
         yaml: valid + "expected_totals:\n  cabinets: 1\n",
         message: "x.yaml:9: missing required key 'nodes_per_cabinet' in cabinets "
           + "(needed to check expected_totals.cabinets)"),
    Case(name: "empty document", yaml: "# nothing here\n",
         message: "x.yaml: the file holds no YAML document (expected a mapping with 'name' "
           + "and 'node_types')"),
    Case(name: "a list at the top", yaml: "- name: T\n",
         message: "x.yaml:1: key '(document)' must be a mapping, got a list"),
    Case(name: "tab indentation", yaml: "name: T\nnode_types:\n\t- name: x\n",
         message: "x.yaml:3: YAML syntax error at column 1: found character that cannot "
           + "start any token (while scanning for the next token, started at line 3)"),
  ]

  @Test("each bad configuration gives its exact message", arguments: cases)
  func inlineCase(_ testCase: Case) {
    #expect(throws: ConfigError.self) {
      try Machine.parse(yaml: testCase.yaml, path: "x.yaml")
    }
    do {
      _ = try Machine.parse(yaml: testCase.yaml, path: "x.yaml")
    } catch {
      #expect(error.description == testCase.message)
    }
  }

  @Test("the valid base of the inline cases loads")
  func validBase() throws {
    #expect(try Machine.parse(yaml: Self.valid, path: "x.yaml").nodeCount == 4)
  }
}
