import Platform
import SimKernel
import Testing

/// Occupancy and bandwidth in use over time, checked by hand on a 100 B/s tier.
@Suite("Storage over time: occupancy, bandwidth in use and transfers per bucket")
struct StorageSeriesTests {
  /// Runs `model` to its end, collecting its events.
  func drain(_ model: inout StagingModel) {
    var events: [StagingModel.Event] = []
    while let delay = model.nextEventDelay(now: model.clock) {
      model.advance(by: delay)
      model.takeEvents(into: &events)
    }
  }

  @Test("two stage-ins of 100 B and 300 B at 100 B/s: 100 B/s in use for 4 s, two transfers then one")
  func twoTransfers() {
    var model = StagingModel(tier: StorageTier(capacity: 1_000, bandwidth: 100))
    model.recordSeries(resolution: .seconds(1))
    model.start(slot: 0, nodes: 1, demand: IODemand(inputBytes: 100, outputBytes: 0), compute: .seconds(10))
    model.start(slot: 1, nodes: 1, demand: IODemand(inputBytes: 300, outputBytes: 0), compute: .seconds(10))
    drain(&model)
    let rows = model.series!.rows()
    // Job 0: stage-in ends at 2 s, computes to 12 s; job 1: ends 4 s, computes to 14 s.
    #expect(rows.count == 14)
    #expect(rows.prefix(4).map(\.bandwidthBytesPerSecond) == [100, 100, 100, 100])
    #expect(rows.prefix(5).map(\.transfers) == [2, 2, 1, 1, 0])
    #expect(rows[4].bandwidthBytesPerSecond == 0)
    #expect(rows[0].occupancyBytes == 400)
    #expect(rows[12].occupancyBytes == 300)
    #expect(rows[13].occupancyBytes == 300)
    // Bytes moved = the integral of bandwidth in use.
    #expect(rows.reduce(0) { $0 + $1.bandwidthBytesPerSecond } == 400)
  }

  @Test("an interval across buckets is split exactly; quiet time before the first reservation has no rows")
  func splitting() {
    var series = StorageSeries(resolution: .seconds(10))
    series.add(start: 5_000_000, duration: 1_000_000, reserved: 0, bandwidth: 0, transfers: 0)
    series.add(start: 15_000_000, duration: 10_000_000, reserved: 100, bandwidth: 50, transfers: 2)
    let rows = series.rows()
    #expect(rows.map(\.time) == [.seconds(10), .seconds(20)])
    #expect(rows.map(\.occupancyBytes) == [50, 50])
    #expect(rows.map(\.bandwidthBytesPerSecond) == [25, 25])
    #expect(rows.map(\.transfers) == [1, 1])
    #expect(rows.map(\.busyFraction) == [0.5, 0.5])
  }

  @Test("a series longer than its limit is marked, not grown")
  func limit() {
    var series = StorageSeries(resolution: .seconds(1), limit: 3)
    series.add(start: 0, duration: 10_000_000, reserved: 1, bandwidth: 0, transfers: 0)
    #expect(series.overflowed)
  }
}
