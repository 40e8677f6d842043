import ArgumentParser

// Placeholder until the validator lands (helper "validator" owns this file).
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check a schedule (jobs.csv) against its trace.")
}
