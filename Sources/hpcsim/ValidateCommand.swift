import ArgumentParser
import Platform
import Reporting
import Scheduling
import Sweep
import Workload

/// `hpcsim validate`: checks a schedule written by `replay --jobs-out`
/// against its trace, without the simulator's own bookkeeping.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a schedule (jobs.csv from replay --jobs-out) against its trace.",
    discussion: """
      Independent of the simulator: it reads the trace's admitted jobs (with the
      same --estimate, --on-bad-record, machine and walltime options as the replay) and the
      CSV, and checks that every job appears exactly once (jobs larger than the
      machine as rejected), submit and run times match the trace exactly,
      derived columns agree, allocations have the job's node count on existing
      nodes, capacity is never exceeded and no node is held by two jobs at once
      (at equal times, ends before starts). With --policy fcfs it also checks
      that no job starts before one submitted ahead of it. With --estimate
      predicted, requested_time must be the prediction recomputed from the
      schedule's own completions; guarantees about reservations, which
      predictions void, are listed as not checked.

      Exit status: 0 when valid, 1 on violations (up to 20 are printed) or
      unreadable input.

      Examples:
        hpcsim replay ../shared/traces/SDSC-SP2-1998-4.2-cln.swf.gz --policy fcfs --jobs-out jobs.csv
        hpcsim validate --trace ../shared/traces/SDSC-SP2-1998-4.2-cln.swf.gz --jobs jobs.csv --policy fcfs
      """)

  @Option(help: "The trace the schedule replays: an SWF file, plain or gzip-compressed.")
  var trace: String

  @Option(help: "The schedule: a jobs.csv written by 'hpcsim replay --jobs-out'.")
  var jobs: String

  @Option(help: "The policy that produced it, for its extra guarantees: \(PolicyKind.allCases.map(\.rawValue).joined(separator: ", ")).")
  var policy: PolicyKind = .easy

  @OptionGroup var traceOptions: TraceOptions
  @OptionGroup var machineOptions: MachineOptions
  @OptionGroup var policyConfigOptions: PolicyConfigOptions

  @Flag(help: "The replay killed jobs at their requested time (as 'replay --kill-at-walltime').")
  var killAtWalltime = false

  @Option(help: "Minutes a job may run past its requested time before the kill (as 'replay --over-time-limit').")
  var overTimeLimit: Int = 0

  @Flag(help: "Print the result as JSON instead of text.")
  var json = false

  @Option(help: "Violations to print in text mode.")
  var maxViolations = 20

  func validate() throws {
    if maxViolations < 0 { throw ValidationError("--max-violations must not be negative, got \(maxViolations)") }
    if overTimeLimit < 0 { throw ValidationError("--over-time-limit must be >= 0 minutes, got \(overTimeLimit)") }
    if overTimeLimit > 0 && !killAtWalltime {
      throw ValidationError("--over-time-limit applies only with --kill-at-walltime")
    }
  }

  func run() throws {
    let report = try reportingErrors {
      var scenario = ReplayScenario(
        tracePath: trace, machinePath: machineOptions.machine, processors: machineOptions.procs,
        coresPerNode: machineOptions.coresPerNode, policy: policy, estimate: traceOptions.estimate,
        onBadRecord: traceOptions.onBadRecord)
      scenario.killAtWalltime = killAtWalltime
      try policyConfigOptions.apply(to: &scenario, overTimeLimitMinutes: overTimeLimit)
      var resolved: ResolvedMachine?
      let (admitted, nodes) = try ScheduleValidator.admittedJobs(
        tracePath: trace, estimate: traceOptions.estimate, onBadRecord: traceOptions.onBadRecord,
        killAtWalltime: killAtWalltime,
        nodeMemoryKB: try machineOptions.machine.map { try Machine.load(path: $0).defaultNodeMemoryKB } ?? 0
      ) { header in
        let machine = try scenario.resolveMachine(header: header)
        resolved = machine
        return (machine.nodes, machine.coresPerNode)
      }
      let rows = try JobsCSVReader.read(path: jobs)
      let (traceJobs, rejected, limits) = try scenario.constraintValidation(jobs: admitted, rows: rows, machine: resolved!)
      // Around reservations only their own guarantee and FCFS's order hold
      // as checked (EASY's and conservative's promises move with windows).
      let calendar = try scenario.reservationCalendar(for: resolved!, constraints: nil)
      let policyGuarantees = calendar.isEmpty || policy == .fcfs ? policy.scheduleGuarantees : []
      let reservationGuarantees: [any ScheduleGuarantee] =
        calendar.isEmpty ? [] : [ReservationGuarantee(calendar: calendar)]
      var validator = ScheduleValidator(
        nodes: nodes, guarantees: (limits.isEmpty ? policyGuarantees : []) + limits + reservationGuarantees,
        walltimeKill: killAtWalltime ? .seconds(Int64(overTimeLimit) * 60) : nil,
        violationLimit: max(maxViolations, 100))
      validator.rejectedByConfiguration = rejected
      validator.estimatesArePredicted = traceOptions.estimate == .predicted
      return validator.validate(trace: traceJobs, schedule: rows)
    }
    printOut(
      json
        ? report.jsonValue(file: jobs).rendered() + "\n" : report.renderText(file: jobs, maxLines: maxViolations))
    if !report.isValid { throw ExitCode.failure }
  }
}
