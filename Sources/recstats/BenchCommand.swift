// `recstats bench …`: speed and memory measurements, always on release builds. One subcommand per measurement.
import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed and memory (run on a release build).",
        subcommands: [
            BenchTrainCommand.self,
            BenchReportCommand.self,
            BenchDataCommand.self,
        ]
    )
}
