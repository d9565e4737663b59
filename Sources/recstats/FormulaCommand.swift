// `recstats formula`: designs written as recursion formulas (the paper's §3–§5): list the named ones,
// analyse any one exactly (propagation paths per lag).
import ArgumentParser
import Formulas

struct FormulaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formula",
        abstract: "Write a block's recursion formula; see its propagation paths (∂X_L/∂X_{L−i}, exact).",
        subcommands: [FormulaListCommand.self, FormulaAnalyzeCommand.self])
}

/// Output formats of the formula commands.
enum FormulaFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, markdown, latex
}
