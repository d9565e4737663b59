// `recstats formula analyze NAME-OR-FORMULA`: ∂X_L/∂X_{L−i} for i = 1 … depth, exact, with path counts by length.
import ArgumentParser
import Foundation
import Formulas
import ReportRendering
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

    @Option(help: "Also draw the paths of ∂X_L/∂X_{L−i} at --figure-lag and their counts by length: a .pdf, .svg or .png file.")
    var figure: String?

    @Option(help: "The lag i the figure draws (default: the depth, at most 4).")
    var figureLag: Int?

    @Flag(help: "Also derive the first-order form with initial values brought in (the paper's Eq. 21) and its paths.")
    var initialValues = false

    func validate() throws {
        guard (1...FormulaAnalysis.maxDepth).contains(depth) else {
            throw ValidationError("--depth must lie in 1 … \(FormulaAnalysis.maxDepth), got \(depth)")
        }
        guard (1...30).contains(maxLag) else { throw ValidationError("--max-lag must lie in 1 … 30, got \(maxLag)") }
        if let lag = figureLag, !(1...depth).contains(lag) { throw ValidationError("--figure-lag must lie in 1 … --depth (\(depth)), got \(lag)") }
        if let figure {
            guard FigureFile.kind(of: figure) != nil else {
                throw ValidationError("--figure \(figure): the file name must end in .pdf, .svg or .png")
            }
            do { try FigureFile.checkDestination(figure) } catch { throw ValidationError("--figure \(error)") }
        }
    }

    func run() throws {
        let output: String
        do {
            let (name, formula) = try BlockFormula.resolve(design, maxLag: maxLag)
            let analysis = try FormulaAnalysis(formula, name: name, depth: depth)
            let recursion = try LinearRecursion(formula)
            let initial = initialValues ? try InitialValueSummary(formula, depth: depth) : nil
            output = try FormulaTables.analysis(analysis, recursion: recursion, initial: initial, format: format)
            if let figure {
                let drawing = FormulaFigures.paths(analysis, lag: figureLag ?? min(depth, 4), typesetter: Typesetter(metrics: CairoTextMetrics()))
                do {
                    try FigureFile.write(drawing, to: figure, title: "recstats formula analyze \(design)")
                } catch {
                    FileHandle.standardError.write(Data("error: --figure \(figure): \(error)\n".utf8))
                    throw ExitCode(1)
                }
            }
        } catch let error as FormulaError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.validationFailure
        }
        print(output, terminator: "")
    }
}
