import Foundation
import Reporting
import Scheduling
import Sweep
import TestSupport
import Testing

/// Slurm policy files on a real trace: the replay runs and its schedule
/// passes the independent validator.
@Suite("Multifactor priority: real trace")
struct PriorityRealTraceTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var trace: String
    var config: String
    var expectedPolicy: String
    var testDescription: String { "\(trace) \(config)" }
  }

  /// EASY + multifactor on HPC2N (202,871 jobs); the slurm.conf's
  /// conservative + multifactor on the smaller KTH-SP2 (28,489 jobs).
  static let cases = [
    Case(trace: "HPC2N-2002-2.2-cln.swf.gz", config: "configs/policy-easy-multifactor.yaml", expectedPolicy: "easy/multifactor"),
    Case(trace: "KTH-SP2-1996-2.1-cln.swf.gz", config: "configs/slurm-tianhe2.conf", expectedPolicy: "conservative/multifactor"),
  ]

  @Test(
    "real traces under a Slurm configuration replay and validate with zero violations",
    .enabled(if: TestPaths.sharedTracesDirectory != nil, "../shared/traces is absent"),
    arguments: cases)
  func realTrace(_ test: Case) throws {
    let trace = try #require(TestPaths.sharedTrace(test.trace), "\(test.trace) is absent from ../shared/traces")
    let path = TestPaths.repoRoot + "/" + test.config
    let csv = NSTemporaryDirectory() + "hpcsim-priority-\(getpid())-\(test.config.replacingOccurrences(of: "/", with: "_")).csv"
    defer { unlink(csv) }
    var scenario = ReplayScenario(tracePath: trace, jobsOutPath: csv)
    scenario.policyConfig =
      try path.hasSuffix(".conf") ? PolicyConfig.importSlurmConf(path: path) : PolicyConfig.load(policyFile: path)
    let report = try scenario.run()
    #expect(report.policy == test.expectedPolicy)
    #expect(report.counters.jobsStarted == report.counters.jobsSubmitted - report.counters.jobsRejected)

    let (jobs, nodes) = try ScheduleValidator.admittedJobs(
      tracePath: trace, estimate: scenario.estimate, onBadRecord: scenario.onBadRecord
    ) { header in
      let machine = try scenario.resolveMachine(header: header)
      return (machine.nodes, machine.coresPerNode)
    }
    let validation = ScheduleValidator(nodes: nodes).validate(trace: jobs, schedule: try JobsCSVReader.read(path: csv))
    #expect(validation.isValid, "\(validation.renderText(file: csv))")
    #expect(validation.jobsChecked == report.counters.jobsSubmitted)
  }
}
