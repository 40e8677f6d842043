import ArgumentParser
import Reporting

@main
struct HPCSim: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hpcsim",
    abstract: "A batch HPC job-scheduler simulator: replays SWF job traces under queue policies.",
    discussion: """
      Examples:
        hpcsim generate --model lublin --nodes 1131 --days 30 --seed 1 -o month.swf
        hpcsim replay month.swf --machine configs/tianhe2-lvliang.yaml --policy easy
        hpcsim replay ../shared/traces/HPC2N-2002-2.2-cln.swf.gz --policy fcfs --jobs-out jobs.csv
        hpcsim validate --trace ../shared/traces/HPC2N-2002-2.2-cln.swf.gz --jobs jobs.csv --policy fcfs
        hpcsim inspect ../shared/traces/CTC-SP2-1996-3.1-cln.swf.gz
        hpcsim explain ../shared/traces/HPC2N-2002-2.2-cln.swf.gz --job 1234 --policy easy
        hpcsim machine show configs/tianhe2-lvliang.yaml
      """,
    version: hpcsimVersion,
    subcommands: [
      ReplayCommand.self, GenerateCommand.self, InspectCommand.self, ValidateCommand.self,
      MachineCommand.self, MPISelfTestCommand.self, SweepCommand.self, MergeCommand.self, TuneCommand.self,
      CompareCommand.self, ExplainCommand.self,
    ])
}
