// `recstats stats q-table`: Nemenyi's q_α for k = 2…max-k from the studentized range (infinite df).
import ArgumentParser
import Foundation
import RankStats

struct StatsQTableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "q-table",
        abstract: "Print Nemenyi's critical values q_α = q_{α,k,∞}/√2 for k = 2 … max-k.")

    @Option(help: "Significance level, in (0, 1).")
    var alpha: Double = 0.05

    @Option(help: "The largest number of models k (at least 2).")
    var maxK: Int = 30

    @Option(help: "Output format: text, json, csv, markdown or latex.")
    var format: AnalysisFormat = .text

    func validate() throws {
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must lie strictly between 0 and 1, got \(alpha)") }
        guard (2...1000).contains(maxK) else { throw ValidationError("--max-k must lie in 2…1000, got \(maxK)") }
    }

    func run() throws {
        do {
            let rows = try AnalysisReport.qTable(alpha: alpha, maxK: maxK)
            print(AnalysisReport.renderQTable(rows, alpha: alpha, format: format), terminator: "")
        } catch let error as StatsError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
