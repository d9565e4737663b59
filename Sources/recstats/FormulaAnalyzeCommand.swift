// `recstats formula analyze NAME-OR-FORMULA`: ∂X_L/∂X_{L−i} for i = 1 … depth, exact, with path counts by length.
import ArgumentParser
import Foundation
import Formulas
import TableFormat

struct FormulaAnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Expand ∂X_L/∂X_{L−i} exactly (activations dropped, W's linear) and count the paths of each length.",
        discussion: """
            The design is a name from `recstats formula list` or a formula, e.g. 'X[i] = W[i] X[i-1] + X[i-2]'.
            Statements are separated by ';' or new lines; the last defines X[i]. See the README's
            "Designing by recursion formulas".
            """)

    @Argument(help: "A named design (resnet, s, s-published, …) or a formula in quotes.")
    var design: String

    @Option(help: "The largest lag i of ∂X_L/∂X_{L−i} (1 … 30).")
    var depth: Int = 4

    @Option(help: "The furthest back a formula may reach, X[i-k] with k ≤ max-lag (1 … 30).")
    var maxLag: Int = 8

    @Option(help: "Output format: text, json, markdown or latex.")
    var format: FormulaFormat = .text

    @Flag(help: "Also derive the first-order form with initial values brought in (the paper's Eq. 21) and its paths.")
    var initialValues = false

    func validate() throws {
        guard (1...FormulaAnalysis.maxDepth).contains(depth) else {
            throw ValidationError("--depth must lie in 1 … \(FormulaAnalysis.maxDepth), got \(depth)")
        }
        guard (1...30).contains(maxLag) else { throw ValidationError("--max-lag must lie in 1 … 30, got \(maxLag)") }
    }

    func run() throws {
        let output: String
        do {
            let (name, formula) = try BlockFormula.resolve(design, maxLag: maxLag)
            let analysis = try FormulaAnalysis(formula, name: name, depth: depth)
            let recursion = try LinearRecursion(formula)
            let initial = initialValues ? try InitialValueSummary(formula, depth: depth) : nil
            output = try FormulaTables.analysis(analysis, recursion: recursion, initial: initial, format: format)
        } catch let error as FormulaError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.validationFailure
        }
        print(output, terminator: "")
    }
}
