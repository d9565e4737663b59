// `recstats stats`: the Demšar (2006) analysis (default subcommand) and the Nemenyi q table.
import ArgumentParser
import RankStats

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Rank models across blocks: Friedman, Iman–Davenport, Nemenyi, post-hoc and paired tests.",
        subcommands: [StatsAnalyzeCommand.self, StatsQTableCommand.self],
        defaultSubcommand: StatsAnalyzeCommand.self)
}

extension AnalysisFormat: ExpressibleByArgument {}
