// `recstats stats [analyze] --input PATH …`: reads results, builds the model × block table, prints the analysis.
import ArgumentParser
import Foundation
import RankStats
import RunRecords

struct StatsAnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse results (run records or tidy CSV): ranks, Friedman, Iman–Davenport, Nemenyi, pairs.")

    @Option(help: "A run record (.json), a tidy CSV (model,dataset,seed,metric,value) or a directory of them.")
    var input: String

    @Option(help: "The metric to rank (top1, top5, test_loss or any CSV metric).")
    var metric: String = StandardMetric.top1

    @Option(help: "Several metrics, comma-separated (needs `metric` in --blocks); overrides --metric.")
    var metrics: String?

    @Option(help: "What a block is: a comma list of dataset, seed, metric. Without seed, seeds are averaged first.")
    var blocks: String = "dataset,seed"

    @Option(help: "Significance level for Nemenyi and the post-hoc tests, in (0, 1).")
    var alpha: Double = 0.05

    @Option(help: "Compare every model against this one (default: each \"s\" model against its baseline).")
    var control: String?

    @Option(help: "Only these models (comma list, case-insensitive), in this order.")
    var models: String?

    @Option(help: "Only these datasets (comma list).")
    var datasets: String?

    @Option(help: "Only these seeds (comma list), or `none` for the rows without a seed.")
    var seeds: String?

    @Flag(help: "Drop blocks with a missing (model, block) cell instead of failing.")
    var dropIncomplete = false

    @Flag(help: "Smaller values are better (losses, errors); the default follows the metric's name.")
    var lowerIsBetter = false

    @Flag(help: "Larger values are better, whatever the metric's name.")
    var higherIsBetter = false

    @Option(help: "Output format: text, json, csv, markdown or latex.")
    var format: AnalysisFormat = .text

    func validate() throws {
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must lie strictly between 0 and 1, got \(alpha)") }
        if lowerIsBetter && higherIsBetter { throw ValidationError("--lower-is-better and --higher-is-better exclude each other") }
        _ = try blockDimensions()
        _ = try seedFilter()
    }

    func blockDimensions() throws -> Set<BlockDimension> {
        var result = Set<BlockDimension>()
        for name in list(blocks) {
            guard let dimension = BlockDimension(rawValue: name.lowercased()) else {
                throw ValidationError("--blocks: unknown dimension `\(name)`; use a comma list of dataset, seed, metric")
            }
            result.insert(dimension)
        }
        guard !result.isEmpty else { throw ValidationError("--blocks is empty; use e.g. --blocks dataset,seed") }
        return result
    }

    func seedFilter() throws -> SeedFilter? {
        guard let seeds else { return nil }
        if seeds.lowercased() == "none" { return .seedless }
        let parts = list(seeds)
        let values = parts.compactMap { Int($0) }
        guard values.count == parts.count, !values.isEmpty else {
            throw ValidationError("--seeds: expected a comma list of whole numbers or `none`, got `\(seeds)`")
        }
        return .seeds(values)
    }

    func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let options = AnalysisOptions(
            table: BlockTableOptions(
                metrics: metrics.map(list) ?? [metric],
                lowerIsBetter: lowerIsBetter ? true : (higherIsBetter ? false : nil),
                blocks: try blockDimensions(), models: models.map(list), datasets: datasets.map(list),
                seeds: try seedFilter(), dropIncomplete: dropIncomplete),
            alpha: alpha, control: control)
        do {
            let results = try ResultsReader.load(path: input)
            let analysis = try RankAnalysis.run(results, options: options)
            print(AnalysisReport.render(analysis, format: format), terminator: "")
        } catch let error as RecordsError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        } catch let error as StatsError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
