import ArgumentParser
import Scheduling
import Workload

extension EstimateSource: ExpressibleByArgument {}
extension BadRecordPolicy: ExpressibleByArgument {}

/// How the trace is read.
struct TraceOptions: ParsableArguments {
  @Option(
    name: .customLong("estimate"),
    help: "Run-time estimate for planning: 'requested' (field 9, or the run time when missing or shorter), 'runtime' (exact), or 'predicted' (EASY++: mean of the user's last two completed jobs, capped by the request, extended when too short).")
  var estimate: EstimateSource = .requested

  @Option(help: "Malformed trace lines: 'fail' stops with file:line:field, 'skip' counts and skips them.")
  var onBadRecord: BadRecordPolicy = .fail
}

/// Which machine the trace is replayed on.
struct MachineOptions: ParsableArguments {
  @Option(help: "Machine config (YAML), e.g. configs/tianhe2-lvliang.yaml. Default: the trace's own machine.")
  var machine: String?

  @Option(help: "Processors of the trace's own machine (overrides the header's MaxProcs).")
  var procs: Int?

  @Option(help: "Trace processors per node (default: 1 on the trace's machine, the node type's Slurm CPUs on a config machine).")
  var coresPerNode: Int?

  @Option(
    help: ArgumentHelp(
      "Per-job requests no SWF field carries (CSV job_id,accelerators_per_node; docs/formats/job-requests.md): "
        + "such jobs run only on node types with that many accelerators per node.", valueName: "file"))
  var jobRequests: String?

  func validate() throws {
    if let procs, procs <= 0 { throw ValidationError("--procs must be a positive integer, got \(procs)") }
    if let coresPerNode, coresPerNode <= 0 {
      throw ValidationError("--cores-per-node must be a positive integer, got \(coresPerNode)")
    }
    if machine != nil && procs != nil {
      throw ValidationError("--procs applies to the trace's own machine; do not combine it with --machine")
    }
  }
}

extension PolicyKind: ExpressibleByArgument {}
