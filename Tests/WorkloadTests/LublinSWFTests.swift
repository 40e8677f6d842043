import Foundation
import SimKernel
import Testing

@testable import Workload

/// Writing generated workloads as SWF files.
@Suite struct LublinSWFTests {
  func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "lublin-\(getpid())-\(name).swf"
  }

  @Test func header_describesTheMachineAndEveryParameter() throws {
    var model = LublinModel(nodes: 1131)
    model.coresPerNode = 2
    model.unixStartTime = 1_700_000_000
    let header = LublinGenerator.header(
      model: model, seed: 42, jobCount: 4_321, duration: .seconds(30 * 86_400))
    #expect(header.value(for: "Version") == "2.2")
    #expect(header.value(for: "Computer") == "synthetic Lublin-Feitelson 2003")
    #expect(header.maxJobs == 4_321 && header.maxRecords == 4_321)
    #expect(header.value(for: "MaxJobs") == "4321")
    #expect(header.maxProcs == 2_262 && header.value(for: "MaxProcs") == "2262")
    #expect(header.maxNodes == 1_131 && header.value(for: "MaxNodes") == "1131")
    #expect(header.unixStartTime == 1_700_000_000)
    #expect(header.value(for: "UnixStartTime") == "1700000000")
    #expect(header.value(for: "MaxRuntime") == "162754")
    let run = try #require(header.notes.first)
    #expect(run.hasPrefix("seed=42, model=lublin, nodes=1131, coresPerNode=2"))
    for setting in [
      "mix=batchAndInteractive", "loadScale=1.0", "startHour=0", "users=64", "estimate=tsafrir",
      "jobs=none", "duration=2592000s",
    ] {
      #expect(run.contains(setting), "missing \(setting) in \(run)")
    }
    #expect(header.notes.contains { $0.hasPrefix("lublin batch parameters:") && $0.contains("a2=639.1") })
    #expect(header.notes.contains { $0.hasPrefix("lublin interactive parameters:") })
    var unset = LublinModel(nodes: 64)
    unset.mix = .typeless
    let plain = LublinGenerator.header(model: unset, seed: 1, jobCount: 1, jobLimit: 1)
    #expect(plain.value(for: "UnixStartTime") == nil && plain.value(for: "MaxQueues") == nil)
  }

  @Test func writeSWF_isByteIdenticalForTheSameSeed_andReadsBack() throws {
    let model = LublinModel(nodes: 256)
    let paths = (0..<3).map { temporaryPath("\($0)") }
    defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
    let seed: UInt64 = 2_024
    let generator = try LublinGenerator(model: model, seed: seed, duration: .seconds(7 * 86_400))
    let written = try generator.writeSWF(path: paths[0])
    try LublinGenerator.writeSWF(path: paths[1], generator: generator)
    try LublinGenerator(model: model, seed: seed + 1, duration: .seconds(7 * 86_400))
      .writeSWF(path: paths[2])
    let bytes = try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
    #expect(bytes[0] == bytes[1], "seed \(seed): same seed, same bytes")
    #expect(bytes[0] != bytes[2], "seeds \(seed), \(seed + 1) differ")

    let (header, records) = try SWFReader.readAll(path: paths[0])
    #expect(records.count == written && written > 100, "seed \(seed)")
    #expect(header.maxJobs == Int64(written))
    #expect(header.value(for: "Version") == "2.2")
    #expect(records == Array(generator), "seed \(seed): the file holds the generated records")
    let text = String(decoding: bytes[0], as: UTF8.self)
    #expect(text.hasPrefix("; Version: 2.2\n; Computer: synthetic Lublin-Feitelson 2003\n"))
    #expect(text.contains("\n; Note: seed=2024, model=lublin, nodes=256,"))
  }

  @Test func writeSWF_reportsAnUnwritablePath() throws {
    let generator = try LublinGenerator(model: LublinModel(nodes: 8), seed: 1, jobs: 5)
    #expect(throws: OutputError.self) {
      try generator.writeSWF(path: "/nonexistent-directory/x.swf")
    }
  }
}
