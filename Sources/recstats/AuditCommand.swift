// `recstats audit`: the paper's claims against its own published numbers (results/paper), one verdict
// per claim with the numbers behind it, as text or Markdown. Wiring only: the checks are in RankStats,
// the exact parameter counts come from ModelZoo, the path counts of Eq. (12) from Formulas.
import ArgumentParser
import Formulas
import Foundation
import ModelZoo
import RankStats
import RunRecords
import TableFormat

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the paper's claims against its published numbers: one verdict per claim, with the evidence.")

    @Option(help: "The paper's tables: a directory holding table1.csv, table2.csv, seeds.csv and table8.csv.")
    var input: String = "results/paper"

    @Option(help: "Output format: text, markdown, csv or latex (csv and latex: the summary table only).")
    var format: String = "text"

    func validate() throws {
        guard TableOutput(rawValue: format.lowercased()) != nil else {
            throw ValidationError("--format takes text, markdown, csv or latex; got `\(format)`")
        }
    }

    /// The audit of `results` with the model zoo's exact counts (width ×1, 100 classes: Table 8's setting).
    static func audit(_ results: ResultSet) -> PaperAudit {
        var input = PaperAuditInput(results: results)
        if let rows = try? ModelListing.rows(options: ZooOptions()) {
            for row in rows {
                input.zooParameters[row.displayName] = row.parameters
                input.zooFLOPs[row.displayName] = Double(row.table8FLOPs)
            }
        }
        input.formulaPaths = paths(.s)
        input.publishedCodePaths = paths(.sPublished)
        return PaperAudit.run(input)
    }

    /// Eq. (12)'s check: paths by length of ∂X_L/∂X_{L−i}, i = 1…6, from the Formulas module's exact expansion.
    static func paths(_ design: NamedDesign) -> PathCounts? {
        guard let analysis = try? FormulaAnalysis(design.formula(), name: design.rawValue, depth: 6) else { return nil }
        return PathCounts(design: design.rawValue, counts: Dictionary(uniqueKeysWithValues: analysis.lags.map { ($0.lag, $0.pathsByLength) }))
    }

    func run() throws {
        let results: ResultSet
        do {
            results = try ResultsReader.load(path: input)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        guard PaperAuditInput.covers(results) else {
            let names = PaperTable.allCases.map(\.fileName).joined(separator: ", ")
            FileHandle.standardError.write(Data(
                "error: \(input): none of the paper's tables (\(names)) is there. HINT: pass --input results/paper\n".utf8))
            throw ExitCode(1)
        }
        print(PaperAuditReport.render(AuditCommand.audit(results), as: TableOutput(rawValue: format.lowercased())!), terminator: "")
    }
}
