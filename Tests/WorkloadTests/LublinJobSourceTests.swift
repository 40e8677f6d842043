import Foundation
import SimKernel
import Testing

@testable import Workload

/// Synthetic jobs pulled straight from the generator, without a file.
@Suite struct LublinJobSourceTests {
  func model() -> LublinModel {
    var model = LublinModel(nodes: 128)
    model.coresPerNode = 24
    return model
  }

  @Test("the jobs are those of the SWF file `generate` writes, read back with the same admission")
  func sameJobsAsTheWrittenFile() throws {
    let generator = try LublinGenerator(model: model(), seed: 11, jobs: 2_000)
    let path = NSTemporaryDirectory() + "lublin-source-\(getpid()).swf"
    defer { unlink(path) }
    try generator.writeSWF(path: path)
    let admission = JobAdmission(coresPerNode: 24)

    var fromFile = try TraceJobSource(path: path, admission: admission, onBadRecord: .fail)
    var expected: [Job] = []
    while let job = try fromFile.nextJob() { expected.append(job) }

    var source = LublinJobSource(generator: generator, admission: admission)
    var pulled: [Job] = []
    while let job = source.nextJob() { pulled.append(job) }

    #expect(expected.count == 2_000)
    #expect(pulled == expected)
    #expect(source.recordsRead == 2_000)
    #expect(source.skipCounts.isEmpty)
  }

  @Test("jobs come in submit order, sized in whole nodes of the machine")
  func submitOrderAndNodes() throws {
    var source = LublinJobSource(
      generator: try LublinGenerator(model: model(), seed: 3, jobs: 5_000),
      admission: JobAdmission(coresPerNode: 24))
    var previous = SimTime.zero
    var count = 0
    while let job = source.nextJob() {
      #expect(job.submitTime >= previous)
      #expect(job.nodes >= 1 && job.nodes <= 128)
      #expect(job.processors == job.nodes * 24)
      #expect(job.estimate >= job.runTime)
      previous = job.submitTime
      count += 1
    }
    #expect(count == 5_000)
    #expect(source.nextJob() == nil)
  }

  @Test("the source takes the generator where it stands")
  func startsWhereTheGeneratorIs() throws {
    var generator = try LublinGenerator(model: model(), seed: 5, jobs: 10)
    let first = generator.next()
    var source = LublinJobSource(generator: generator, admission: JobAdmission(coresPerNode: 24))
    var ids: [Int64] = []
    while let job = source.nextJob() { ids.append(job.id) }
    #expect(first?.jobNumber == 1)
    #expect(ids == Array(2...10))
    #expect(source.recordsRead == 9)
  }
}
