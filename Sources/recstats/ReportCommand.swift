// `recstats report`: reads results, runs the statistics, writes the PDF report (and, with
// --figures-dir, each figure and table on its own). Wiring only: the work is in ReportRendering.
import ArgumentParser
import Formulas
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

    @Flag(name: .customLong("split-configurations"), help: "Write one report per training configuration of the records (OUT and --figures-dir get -1, -2, … before the extension); default: refuse records whose configurations differ in more than model, dataset and seed.")
    var splitConfigurations = false

    @Option(help: "Add designs to the \"Designs\" section (it always shows the designs the records were trained with): a comma-separated list of named designs or formulas (`recstats formula list`), e.g. resnet,s,s-published.")
    var designs: String?

    /// The designs of --designs (named designs or formulas written out, which are called "formula N" by
    /// their place in the list), each analysed once here so a formula the report cannot expand is a usage error.
    static func parseDesigns(_ text: String) throws -> [ReportDesign] {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !items.isEmpty, !items.contains(where: \.isEmpty) else {
            throw ValidationError("--designs takes a comma-separated list of designs; got `\(text)`")
        }
        return try items.enumerated().map { i, item in
            do {
                let (name, formula) = try BlockFormula.resolve(item)
                _ = try FormulaAnalysis(formula, name: name, depth: ReportOptions(inputDescription: "").designDepth)
                return ReportDesign(name: name ?? "formula \(i + 1)", formula: formula)
            } catch let error as FormulaError {
                throw ValidationError("--designs `\(item)`: \(error.description)")
            }
        }
    }

    func validate() throws {
        if let designs { _ = try ReportCommand.parseDesigns(designs) }
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

    /// `reports/report.pdf` → `reports/report-2.pdf`; `figures` → `figures-2`.
    static func numbered(_ path: String, _ n: Int) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        guard !ext.isEmpty else { return path + "-\(n)" }
        return String(path.dropLast(ext.count + 1)) + "-\(n)." + ext
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
        options.designs = try designs.map(ReportCommand.parseDesigns) ?? []
        options.zooCosts = ReportCommand.zooCosts()
        options.zooCostSource = "the model zoo's counts (`recstats models`: width ×1, 100 classes, CIFAR stem; FLOPs = MACs per image × 128 as in Table 8)"
        do {
            try ReportWriter.checkDestinations(out: out, figuresDirectory: figuresDir)
            let results = try ResultsReader.load(
                path: input, knownModels: Set(ModelID.allCases.map(\.rawValue)), checkingDuplicates: !splitConfigurations)
            // Records of several configurations are refused, never pooled; with the flag, one report each.
            let sets: [ResultSet]
            if splitConfigurations {
                sets = try results.splitByConfiguration()
            } else {
                try results.requireOneConfiguration()
                sets = [results]
            }
            let labels = ConfigurationCheck.labels(for: sets)
            var reports: [(report: Report, out: String, figures: String?)] = []
            for (i, set) in sets.enumerated() {
                var setOptions = options
                if PaperAuditInput.covers(set) { setOptions.audit = AuditCommand.audit(set) }
                // The designs the records were trained with join those of --designs (each name once).
                let named = Set(options.designs.map(\.name))
                setOptions.designs += try ReportDesign.trained(set.records, sources: set.recordSources).filter { !named.contains($0.name) }
                let report = try ReportBuilder(options: setOptions, typesetter: Typesetter(metrics: CairoTextMetrics())).build(set)
                let numbered = sets.count > 1 ? { (path: String) in ReportCommand.numbered(path, i + 1) } : { $0 }
                reports.append((report, numbered(out), figuresDir.map(numbered)))
            }
            // Written only once every report is built, so a failure leaves none half-made.
            for entry in reports { try ReportWriter.checkDestinations(out: entry.out, figuresDirectory: entry.figures) }
            for (i, entry) in reports.enumerated() {
                try ReportWriter.write(entry.report, to: entry.out, figuresDirectory: entry.figures)
                print("wrote \(entry.out) (\(entry.report.pages.count) pages)"
                    + (entry.figures.map { ", \(entry.report.figures.count) figures and \(entry.report.tables.count) tables in \($0)" } ?? "")
                    + (reports.count > 1 ? ": configuration \(i + 1) of \(reports.count), \(labels[i])" : ""))
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
