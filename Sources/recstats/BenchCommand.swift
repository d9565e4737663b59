// `recstats bench …`: speed measurements, always on release builds. One subcommand per measurement.
import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed (run on a release build).",
        subcommands: [
            BenchReportCommand.self,
        ]
    )
}
