// `recstats stats [analyze] --input PATH …`: reads results, builds the model × block table, prints the analysis.
import ArgumentParser
import Foundation
import ModelZoo
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

    @Option(parsing: .unconditional, help: "Significance level for Nemenyi and the post-hoc tests, in (0, 1).")
    var alpha: Double = 0.05

    @Option(help: "Compare every model against this one (default: each \"s\" model against its baseline).")
    var control: String?

    @Option(help: "Only these models (comma list, case-insensitive), in this order.")
    var models: String?

    @Option(help: "Only these datasets (comma list).")
    var datasets: String?

    @Option(parsing: .unconditional, help: "Only these seeds (comma list), or `none` for the rows without a seed.")
    var seeds: String?

    @Flag(help: "Drop blocks with a missing (model, block) cell instead of failing.")
    var dropIncomplete = false

    @Flag(help: "Smaller values are better (losses, errors); the default follows the metric's name.")
    var lowerIsBetter = false

    @Flag(help: "Larger values are better, whatever the metric's name.")
    var higherIsBetter = false

    @Option(help: "Output format: text, json, csv, markdown or latex.")
    var format: AnalysisFormat = .text

    @Flag(name: .customLong("split-configurations"), help: "Analyse the records of each training configuration on their own (default: refuse records whose configurations differ in more than model, dataset and seed). JSON output is then an array, one analysis per configuration; not with --format csv.")
    var splitConfigurations = false

    func validate() throws {
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must lie strictly between 0 and 1, got \(alpha)") }
        if lowerIsBetter && higherIsBetter { throw ValidationError("--lower-is-better and --higher-is-better exclude each other") }
        _ = try blockDimensions()
        _ = try seedFilter()
        if splitConfigurations && format == .csv {
            throw ValidationError("--split-configurations with --format csv: one CSV table cannot hold several analyses; use text, markdown, latex or json")
        }
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
            let results = try ResultsReader.load(
                path: input, knownModels: Set(ModelID.allCases.map(\.rawValue)), checkingDuplicates: !splitConfigurations)
            guard splitConfigurations else {
                try results.requireOneConfiguration()
                let analysis = try RankAnalysis.run(results, options: options)
                print(AnalysisReport.render(analysis, format: format), terminator: "")
                return
            }
            let sets = try results.splitByConfiguration()
            let labels = ConfigurationCheck.labels(for: sets)
            let rendered = try sets.map { AnalysisReport.render(try RankAnalysis.run($0, options: options), format: format) }
            if format == .json {
                print("[\n" + rendered.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ",\n") + "\n]")
                return
            }
            for (i, (label, text)) in zip(labels, rendered).enumerated() {
                let title = "Configuration \(i + 1) of \(sets.count): \(label)"
                switch format {
                case .markdown: print("## \(title)\n")
                case .latex: print("% \(title)")
                default: print("== \(title) ==\n")
                }
                print(text)
            }
        } catch let error as RecordsError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        } catch let error as StatsError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
