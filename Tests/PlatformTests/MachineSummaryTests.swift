import Foundation
import Platform
import TestSupport
import Testing

/// What `hpcsim machine show` prints, as text and as JSON.
@Suite("Machine summary")
struct MachineSummaryTests {
  static func load(_ name: String) throws -> Machine {
    try Machine.load(path: TestPaths.repoRoot + "/configs/" + name)
  }

  @Test("the Lvliang summary states the key figures and the trace mapping")
  func lvliangFigures() throws {
    let summary = try Self.load("tianhe2-lvliang.yaml").summary()
    let expectedLines = [
      "Machine               Tianhe-2 (Lvliang unit)",
      "Nodes                 1,131 in 9 cabinets of 128 nodes, the last with 107",
      "Cores                 220,545 (27,144 CPU + 193,401 accelerator)",
      "Memory                99,528 GB (88 GB per node)",
      "Peak                  3,881.592 TFLOPS (477.734 CPU + 3,403.858 accelerator)",
      "Trace mapping         24 cores per node (slurm_cpus of node type 'th2-compute', "
        + "default partition 'batch')",
      "    cpu               2 x Intel Xeon E5-2692 v2: 12 cores, 211.2 GFLOPS each",
      "    accelerator       3 x Intel Xeon Phi 31S1P: 57 cores, 1,003.2 GFLOPS, 8 GB each",
      "  batch (default)     th2-compute, 1,131 nodes (0-1130)",
      "  Capacity            7 PB",
      "  Bandwidth           56.45 GiB/s sustained",
      "  Burst tier          none",
    ]
    let lines = summary.split(separator: "\n").map(String.init)
    for line in expectedLines {
      #expect(lines.contains(line), "missing line: \(line)")
    }
  }

  @Test("the full Tianhe-2 summary shows the PFLOPS-scale peak and the burst tier")
  func fullFigures() throws {
    let summary = try Self.load("tianhe2-full.yaml").summary()
    #expect(summary.contains("Cores                 3,120,000 (384,000 CPU + 2,736,000 accelerator)\n"))
    #expect(summary.contains("Peak                  54,912 TFLOPS (6,758.4 CPU + 48,153.6 accelerator)\n"))
    #expect(summary.contains("Nodes                 16,000 in 125 cabinets of 128 nodes\n"))
    #expect(summary.contains("  Capacity            12.4 PB\n"))
    #expect(summary.contains("  Burst tier          1,024 GiB/s\n"))
  }

  @Test("the whole summary of a small machine")
  func minimalSummary() throws {
    let machine = try Machine.load(path: TestPaths.fixture("machines/minimal.yaml"))
    #expect(machine.summary() == """
      Machine               Minimal
      Nodes                 3
      Cores                 12 (12 CPU + 0 accelerator)
      Memory                12 GB (4 GB per node)
      Peak                  0.03 TFLOPS (0.03 CPU + 0 accelerator)
      Trace mapping         4 cores per node (slurm_cpus of node type 'node', default partition 'all')

      Node types
        node                3 nodes; per node 4 cores, 10 GFLOPS, 4 GB, slurm_cpus 4
          cpu               1 x Tiny: 4 cores, 10 GFLOPS each

      Partitions
        all (default)       node, 3 nodes (0-2)

      Storage               none

      """)
  }

  @Test("the JSON summary of a small machine, keys in fixed order")
  func minimalJSON() throws {
    let machine = try Machine.load(path: TestPaths.fixture("machines/minimal.yaml"))
    #expect(machine.summaryJSON() == """
      {
        "name": "Minimal",
        "description": null,
        "nodes": 3,
        "cabinets": null,
        "nodes_per_cabinet": null,
        "cores": {
          "total": 12,
          "cpu": 12,
          "accelerator": 0
        },
        "memory_gb": 12,
        "peak_tflops": {
          "total": 0.03,
          "cpu": 0.03,
          "accelerator": 0
        },
        "interconnect": null,
        "cores_per_node_for_trace_mapping": 4,
        "node_types": [
          {
            "name": "node",
            "nodes": 3,
            "cores": 4,
            "slurm_cpus": 4,
            "memory_gb": 4,
            "host_memory_gb": 4,
            "peak_gflops": 10,
            "components": [
              {
                "kind": "cpu",
                "model": "Tiny",
                "count": 1,
                "cores": 4,
                "gflops": 10,
                "memory_gb": null
              }
            ]
          }
        ],
        "partitions": [
          {
            "name": "all",
            "node_type": "node",
            "nodes": 3,
            "first_node": 0,
            "last_node": 2,
            "default": true
          }
        ],
        "storage": null
      }

      """)
  }

  @Test("the JSON of every shipped machine parses and carries its totals")
  func shippedJSONParses() throws {
    for (name, nodes, cores) in [
      ("tianhe2-lvliang.yaml", 1131, 220_545), ("tianhe2-full.yaml", 16_000, 3_120_000),
      ("tianhe2a.yaml", 17_792, 4_981_760),
    ] {
      let json = try Self.load(name).summaryJSON()
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
      #expect(object["nodes"] as? Int == nodes, "\(name)")
      #expect((object["cores"] as? [String: Any])?["total"] as? Int == cores, "\(name)")
      #expect(object["cores_per_node_for_trace_mapping"] as? Int == 24, "\(name)")
    }
  }

  @Test("names with quotes and newlines are escaped in JSON")
  func jsonEscaping() throws {
    let machine = Machine.homogeneous(processors: 2, name: "a \"quoted\"\nname\\")
    let json = machine.summaryJSON()
    #expect(json.contains(#""name": "a \"quoted\"\nname\\","#))
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    #expect(object?["name"] as? String == "a \"quoted\"\nname\\")
  }
}
