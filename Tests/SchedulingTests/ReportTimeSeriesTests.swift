import Platform
import Reporting
import Scheduling
import SimKernel
import Simulation
import TestSupport
import Testing
import Workload

/// The time series: values on the tiny fixture worked out by hand, and the
/// adaptive (doubling) series agreeing exactly with a fixed one.
@Suite("Time series")
struct ReportTimeSeriesTests {
  /// Replays the golden tiny fixture (4 nodes) under EASY into `collector`.
  static func replayTiny(into collector: TimeSeriesCollector) throws {
    var source = try TraceJobSource(
      path: TestPaths.fixture("golden/tiny.swf"), admission: JobAdmission(), onBadRecord: .fail)
    var replay = Replay(totalNodes: 4, policy: EASYBackfilling(), observer: collector)
    try replay.run(&source)
  }

  @Test("tiny fixture, EASY, 100 s buckets: every value by hand")
  func tinyByHand() throws {
    // EASY schedule (tiny-easy-jobs.csv): job submit/start/end nodes
    //   1: 0/0/100 x2   2: 10/100/150 x4   3: 20/20/50 x1   4: 30/150/350 x2
    //   5: 40/40/50 x1  6: 50/350/370 x3   (7 skipped, 8 rejected: never wait)
    // [0,100):   busy 2*100 + 30 + 10 = 240 node-s / (4 x 100) = 0.6
    //            waiting: job 2 90 s, job 4 70 s, job 6 50 s = 210 / 100 = 2.1
    //            running: 100 + 30 + 10 = 140 / 100 = 1.4
    // [100,200): busy 4*50 + 2*50 = 300 / 400 = 0.75; waiting 50 + 100 = 1.5; running 1
    // [200,300): busy 2*100 / 400 = 0.5; waiting (job 6) 1; running 1
    // [300,370): (70 s, up to the last end) busy 2*50 + 3*20 = 160 / 280 = 0.571429;
    //            waiting 50 / 70 = 0.714286; running 70 / 70 = 1
    let collector = TimeSeriesCollector(totalNodes: 4, resolution: .seconds(100))
    try Self.replayTiny(into: collector)
    let rows = collector.rows()
    #expect(rows.map(\.time) == [0, 100, 200, 300].map { SimTime.seconds($0) })
    #expect(rows.map(\.width) == [100, 100, 100, 70].map { SimTime.seconds($0) })
    let expected: [(Double, Double, Double)] = [
      (0.6, 2.1, 1.4), (0.75, 1.5, 1), (0.5, 1, 1), (160.0 / 280, 50.0 / 70, 1),
    ]
    for (row, want) in zip(rows, expected) {
      #expect(abs(row.utilisation - want.0) < 1e-12, "\(row)")
      #expect(abs(row.queueLength - want.1) < 1e-12, "\(row)")
      #expect(abs(row.runningJobs - want.2) < 1e-12, "\(row)")
    }
  }

  @Test("the CSV has the documented header and rounding")
  func csv() throws {
    let collector = TimeSeriesCollector(totalNodes: 4, resolution: .seconds(100))
    try Self.replayTiny(into: collector)
    let path = try makeTemporaryDirectory() + "/ts.csv"
    try collector.writeCSV(to: path)
    #expect(
      try readText(path) == """
        time,utilisation,queue_length,running_jobs
        0,0.600000,2.100,1.400
        100,0.750000,1.500,1.000
        200,0.500000,1.000,1.000
        300,0.571429,0.714,1.000

        """)
  }

  @Test("one bucket covering everything averages over [0, last end]")
  func singleBucket() throws {
    // Node-seconds 900 (README) over 4 nodes x 370 s = 0.608108.
    let collector = TimeSeriesCollector(totalNodes: 4, resolution: .seconds(3_600))
    try Self.replayTiny(into: collector)
    let rows = collector.rows()
    #expect(rows.count == 1)
    #expect(abs(rows[0].utilisation - 900.0 / 1_480) < 1e-12)
  }

  @Test("an adaptive series equals a fixed one at its final resolution", arguments: [1, 2, 3])
  func adaptiveMatchesFixed(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    var outcomes: [JobOutcome] = []
    for id in 0..<400 {
      let submit = Int64.random(in: 0...5_000_000, using: &random)
      let start = submit + Int64.random(in: 0...200_000, using: &random)
      let end = start + Int64.random(in: 0...300_000, using: &random)
      let nodes = Int32.random(in: 1...64, using: &random)
      let job = Job(
        id: Int64(id), submitTime: .seconds(submit), runTime: .seconds(end - start),
        estimate: .seconds(end - start), processors: nodes)
      outcomes.append(
        JobOutcome(job: job, startTime: .seconds(start), endTime: .seconds(end), nodes: NodeSet(), state: .completed))
    }
    // End order, as a replay reports them.
    outcomes.sort { $0.endTime < $1.endTime }
    let adaptive = TimeSeriesCollector(totalNodes: 64, initialResolution: .seconds(60), maxBuckets: 100)
    for outcome in outcomes { adaptive.jobEnded(outcome) }
    let fixed = TimeSeriesCollector(totalNodes: 64, resolution: SimTime(microseconds: adaptive.resolution))
    for outcome in outcomes { fixed.jobEnded(outcome) }
    #expect(adaptive.resolution > 60_000_000)
    #expect(adaptive.rows().count <= 100)
    #expect(adaptive.rows() == fixed.rows())
  }

  @Test("downsampling merges buckets into time-weighted averages")
  func downsample() {
    let rows = [
      TimeSeriesCollector.Row(time: .seconds(0), width: .seconds(10), utilisation: 1, queueLength: 4, runningJobs: 2),
      TimeSeriesCollector.Row(time: .seconds(10), width: .seconds(10), utilisation: 0, queueLength: 0, runningJobs: 0),
      TimeSeriesCollector.Row(time: .seconds(20), width: .seconds(5), utilisation: 1, queueLength: 3, runningJobs: 1),
    ]
    let merged = TimeSeriesCollector.Row.downsample(rows, maxPoints: 2)
    #expect(merged.count == 2)
    #expect(merged[0] == .init(time: .seconds(0), width: .seconds(20), utilisation: 0.5, queueLength: 2, runningJobs: 1))
    #expect(merged[1] == rows[2])
  }

  @Test("a fixed series too fine for its span fails with an explanation")
  func overflow() throws {
    let collector = TimeSeriesCollector(totalNodes: 4, resolution: SimTime(microseconds: 1))
    let job = Job(id: 1, submitTime: .zero, runTime: .seconds(100), estimate: .seconds(100), processors: 1)
    collector.jobEnded(JobOutcome(job: job, startTime: .zero, endTime: .seconds(100), nodes: NodeSet(), state: .completed))
    #expect(collector.overflowed)
    let path = try makeTemporaryDirectory() + "/ts.csv"
    #expect(throws: TimeSeriesError.self) { try collector.writeCSV(to: path) }
  }
}

@Suite("Byte-level number formatting")
struct ReportByteBufferTests {
  @Test("doubles and times print exactly as formatDecimal / formatFixed6 do")
  func fixed6() {
    var random = SeededGenerator(seed: 7)
    var values: [Double] = [0, -0.0, 1, -1, 0.5, 2.8, 5.333333333, -0.0000004, 0.0000005, 1e12, 8.9e9, 1e10, 123.4567895]
    for _ in 0..<2_000 { values.append(Double.random(in: -1e7...1e7, using: &random)) }
    for value in values {
      for decimals in 0...9 {
        var buffer = ByteBuffer()
        buffer.append(value, decimals: decimals)
        #expect(
          String(decoding: buffer.bytes, as: UTF8.self) == formatDecimal(value, decimals: decimals),
          "\(value) with \(decimals) decimals")
      }
    }
    for micros: Int64 in [0, 1, -1, 999_999, 1_000_000, -12_500_000, 86_400_000_000, .max, .min + 1] {
      var buffer = ByteBuffer()
      buffer.appendSeconds(SimTime(microseconds: micros))
      #expect(String(decoding: buffer.bytes, as: UTF8.self) == SimTime(microseconds: micros).formatFixed6())
    }
    var integers = ByteBuffer()
    for value: Int64 in [0, 7, -7, 1_234_567_890_123, .max, .min] {
      integers.append(value)
      integers.append(UInt8(ascii: " "))
    }
    #expect(
      String(decoding: integers.bytes, as: UTF8.self)
        == "0 7 -7 1234567890123 9223372036854775807 -9223372036854775808 ")
  }
}
