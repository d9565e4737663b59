// The `recstats` command: subcommands only, one file each; no logic beyond wiring.
import ArgumentParser

@main
struct RecstatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recstats",
        abstract: "Train model pairs over seeds, test their differences (Demšar 2006), write the paper's figures as PDF.",
        version: RecstatsVersion.string,
        subcommands: [
            ModelsCommand.self,
            RunCommand.self,
            RunAllCommand.self,
            DataCommand.self,
            StatsCommand.self,
            ReportCommand.self,
            AuditCommand.self,
            BenchCommand.self,
            FormulaCommand.self,
            EvaluateCommand.self,
        ]
    )
}
