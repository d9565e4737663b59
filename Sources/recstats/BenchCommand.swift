// `recstats bench`: speed and memory measurements (release builds). Subcommands only.
import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed and memory (always use a release build).",
        subcommands: [BenchTrainCommand.self])
}
