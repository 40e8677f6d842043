import Platform
import SimKernel
import TestSupport
import Testing

/// One bad demands file and the message it must produce.
struct BadDemandsCase: Sendable, CustomTestStringConvertible {
  let id: String
  let text: String
  let expected: String
  var testDescription: String { id }
}

private let header = "job_id,input_bytes,output_bytes,scratch_bytes,checkpoint_bytes,checkpoint_interval_s\n"

private let badCases: [BadDemandsCase] = [
  BadDemandsCase(id: "no header", text: "# only a comment\n\n", expected: "d.csv: no header line; expected: "
    + "job_id,input_bytes,output_bytes,scratch_bytes,checkpoint_bytes,checkpoint_interval_s"),
  BadDemandsCase(
    id: "unknown column", text: "job_id,input_bytes,output_bytes,inputs\n",
    expected: "d.csv:1: unknown column 'inputs'; expected columns: job_id, input_bytes, output_bytes, "
      + "scratch_bytes, checkpoint_bytes, checkpoint_interval_s"),
  BadDemandsCase(
    id: "missing required column", text: "job_id,input_bytes\n",
    expected: "d.csv:1: missing required column 'output_bytes'"),
  BadDemandsCase(
    id: "duplicate column", text: "job_id,input_bytes,output_bytes,input_bytes\n",
    expected: "d.csv:1: column 'input_bytes' appears twice"),
  BadDemandsCase(
    id: "too few fields", text: header + "1,2,3,4,5,6\n7,8,9\n",
    expected: "d.csv:3: 3 fields, expected 6 (one per header column)"),
  BadDemandsCase(
    id: "negative bytes", text: header + "# comment\n12,-5,0,0,0,0\n",
    expected: "d.csv:3: field 'input_bytes' = '-5': must not be negative"),
  BadDemandsCase(
    id: "not a number", text: header + "12,5,lots,0,0,0\n",
    expected: "d.csv:2: field 'output_bytes' = 'lots': not a whole number of bytes"),
  BadDemandsCase(
    id: "fraction of a byte", text: header + "12,5,1.5,0,0,0\n",
    expected: "d.csv:2: field 'output_bytes' = '1.5': not a whole number of bytes"),
  BadDemandsCase(
    id: "bad job id", text: header + "x12,5,1,0,0,0\n",
    expected: "d.csv:2: field 'job_id' = 'x12': not an integer job id"),
  BadDemandsCase(
    id: "interval finer than a microsecond", text: header + "12,5,1,0,10,0.0000001\n",
    expected: "d.csv:2: field 'checkpoint_interval_s' = '0.0000001': more precise than a microsecond"),
  BadDemandsCase(
    id: "checkpoint without interval", text: header + "12,5,1,0,10,0\n",
    expected: "d.csv:2: job 12 has checkpoint_bytes > 0 but checkpoint_interval_s is 0; give an interval"),
  BadDemandsCase(
    id: "duplicate job", text: header + "12,5,1,0,0,0\n13,5,1,0,0,0\n12,0,0,0,0,0\n",
    expected: "d.csv:4: job 12 is listed twice (first at line 2)"),
  BadDemandsCase(
    id: "too large", text: header + "12,1e30,1,0,0,0\n",
    expected: "d.csv:2: field 'input_bytes' = '1e30': too large"),
]

@Suite("I/O demands: the CSV sidecar and the seeded model")
struct StorageDemandTests {
  @Test("a demands file: columns in any order, optional columns default to 0, exponents, comments, CRLF")
  func parsing() throws {
    let text = "# demands\r\noutput_bytes,job_id,input_bytes\r\n2.5e9,17,100\r\n\r\n0,18,1e3\r\n"
    let table = try IODemandTable.parse(text: text, path: "d.csv")
    #expect(table.count == 2)
    #expect(table.demand(forJob: 17) == IODemand(inputBytes: 100, outputBytes: 2_500_000_000))
    #expect(table.demand(forJob: 18) == IODemand(inputBytes: 1_000))
    #expect(table.demand(forJob: 19) == nil)
  }

  @Test("the fixture file loads, with a checkpoint interval in seconds")
  func fixture() throws {
    let table = try IODemandTable.load(path: TestPaths.fixture("storage/tiny-demands.csv"))
    #expect(table.count == 3)
    #expect(
      table.demand(forJob: 4)
        == IODemand(inputBytes: 150_000_000, checkpointBytes: 50_000_000, checkpointInterval: .seconds(60)))
    #expect(table.demand(forJob: 2)?.footprint == 1_500_000_000)
  }

  @Test("a bad line names the file, the line and the field", arguments: badCases)
  func badLines(_ bad: BadDemandsCase) {
    #expect(throws: IODemandError.self) { try IODemandTable.parse(text: bad.text, path: "d.csv") }
    do {
      _ = try IODemandTable.parse(text: bad.text, path: "d.csv")
    } catch {
      #expect(error.description == bad.expected)
    }
  }

  @Test("a missing file is reported with the system's reason")
  func missingFile() {
    do {
      _ = try IODemandTable.load(path: "/nonexistent/d.csv")
      Issue.record("expected an error")
    } catch {
      #expect(error.description == "/nonexistent/d.csv: cannot read I/O demands: No such file or directory")
    }
  }

  @Test("the model with dist=fixed: volume = bytes per core-hour x core-hours, split by input share")
  func fixedModel() throws {
    let model = try IOModel(
      specification: "bytes-per-core-hour=1e9,dist=fixed,input-share=0.25,scratch-per-core=1000,"
        + "checkpoint-interval=600,checkpoint-per-core=2e6")
    // 48 processors for 2 h = 96 core-hours: 96 GB, a quarter in.
    let demand = model.demand(jobID: 5, processors: 48, runTime: .seconds(7_200))
    #expect(demand.inputBytes == 24_000_000_000)
    #expect(demand.outputBytes == 72_000_000_000)
    #expect(demand.scratchBytes == 48_000)
    #expect(demand.checkpointBytes == 96_000_000)
    #expect(demand.checkpointInterval == .seconds(600))
  }

  @Test("the log-normal model depends only on seed and job id, and its factor has mean 1")
  func lognormalModel() throws {
    let model = try IOModel(specification: "bytes-per-core-hour=3600e6,dist=lognormal,sigma=1,seed=7")
    let again = try IOModel(specification: "seed=7,bytes-per-core-hour=3.6e9")
    let other = try IOModel(specification: "bytes-per-core-hour=3.6e9,seed=8")
    // One processor for one hour: 3.6 GB on average.
    var total = 0.0
    var differs = 0
    let count = 100_000
    for id in 0..<Int64(count) {
      let demand = model.demand(jobID: id, processors: 1, runTime: .seconds(3_600))
      #expect(demand == again.demand(jobID: id, processors: 1, runTime: .seconds(3_600)))
      if demand != other.demand(jobID: id, processors: 1, runTime: .seconds(3_600)) { differs += 1 }
      total += Double(demand.inputBytes + demand.outputBytes)
    }
    let mean = total / Double(count) / 3.6e9
    #expect(abs(mean - 1) < 0.02, "mean factor \(mean)")
    #expect(differs > count * 99 / 100)
  }

  @Test("model specifications are checked key by key")
  func modelErrors() {
    let cases: [(String, String)] = [
      ("dist=fixed", "--io-model: missing required key 'bytes-per-core-hour'"),
      ("bytes-per-core-hour=1e9,sigma=-1", "--io-model: sigma=-1: expected a number >= 0"),
      ("bytes-per-core-hour=1e9,dist=gamma", "--io-model: dist=gamma: expected fixed or lognormal"),
      ("bytes-per-core-hour=1e9,input-share=2", "--io-model: input-share=2: expected a number in [0, 1]"),
      ("bytes-per-core-hour=1e9,seed=x", "--io-model: seed=x: expected a whole number >= 0"),
      ("bytes-per-core-hour=1e9,colour=red", "--io-model: unknown key 'colour'; known keys: " + IOModel.keys.joined(separator: ", ")),
      ("bytes-per-core-hour", "--io-model: 'bytes-per-core-hour' is not key=value"),
      ("bytes-per-core-hour=1,bytes-per-core-hour=2", "--io-model: key 'bytes-per-core-hour' given twice"),
    ]
    for (spec, message) in cases {
      do {
        _ = try IOModel(specification: spec)
        Issue.record("'\(spec)' should fail")
      } catch {
        #expect(error.description == message)
      }
    }
  }

  @Test("storage specs: the Lvliang figures in bytes, the burst tier and overrides")
  func tiers() throws {
    let spec = StorageSpec(capacityPB: 7, bandwidthGiBs: 56.45, burst: BurstTierSpec(capacityTB: 300, bandwidthGiBs: 578))
    let sustained = try spec.tier()
    #expect(sustained.capacity == 7_000_000_000_000_000)
    #expect(sustained.bandwidth == 60_612_725_965)
    let burst = try spec.tier(.burst)
    #expect(burst.capacity == 300_000_000_000_000)
    #expect(burst.bandwidth == 578 * 1_073_741_824)
    let slowed = try spec.tier(bandwidthGiBs: 1)
    #expect(slowed.bandwidth == 1_073_741_824 && slowed.capacity == sustained.capacity)
    #expect(throws: StorageSetupError.noBurstTier) {
      try StorageSpec(capacityPB: 7, bandwidthGiBs: 56.45).tier(.burst)
    }
  }
}
