// `recstats bench`: speed and memory measurements (release builds only).
import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure speed (always in release builds).",
        subcommands: [BenchDataCommand.self]
    )
}
