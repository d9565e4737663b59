// `recstats formula list`: the named designs with their formulas and sources.
import ArgumentParser
import Foundation
import Formulas
import TableFormat

struct FormulaListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the named designs (plain, resnet, s, s-published, a4-1, a4-2, heavy-ball, nesterov) with their formulas.")

    @Option(help: "Output format: text, json, markdown or latex.")
    var format: FormulaFormat = .text

    func run() throws {
        switch format {
        case .json:
            print(try FormulaTables.json(NamedDesign.allCases.map(FormulaTables.ListedDesign.init)))
        case .text, .markdown, .latex:
            print(TableWriter.render(FormulaTables.designList(), as: FormulaTables.tableOutput(format)), terminator: "")
        }
    }
}
