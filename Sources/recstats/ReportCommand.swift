// `recstats report`: reads results, runs the statistics, writes the PDF report (and, with
// --figures-dir, each figure and table on its own). Wiring only: the work is in ReportRendering.
import ArgumentParser
import Foundation
import ModelZoo
import RankStats
import ReportRendering
import RunRecords

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the PDF report: summary, Friedman graph, CD diagram, histograms, pair and cost tables.")

    static let defaultInput = "results/runs"

    @Option(help: "Run records (.json), a tidy CSV, or a directory tree of both.")
    var input: String = ReportCommand.defaultInput

    @Option(help: "The PDF to write.")
    var out: String = "reports/report.pdf"

    @Option(help: "The metric the rank tests use (top1, top5, test_loss, or any metric of a tidy CSV).")
    var metric: String = StandardMetric.top1

    @Option(help: "What forms a block: a comma-separated subset of dataset, seed, metric.")
    var blocks: String = "dataset,seed"

    @Option(parsing: .unconditional, help: "Significance level of the tests.")
    var alpha: Double = 0.05

    @Option(name: .customLong("error-bars"), help: "Error bars over seeds: sd, se or ci95.")
    var errorBars: String = "sd"

    @Flag(name: .customLong("lower-is-better"), help: "Treat smaller values of the metric as better (losses, errors).")
    var lowerIsBetter = false

    @Flag(name: .customLong("drop-incomplete"), help: "Drop blocks with a missing (model, block) cell instead of failing; the report lists them.")
    var dropIncomplete = false

    @Option(name: .customLong("figures-dir"), help: "Also write each figure (PDF, SVG, PNG) and table (LaTeX, CSV, Markdown) here.")
    var figuresDir: String?

    func validate() throws {
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must lie strictly between 0 and 1, got \(alpha)") }
        _ = try ReportCommand.parseBlocks(blocks)
        _ = try ReportCommand.parseErrorBar(errorBars)
    }

    static func parseBlocks(_ text: String) throws -> Set<BlockDimension> {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let dims = parts.compactMap(BlockDimension.init(rawValue:))
        guard !parts.isEmpty, dims.count == parts.count else {
            throw ValidationError("--blocks takes a comma-separated subset of dataset, seed, metric; got `\(text)`")
        }
        return Set(dims)
    }

    static func parseErrorBar(_ text: String) throws -> ErrorBar {
        switch text.lowercased() {
        case "sd": return .sd
        case "se": return .se
        case "ci95": return .ci(level: 0.95)
        default: throw ValidationError("--error-bars takes sd, se or ci95; got `\(text)`")
        }
    }

    /// The zoo's counts at the paper's Table 8 setting (m = 1, 100 classes, CIFAR stem), by id and name.
    static func zooCosts() -> [String: ModelCost] {
        guard let rows = try? ModelListing.rows(options: ZooOptions()) else { return [:] }
        var costs: [String: ModelCost] = [:]
        for row in rows {
            let cost = ModelCost(
                parameters: Double(row.parameters), flops: Double(row.table8FLOPs), macsPerImage: Double(row.macsPerImage))
            costs[row.id] = cost
            costs[row.displayName] = cost
        }
        return costs
    }

    func run() throws {
        if input == ReportCommand.defaultInput && !FileManager.default.fileExists(atPath: input) {
            FileHandle.standardError.write(Data((
                "error: \(input): no such directory (the default input, where `recstats run-all` writes its records). "
                    + "HINT: run `recstats run-all` first, or pass --input results/paper for the paper's published numbers\n").utf8))
            throw ExitCode(1)
        }
        var options = ReportOptions(inputDescription: input)
        options.metric = metric
        options.blocks = try ReportCommand.parseBlocks(blocks)
        options.alpha = alpha
        options.errorBar = try ReportCommand.parseErrorBar(errorBars)
        options.lowerIsBetter = lowerIsBetter ? true : nil
        options.dropIncomplete = dropIncomplete
        options.zooCosts = ReportCommand.zooCosts()
        options.zooCostSource = "the model zoo's counts (`recstats models`: width ×1, 100 classes, CIFAR stem; FLOPs = MACs per image × 128 as in Table 8)"
        do {
            try ReportWriter.checkDestinations(out: out, figuresDirectory: figuresDir)
            let results = try ResultsReader.load(path: input, knownModels: Set(ModelID.allCases.map(\.rawValue)))
            // Records of several configurations are refused, not pooled (and not split: `stats --split-configurations` does that).
            try results.requireOneConfiguration()
            if PaperAuditInput.covers(results) { options.audit = AuditCommand.audit(results) }
            let report = try ReportBuilder(options: options, typesetter: Typesetter(metrics: CairoTextMetrics())).build(results)
            try ReportWriter.write(report, to: out, figuresDirectory: figuresDir)
            print("wrote \(out) (\(report.pages.count) pages)"
                + (figuresDir.map { ", \(report.figures.count) figures and \(report.tables.count) tables in \($0)" } ?? ""))
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
