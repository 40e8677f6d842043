import ArgumentParser
import Scheduling
import SimKernel
import Sweep

/// `hpcsim replay`'s Slurm policy configuration: a YAML policy file or a
/// real `slurm.conf`, either of which chooses the policy and the queue order.
struct PolicyConfigOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A YAML policy file in slurm.conf's key names (SchedulerType, PriorityWeight*, ...); "
        + "it chooses the policy and the queue order.", valueName: "file"))
  var policyFile: String?

  @Option(
    help: ArgumentHelp(
      "Import the scheduling settings of a slurm.conf; settings hpcsim does not model are listed on stderr.",
      valueName: "file"))
  var slurmConf: String?

  @Option(
    name: .customLong("reservation"),
    help: ArgumentHelp(
      "An advance reservation in scontrol form, e.g. 'StartTime=now+2days Duration=4:00:00 Nodes=ALL Flags=MAINT' "
        + "(times in seconds from the trace's start; Nodes=ALL, 0-based indices such as 0-127, or NodeCnt=N); "
        + "repeatable.", valueName: "spec"))
  var reservations: [String] = []

  func validate() throws {
    if policyFile != nil && slurmConf != nil {
      throw ValidationError("--policy-file and --slurm-conf are mutually exclusive: give one configuration")
    }
  }

  /// Loads the configuration, if any, into `scenario`, printing notes on
  /// stderr: the settings not modelled, and how `OverTimeLimit` applies.
  /// `--over-time-limit`, when given (non-zero), wins over the file's `OverTimeLimit`.
  func apply(to scenario: inout ReplayScenario, overTimeLimitMinutes: Int) throws {
    for text in reservations {
      do {
        scenario.reservations.append(try ReservationSettings(scontrol: text))
      } catch {
        throw ValidationError("--reservation '\(text)': \(error.key)=\(error.value): expected \(error.expected)")
      }
    }
    let config: PolicyConfig
    if let policyFile {
      config = try PolicyConfig.load(policyFile: policyFile)
    } else if let slurmConf {
      config = try PolicyConfig.importSlurmConf(path: slurmConf)
    } else {
      return
    }
    let path = config.sourcePath ?? ""
    if !config.ignored.isEmpty {
      printError(
        "note: \(path): not modelled, ignored: " + config.ignored.map(\.description).joined(separator: ", "))
    }
    switch config.overTimeLimit {
    case .minutes(let minutes) where overTimeLimitMinutes == 0:
      scenario.overTimeLimit = .seconds(Int64(minutes) * 60)
      if minutes > 0 && !scenario.killAtWalltime {
        printError("note: \(path): OverTimeLimit=\(minutes) applies only with --kill-at-walltime")
      }
    case .unlimited where scenario.killAtWalltime:
      printError("note: \(path): OverTimeLimit=UNLIMITED: no job is killed at its time limit")
      scenario.killAtWalltime = false
    default:
      break
    }
    scenario.policyConfig = config
  }
}
