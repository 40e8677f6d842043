import SimKernel
import Testing
import TestSupport

@testable import Workload

/// A source that yields `count` numbered jobs, then throws `failure` if set,
/// counting how many it has yielded (read by the replay's reports).
private struct CountingSource: JobSource {
  let count: Int
  var failure: SWFError?
  private(set) var yielded = 0

  init(count: Int, failure: SWFError? = nil) {
    self.count = count
    self.failure = failure
  }

  mutating func nextJob() throws -> Job? {
    guard yielded < count else {
      if let failure { throw failure }
      return nil
    }
    yielded += 1
    return Job(
      id: Int64(yielded), submitTime: .seconds(Int64(yielded / 3)), runTime: .seconds(Int64(yielded % 7)),
      estimate: .seconds(10), processors: Int32(1 + yielded % 5))
  }
}

/// Reading a source on a second thread changes nothing a replay can see:
/// the same jobs in the same order, errors where the source raised them.
@Suite struct ReadAheadJobSourceTests {
  func drain<Source: JobSource & ~Copyable>(_ source: inout Source) throws -> [Job] {
    var jobs: [Job] = []
    while let job = try source.nextJob() { jobs.append(job) }
    return jobs
  }

  @Test(
    "yields exactly the base's jobs in order, for any batch size and depth",
    arguments: [(1, 1), (3, 2), (512, 4), (5_000, 1)])
  func sameJobs(batchSize: Int, batchesAhead: Int) throws {
    var plain = CountingSource(count: 2_049)
    let expected = try drain(&plain)
    var ahead = ReadAheadJobSource(CountingSource(count: 2_049), batchSize: batchSize, batchesAhead: batchesAhead)
    let threaded = ahead.isThreaded
    let drained = try drain(&ahead)
    let afterEnd = try ahead.nextJob()
    let yielded = ahead.withBase { $0.yielded }
    #expect(threaded)
    #expect(drained == expected)
    #expect(afterEnd == nil)
    #expect(yielded == 2_049)
  }

  @Test("on the caller's thread when asked, with the same jobs")
  func unthreaded() throws {
    var plain = CountingSource(count: 700)
    let expected = try drain(&plain)
    var inline = ReadAheadJobSource(CountingSource(count: 700), threaded: false)
    let threaded = inline.isThreaded
    let drained = try drain(&inline)
    #expect(!threaded)
    #expect(drained == expected)
  }

  @Test("an empty source ends at once")
  func empty() throws {
    var ahead = ReadAheadJobSource(CountingSource(count: 0))
    let first = try ahead.nextJob()
    let second = try ahead.nextJob()
    #expect(first == nil)
    #expect(second == nil)
  }

  @Test("the base's error comes after every job read before it, and again on later calls")
  func errorInOrder() throws {
    let failure = SWFError.malformedField(path: "t.swf", line: 1_001, field: 4, token: "x")
    var ahead = ReadAheadJobSource(CountingSource(count: 1_000, failure: failure), batchSize: 64)
    var jobs: [Job] = []
    var thrown: [SWFError] = []
    for _ in 0..<1_002 {
      do {
        if let job = try ahead.nextJob() { jobs.append(job) }
      } catch let error as SWFError {
        thrown.append(error)
      }
    }
    #expect(jobs.count == 1_000)
    #expect(jobs.last?.id == 1_000)
    #expect(thrown == [failure, failure])
  }

  @Test("a consumer that stops early stops the reading thread, which read at most the batches allowed ahead")
  func stopsEarly() throws {
    var ahead = ReadAheadJobSource(CountingSource(count: 1_000_000), batchSize: 100, batchesAhead: 2)
    for _ in 0..<150 { _ = try ahead.nextJob() }
    let read = ahead.withBase { $0.yielded }
    // Two batches taken, two waiting, one being read when cancelled.
    #expect(read >= 200 && read <= 500)
    // The thread is gone: the base no longer moves.
    let later = ahead.withBase { $0.yielded }
    #expect(later == read)
  }

  @Test("a source dropped mid-stream does not hang")
  func droppedMidStream() throws {
    for _ in 0..<20 {
      var ahead = ReadAheadJobSource(CountingSource(count: 100_000), batchSize: 10, batchesAhead: 1)
      _ = try ahead.nextJob()
    }
  }

  @Test(
    "a real trace reads ahead to the same jobs and counters",
    .enabled(if: TestPaths.sharedTracesDirectory != nil, "../shared/traces is absent"))
  func realTrace() throws {
    let path = try #require(TestPaths.sharedTrace("KTH-SP2-1996-2.1-cln.swf.gz"))
    var plain = try TraceJobSource(path: path, admission: JobAdmission(), onBadRecord: .skip)
    let expected = try drain(&plain)
    var ahead = ReadAheadJobSource(try TraceJobSource(path: path, admission: JobAdmission(), onBadRecord: .skip))
    let drained = try drain(&ahead)
    #expect(drained == expected)
    ahead.withBase { base in
      #expect(base.recordsRead == plain.recordsRead)
      #expect(base.skipCounts.map(\.count) == plain.skipCounts.map(\.count))
    }
  }

  /// Takes every job a batch at a time; the error, if any, with the jobs
  /// taken before it.
  func drainBatches<Source: JobSource & ~Copyable>(_ source: inout Source) -> (jobs: [Job], error: SWFError?) {
    var jobs: [Job] = []
    do {
      while true {
        let batch = try source.nextJobs()
        if batch.isEmpty { return (jobs, nil) }
        jobs += batch
      }
    } catch {
      return (jobs, error as? SWFError)
    }
  }

  @Test(
    "batches hold the same jobs as one at a time, mixed with single takes, threaded or not",
    arguments: [true, false])
  func batchesMatchSingleJobs(threaded: Bool) throws {
    var plain = CountingSource(count: 2_049)
    let expected = try drain(&plain)
    var ahead = ReadAheadJobSource(CountingSource(count: 2_049), threaded: threaded, batchSize: 100)
    // A few single jobs first: the next batch is the rest of the current one.
    var jobs = [try ahead.nextJob()!, try ahead.nextJob()!]
    let rest = try ahead.nextJobs()
    #expect(rest.count == 98)
    jobs += rest
    let drained = drainBatches(&ahead)
    #expect(jobs + drained.jobs == expected)
    #expect(drained.error == nil)
    #expect(try ahead.nextJobs().isEmpty)
  }

  @Test("a batch-taking consumer gets the base's error after every job read before it")
  func batchesErrorInOrder() {
    let failure = SWFError.malformedField(path: "t.swf", line: 1_001, field: 4, token: "x")
    var ahead = ReadAheadJobSource(CountingSource(count: 1_000, failure: failure), batchSize: 64)
    let drained = drainBatches(&ahead)
    #expect(drained.jobs.count == 1_000)
    #expect(drained.jobs.last?.id == 1_000)
    #expect(drained.error == failure)
  }

  @Test("any source's batches (one job each by default) and an array's (the rest at once) are its jobs")
  func defaultAndArrayBatches() throws {
    var plain = CountingSource(count: 300)
    let expected = try drain(&plain)
    var single = CountingSource(count: 300)
    let singles = drainBatches(&single)
    #expect(singles.jobs == expected)
    var array = ArrayJobSource(expected)
    let first = array.nextJob()
    let rest = array.nextJobs()
    #expect(rest.count == 299)
    #expect([first!] + rest == expected)
    #expect(array.nextJobs().isEmpty)
    #expect(array.nextJob() == nil)
  }

  @Test("a failing base's error comes through the default batches too")
  func defaultBatchesError() {
    let failure = SWFError.malformedField(path: "t.swf", line: 11, field: 2, token: "y")
    var source = CountingSource(count: 10, failure: failure)
    let drained = drainBatches(&source)
    #expect(drained.jobs.count == 10)
    #expect(drained.error == failure)
  }
}
