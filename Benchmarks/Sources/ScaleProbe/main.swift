import Platform
import Scheduling
import SimKernel
import Simulation
import Workload

#if canImport(Glibc)
  import Glibc
#endif

// Replays synthetic Lublin jobs on a machine config and prints how the
// waiting queue evolves, per tenth of the jobs: is the machine saturated
// (queues growing without bound, so per-job cost grows) or in steady state?
//
//   swift run -c release ScaleProbe JOBS [LOAD_SCALE] [POLICY] [MACHINE.yaml]
//
// Default: EASY on ../configs/tianhe2-full.yaml (16,000 nodes), load scale 1.

/// Counts jobs pulled from the source and jobs started, so the number
/// waiting is known at every start: pulled − 1 (the pending arrival the
/// replay holds) − started − rejected.
final class QueueProbe: ReplayObserver {
  var pulled = 0
  var started = 0
  var rejected = 0
  var sourceEnded = false
  let jobs: Int
  var bucketMax: [Int] = Array(repeating: 0, count: 10)
  var bucketSum: [Int] = Array(repeating: 0, count: 10)
  var bucketCount: [Int] = Array(repeating: 0, count: 10)
  var bucketEndDay: [Double] = Array(repeating: 0, count: 10)

  init(jobs: Int) { self.jobs = jobs }

  func jobStarted(_ job: Job, at time: SimTime, nodes: NodeSet) {
    let waiting = pulled - (sourceEnded ? 0 : 1) - started - rejected
    let bucket = min(9, started * 10 / max(jobs, 1))
    bucketMax[bucket] = max(bucketMax[bucket], waiting)
    bucketSum[bucket] += waiting
    bucketCount[bucket] += 1
    bucketEndDay[bucket] = time.secondsValue / 86_400
    started += 1
  }

  func jobRejected(_ job: Job, reason: RejectReason) { rejected += 1 }
}

struct CountingSource: JobSource {
  var base: LublinJobSource
  let probe: QueueProbe
  mutating func nextJob() -> Job? {
    let job = base.nextJob()
    if job != nil { probe.pulled += 1 } else { probe.sourceEnded = true }
    return job
  }
}

let arguments = CommandLine.arguments
guard arguments.count >= 2, let jobs = Int(arguments[1]), jobs > 0 else {
  print("usage: ScaleProbe JOBS [LOAD_SCALE] [fcfs|easy] [MACHINE.yaml]")
  exit(2)
}
let loadScale = arguments.count > 2 ? Double(arguments[2]) ?? 1 : 1
let policy = arguments.count > 3 ? PolicyKind(rawValue: arguments[3]) ?? .easy : .easy
let root: String = {
  var path = "\(#filePath)"
  for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }
  return path
}()
let machinePath = arguments.count > 4 ? arguments[4] : root + "/configs/tianhe2-full.yaml"

let machine = try Machine.load(path: machinePath)
var model = LublinModel(nodes: machine.nodeCount)
model.coresPerNode = machine.defaultCoresPerNode
model.loadScale = loadScale
let probe = QueueProbe(jobs: jobs)
var source = CountingSource(
  base: LublinJobSource(
    generator: try LublinGenerator(model: model, seed: 1, jobs: jobs),
    admission: JobAdmission(coresPerNode: Int32(machine.defaultCoresPerNode))),
  probe: probe)
var replay = Replay(totalNodes: Int32(machine.nodeCount), policy: policy.makePolicy(), observer: probe)
let clock = ContinuousClock()
let start = clock.now
let counters = try replay.run(&source)
let elapsed = clock.now - start

print("\(policy.rawValue), \(jobs) Lublin jobs (seed 1, load scale \(loadScale)) on \(machine.nodeCount) nodes:")
print("\(counters.jobsStarted) started, \(counters.jobsRejected) rejected, \(counters.passes) passes, \(elapsed)")
print("| tenth of jobs | up to day | max waiting | mean waiting (at starts) |")
print("|---:|---:|---:|---:|")
for bucket in 0..<10 where probe.bucketCount[bucket] > 0 {
  let mean = Double(probe.bucketSum[bucket]) / Double(probe.bucketCount[bucket])
  print("| \(bucket + 1) | \(Int(probe.bucketEndDay[bucket])) | \(probe.bucketMax[bucket]) | \(Int(mean.rounded())) |")
}
