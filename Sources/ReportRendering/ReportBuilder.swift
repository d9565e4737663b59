// Assembles the report from a result set: runs the RankStats analysis of each study, turns its results
// into chart and table values, flows them onto pages behind a cover. Nothing here computes a statistic:
// ranks, CD, groups, p-values and error bars all come from RankStats.
import Formulas
import Foundation
import TableFormat
import RankStats
import RunRecords

/// A model's computational cost as plain values (from a table, from records, or from the model zoo).
public struct ModelCost: Sendable, Equatable {
    public var parameters: Double?
    /// FLOPs as the paper's Table 8 counts them.
    public var flops: Double?
    public var macsPerImage: Double?

    public init(parameters: Double? = nil, flops: Double? = nil, macsPerImage: Double? = nil) {
        self.parameters = parameters
        self.flops = flops
        self.macsPerImage = macsPerImage
    }
}

public struct ReportOptions: Sendable {
    /// The input as the user named it (for the cover and the records study).
    public var inputDescription: String
    public var metric: String = StandardMetric.top1
    public var blocks: Set<BlockDimension> = [.dataset, .seed]
    public var alpha: Double = 0.05
    public var errorBar: ErrorBar = .sd
    public var lowerIsBetter: Bool?
    /// Drop blocks with a missing (model, block) cell (a diverged run, say) instead of failing.
    public var dropIncomplete = false
    public var date = Date()
    /// The model zoo's counts by model id, used where the input carries no cost data.
    public var zooCosts: [String: ModelCost] = [:]
    /// Where `zooCosts` come from, said under the cost table.
    public var zooCostSource: String?
    /// The paper's claims checked against its numbers: drawn on the page after the cover, evidence at the end.
    public var audit: PaperAudit?
    /// Recursion-formula designs to compare on a "Designs" page (`report --designs`, and later the designs
    /// the records were trained with); empty: no page. The builder analyses each to lag `designDepth`.
    public var designs: [ReportDesign] = []
    public var designDepth = 4
    public var theme = Theme.standard

    public init(inputDescription: String) { self.inputDescription = inputDescription }
}

/// A recursion-formula design as the report receives it: the name a record or the command line gives it and
/// its parsed formula (the Formulas module analyses it; the report only draws the result).
public struct ReportDesign: Sendable, Equatable {
    public var name: String
    public var formula: BlockFormula

    public init(name: String, formula: BlockFormula) {
        self.name = name
        self.formula = formula
    }
}

extension ReportDesign {
    /// Every design the records were trained with, one per name (two formulas under one name are refused,
    /// as ResultsReader refuses them): the built-ins in `recstats formula list` order, then the user's by name.
    public static func trained(_ records: [RunRecord], sources: [String]) throws -> [ReportDesign] {
        let seen = try ResultsReader.checkDesigns(records, sources: sources)
        func key(_ name: String) -> (Int, String) { (NamedDesign.allCases.firstIndex { $0.rawValue == name } ?? NamedDesign.allCases.count, name) }
        return try seen.keys.sorted { key($0) < key($1) }.map { name in
            let (text, source) = seen[name]!
            do {
                return ReportDesign(name: name, formula: try BlockFormula.parse(text))
            } catch let error as FormulaError {
                throw ReportError.design(name: name, reason: "\(source): its formula `\(text)` does not parse: \(error.description)")
            }
        }
    }
}

/// A figure or table on its own, for `--figures-dir`.
public struct NamedFigure: Sendable {
    public var slug: String
    public var title: String
    public var drawing: Drawing
}

public struct Report: Sendable {
    public var title: String
    public var pages: [Drawing]
    public var figures: [NamedFigure]
    public var tables: [TableSpec]
    /// Section titles with their 1-based page numbers, as the cover lists them.
    public var contents: [(title: String, page: Int)]
}

public struct ReportBuilder {
    public var options: ReportOptions
    public var typesetter: Typesetter
    var theme: Theme { options.theme }

    public init(options: ReportOptions, typesetter: Typesetter) {
        self.options = options
        self.typesetter = typesetter
    }

    /// Builds the report. Throws the statistics' own error when no study can be analysed.
    public func build(_ results: ResultSet) throws -> Report {
        var (studies, costObservations) = Study.split(results, inputDescription: options.inputDescription)
        if studies.isEmpty {
            throw ReportError.nothingToReport(
                input: options.inputDescription,
                reason: "it holds only cost data (\(Study.costMetrics.sorted().joined(separator: ", "))), no accuracies. "
                    + "HINT: point --input at run records or a tidy CSV of results")
        }
        for i in studies.indices {
            do {
                studies[i].analysis = try analyse(studies[i])
            } catch {
                studies[i].failure = error
            }
        }
        if !studies.contains(where: { $0.analysis != nil }), let first = studies.first?.failure { throw first }

        let names = DisplayNames(records: results.records)
        var composer = PageComposer(typesetter: typesetter, theme: theme)
        var figures: [NamedFigure] = []
        var tables: [TableSpec] = []

        for study in studies {
            let content = StudyContent(study: study, options: options, names: names, records: results.records)
            composer.section("\(study.title): results")
            composer.paragraph(content.description, size: theme.bodySize)
            let summary = try content.summaryTable()
            tables.append(summary)
            placeTable(summary, in: &composer)
            if let failure = study.failure {
                composer.heading("Rank analysis not possible", size: theme.headingSize - 1, keepWith: 30)
                composer.paragraph("The statistics refused this study: \(errorMessage(failure))", color: theme.significant)
                continue
            }
            guard let analysis = study.analysis else { continue }
            composer.section("\(study.title): Friedman and Nemenyi tests")
            composer.paragraph(content.friedmanParagraph(analysis))
            let rankSummary = content.rankSummary(analysis)
            let friedman = FriedmanGraph(summary: rankSummary, width: theme.contentWidth, theme: theme).drawing(typesetter)
            composer.heading("Friedman graph (as the paper's Figure 4)", size: theme.headingSize - 1, keepWith: friedman.height)
            composer.place(friedman)
            figures.append(NamedFigure(slug: "\(study.slug)-friedman-graph", title: "\(study.title): Friedman graph", drawing: friedman))
            let cd = CDDiagram(summary: rankSummary, width: theme.contentWidth, theme: theme).drawing(typesetter)
            composer.heading("Critical-difference diagram (Demšar 2006)", size: theme.headingSize - 1, keepWith: cd.height)
            composer.place(cd)
            figures.append(NamedFigure(slug: "\(study.slug)-cd-diagram", title: "\(study.title): critical-difference diagram", drawing: cd))
            if let pairs = content.pairTable(analysis) {
                tables.append(pairs)
                placeTable(pairs, in: &composer)
            }
            let charts = try content.barCharts()
            if !charts.isEmpty {
                composer.section("\(study.title): histograms with error bars")
                for (dataset, data) in charts {
                    let chart = BarChart(data: data, width: theme.contentWidth, height: 330, theme: theme).drawing(typesetter)
                    composer.place(chart, spacing: 18)
                    figures.append(NamedFigure(slug: "\(study.slug)-histogram-\(slugify(dataset))", title: data.title, drawing: chart))
                }
            }
            let curves = content.curvePanels()
            if !curves.isEmpty {
                composer.section("\(study.title): training curves")
                composer.paragraph(
                    "Mean over seeds per epoch; the band spans ±1 sd over seeds (RankStats error bars). "
                        + "Baselines solid dark, “s” models dashed light.", size: theme.noteSize, color: theme.muted)
                let panelWidth = (theme.contentWidth - 14) / 2
                for row in curves {
                    let drawings = row.panels.map { CurvePanel(data: $0, width: panelWidth, height: 165, theme: theme).drawing(typesetter) }
                    composer.placeRow(drawings, gap: 14)
                    for (panel, drawing) in zip(row.panels, drawings) {
                        figures.append(NamedFigure(slug: "\(study.slug)-curves-\(slugify(row.key))-\(slugify(panel.yLabel))", title: panel.title, drawing: drawing))
                    }
                }
            }
        }

        if !options.designs.isEmpty {
            let analyses = try options.designs.map { design in
                do {
                    return try FormulaAnalysis(design.formula, name: design.name, depth: options.designDepth)
                } catch let error as FormulaError {
                    throw ReportError.design(name: design.name, reason: error.description)
                }
            }
            placeDesigns(analyses, studies: studies, in: &composer, figures: &figures, tables: &tables)
        }

        let costs = CostTable(studies: studies, costObservations: costObservations, records: results.records, options: options, names: names)
        if let table = costs.table() {
            composer.section("Computational cost (as the paper's Table 8)")
            tables.append(table)
            placeTable(table, in: &composer)
        }
        let unfinished = results.unfinishedRuns
        if !unfinished.isEmpty {
            composer.section("Runs that did not complete")
            composer.paragraph(
                "\(unfinished.count) run(s) diverged or failed. They are not part of any statistic above; "
                    + "a missing (model, block) cell they leave is reported by the statistics.")
            let table = TableSpec(
                title: "Diverged and failed runs", slug: "unfinished-runs",
                columns: ["Model", "Dataset", "Seed", "Status", "Detail", "File"],
                alignments: [.left, .left, .right, .left, .left, .left],
                rows: unfinished.map { run in
                    let r = run.record
                    let detail = r.status == .diverged
                        ? "loss not finite in epoch \(r.divergedAtEpoch.map(String.init) ?? "?")"
                        : (r.failureReason ?? "no reason recorded")
                    return [TableCell(names[r.model]), TableCell(r.dataset), TableCell(String(r.seed)), TableCell(r.status.rawValue),
                            TableCell(detail), TableCell(URL(fileURLWithPath: run.source).lastPathComponent)]
                })
            tables.append(table)
            placeTable(table, in: &composer)
        }

        let evidencePages = options.audit.map { placeAuditEvidence($0, in: &composer) }
        tables += options.audit.map { [PaperAuditReport.summaryTable($0)] + $0.findings.flatMap(\.evidence) } ?? []
        let body = composer.finish()
        let auditPages = options.audit.map { AuditPage.layout($0, bodyPages: evidencePages ?? [], typesetter: typesetter, theme: theme) } ?? []
        let contents = (auditPages.isEmpty ? [] : [(PaperAudit.title, 2)])
            + composer.sections.map { ($0.title, $0.pageIndex + 2 + auditPages.count) }
        let cover = CoverPage(
            options: options, results: results, studies: studies, names: names, contents: contents,
            totalPages: body.count + 1 + auditPages.count, typesetter: typesetter).drawing()
        // Running header of a page: the last section begun on or before it.
        let headers = body.indices.map { p in composer.sections.last { $0.pageIndex <= p }?.title ?? "" }
        let pages = PageComposer.stamp(
            [cover] + auditPages + body, headers: [""] + auditPages.map { _ in PaperAudit.title } + headers,
            typesetter: typesetter, theme: theme)
        return Report(title: "recstats report: \(options.inputDescription)", pages: pages, figures: figures, tables: tables, contents: contents)
    }

    func analyse(_ study: Study) throws -> RankAnalysis {
        let table = BlockTableOptions(
            metrics: [options.metric], lowerIsBetter: options.lowerIsBetter, blocks: options.blocks, models: study.models,
            dropIncomplete: options.dropIncomplete)
        return try RankAnalysis.run(study.results, options: AnalysisOptions(table: table, alpha: options.alpha))
    }

    /// The "Designs" section: path counts by length of every design (table and chart), then each design's
    /// paths at lag 3 (the paper's Figure 2). All numbers are the Formulas module's exact expansion.
    func placeDesigns(
        _ designs: [FormulaAnalysis], studies: [Study], in composer: inout PageComposer, figures: inout [NamedFigure], tables: inout [TableSpec]
    ) {
        composer.section("Designs: propagation paths of the recursion formulas")
        composer.paragraph(
            "Each design's block recursion, activations dropped and each residual branch W read as a linear operator, "
                + "expanded exactly: ∂X_L/∂X_{L−i} is a sum of paths (Eq. 11: addition is parallel, multiplication series); "
                + "a path's length is the number of W blocks it passes through. "
                + designs.map { "\($0.name ?? "formula"): \($0.formula)" }.joined(separator: "; ") + ".")
        let table = FormulaFigures.countTable(designs)
        tables.append(table)
        placeTable(table, in: &composer)
        // The trained designs' results beside their paths: one table per study whose models include designs.
        for study in studies {
            guard let ranking = study.analysis?.designs else { continue }
            let results = FormulaFigures.resultsTable(
                ranking, analyses: designs, metric: options.metric, study: study.title, slug: "\(study.slug)-designs")
            tables.append(results)
            placeTable(results, in: &composer)
        }
        let lag = min(4, designs.map(\.depth).min() ?? 4)
        let chart = PathCountChart(
            designs: designs.map { a in (a.name ?? a.formula, a.lags.first { $0.lag == lag }?.pathsByLength ?? []) },
            title: "Paths of ∂X_L/∂X_{L−\(lag)} by length", width: theme.contentWidth, height: 200, theme: theme).drawing(typesetter)
        composer.place(chart)
        figures.append(NamedFigure(slug: "designs-path-counts", title: "Paths by length at lag \(lag)", drawing: chart))
        for (i, design) in designs.enumerated() {
            let name = design.name ?? "formula \(i + 1)"
            let diagram = PathDiagram(
                analysis: design, lag: min(3, design.depth), title: "\(name): paths of ∂X_L/∂X_{L−\(min(3, design.depth))}",
                width: theme.contentWidth, theme: theme).drawing(typesetter)
            composer.place(diagram)
            figures.append(NamedFigure(slug: "designs-paths-\(slugify(name))", title: "\(name): paths", drawing: diagram))
        }
    }

    func placeTable(_ table: TableSpec, in composer: inout PageComposer) {
        let renderer = TableRenderer(table: table, width: theme.contentWidth, theme: theme)
        for (i, drawing) in renderer.drawings(typesetter, maxHeight: theme.contentHeight - 40).enumerated() {
            if i == 0 && composer.remaining < min(drawing.height, 120) { composer.newPage() }
            composer.place(drawing)
        }
    }
}

/// The statistics' message for an error (their descriptions name the file and end with a HINT).
func errorMessage(_ error: Error) -> String {
    String(describing: error)
}

/// Model ids → the names figures print: a record's display name (ResNet18s) where it has one.
struct DisplayNames {
    var map: [String: String] = [:]

    init(records: [RunRecord]) {
        for r in records { if let name = r.displayName { map[r.model] = name } }
    }

    subscript(_ model: String) -> String { map[model] ?? model }
}
