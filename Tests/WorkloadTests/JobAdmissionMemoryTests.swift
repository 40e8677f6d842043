import SimKernel
import Testing
import Workload

/// Requested memory (SWF field 10, KB per processor) decides how many of a
/// job's processors share a node, as Slurm's `--mem-per-cpu` does.
@Suite("Requested memory places processors on nodes that have it")
struct JobAdmissionMemoryTests {
  /// A Tianhe-2 node as a replay sees it: 24 processors, 64 GB of host memory.
  let tianhe2 = JobAdmission(coresPerNode: 24, nodeMemoryKB: 64 * 1_048_576)

  func nodes(_ admission: JobAdmission, processors: Int64, memoryKB: Int64) -> Int32? {
    let record = SWFRecord(
      jobNumber: 1, submitTime: .zero, runTime: .seconds(10), allocatedProcessors: processors,
      requestedMemory: memoryKB)
    guard case .job(let job) = admission.admit(record) else { return nil }
    return job.nodes
  }

  @Test("no request, or a small one: 24 processors a node")
  func smallRequests() {
    #expect(nodes(tianhe2, processors: 48, memoryKB: -1) == 2)
    #expect(nodes(tianhe2, processors: 48, memoryKB: 0) == 2)
    // 2 GB each: 24 x 2 = 48 GB fit in 64 GB.
    #expect(nodes(tianhe2, processors: 48, memoryKB: 2 * 1_048_576) == 2)
  }

  @Test("4 GB a processor: 16 a node, so 48 processors take 3 nodes, not 2")
  func memoryBound() {
    #expect(tianhe2.processorsPerNode(requestedMemory: 4 * 1_048_576) == 16)
    #expect(nodes(tianhe2, processors: 48, memoryKB: 4 * 1_048_576) == 3)
    // 7.63 GB (RICC's 8,000,000 KB): 8 a node; 9 processors take 2 nodes.
    #expect(nodes(tianhe2, processors: 9, memoryKB: 8_000_000) == 2)
  }

  @Test("more memory a processor than a node has: the job fits on no node (more nodes than any machine)")
  func tooLarge() {
    #expect(tianhe2.processorsPerNode(requestedMemory: 65 * 1_048_576) == 0)
    #expect(nodes(tianhe2, processors: 1, memoryKB: 65 * 1_048_576) == Int32.max)
  }

  @Test("on a trace's own machine (memory unknown) the request changes nothing")
  func unknownMemory() {
    let own = JobAdmission(coresPerNode: 1)
    #expect(nodes(own, processors: 9, memoryKB: 8_000_000) == 9)
  }
}
