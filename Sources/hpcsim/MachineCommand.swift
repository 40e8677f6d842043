import ArgumentParser
import Platform

struct MachineCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "machine",
    abstract: "Describe machine configs.",
    subcommands: [Show.self])

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a machine's nodes, cores, memory, peak TFLOPS and storage.",
      discussion: "Example: hpcsim machine show configs/tianhe2-lvliang.yaml")

    @Argument(help: "The machine config (YAML).")
    var config: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
      try reportingErrors {
        let machine = try Machine.load(path: config)
        printOut(json ? machine.summaryJSON() : machine.summary())
      }
    }
  }
}
