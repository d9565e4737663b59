// The figures and the report page of recursion-formula designs: one design's paths at a lag (PathDiagram)
// above its counts by length, and for `report --designs` a page comparing designs. Layout only: every
// number comes from the Formulas module's exact analysis.
import Formulas
import Foundation
import RankStats
import RunRecords
import TableFormat

public enum FormulaFigures {
    /// The paths of ∂X_L/∂X_{L−lag} for one design, with its path counts by length below.
    public static func paths(_ analysis: FormulaAnalysis, lag: Int, typesetter t: Typesetter, theme: Theme = Theme.standard) -> Drawing {
        let width = theme.contentWidth
        let name = analysis.name ?? analysis.formula
        let diagram = PathDiagram(
            analysis: analysis, lag: lag, title: "Paths of ∂X_L/∂X_{L−\(lag)}: \(t.elided(name, width: width - 160, size: theme.labelSize))",
            width: width, theme: theme).drawing(t)
        let counts = analysis.lags.first { $0.lag == lag }?.pathsByLength ?? []
        let chart = PathCountChart(designs: [(name, counts)], title: "Paths by length at lag \(lag)", width: width, height: 170, theme: theme).drawing(t)
        var d = Drawing(width: width + 2 * 12, height: diagram.height + chart.height + 3 * 12)
        d.place(diagram, dx: 12, dy: 12)
        d.place(chart, dx: 12, dy: diagram.height + 24)
        return d
    }

    /// One row per design: its name, formula and path counts by length at each lag 1 … depth.
    public static func countTable(_ analyses: [FormulaAnalysis]) -> TableSpec {
        let depth = analyses.map(\.depth).max() ?? 1
        return TableSpec(
            title: "Paths of ∂X_L/∂X_{L−i} by length (k = 0 … i)", slug: "designs-path-counts",
            columns: ["Design"] + (1...depth).map { "i = \($0)" },
            rows: analyses.map { a in
                [TableCell(a.name ?? a.formula)] + (1...depth).map { i in
                    TableCell(a.lags.first { $0.lag == i }.map { $0.pathsByLength.map(String.init).joined(separator: " ") } ?? "")
                }
            },
            notes: ["A path is a monomial of the exact expansion with a non-zero coefficient; its length is its number of W factors."],
            keyColumns: 1)
    }
}

extension FormulaFigures {
    /// Each trained design's paths (at lag 3) beside its results: mean rank within its families, mean
    /// difference to the family's baseline and wins/ties/losses over the (family, block) cells.
    public static func resultsTable(
        _ ranking: DesignRanking, analyses: [FormulaAnalysis], metric: String, study: String, slug: String
    ) -> TableSpec {
        let lag = 3
        let rows = ranking.standings.map { s -> [TableCell] in
            let paths = analyses.first { $0.name == s.design }?.lags.first { $0.lag == lag }?.pathsByLength
            return [
                TableCell(s.design), TableCell(paths.map { $0.map(String.init).joined(separator: " ") } ?? "–"),
                TableCell(String(format: "%.2f", s.meanRank)), TableCell("\(s.families.count)"),
                TableCell(s.meanDifference.map { String(format: "%+.2f", $0) } ?? "–"),
                TableCell(s.design == "resnet" ? "–" : "\(s.wins)/\(s.ties)/\(s.losses)"),
            ]
        }
        let sizes = Set(ranking.designsPerFamily.values).sorted().map(String.init).joined(separator: " or ")
        return TableSpec(
            title: "\(study): designs by mean rank within their families (\(metric))", slug: slug,
            columns: ["Design", "Paths at lag \(lag) (k = 0 … \(lag))", "Mean rank", "Families", "Mean diff", "W/T/L"],
            alignments: [.left, .left, .right, .right, .right, .right], rows: rows,
            notes: [
                "Ranks among the \(sizes) designs trained on each family, in every block (1 = best, ties averaged), averaged over "
                    + "(family, block) cells; mean diff and W/T/L compare with the family's baseline (design resnet). "
                    + "The pair table above tests each FAMILY+DESIGN model against its baseline (Wilcoxon and t, Holm-adjusted).",
            ],
            keyColumns: 1)
    }
}

/// Writing one figure to a .pdf, .svg or .png file, atomically.
public enum FigureFile {
    public enum Kind: String { case pdf, svg, png }

    public static func kind(of path: String) -> Kind? { Kind(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased()) }

    /// Refuses a destination that is a directory or whose directory does not exist, before any work.
    public static func checkDestination(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ReportError.figure(path: path, reason: "is a directory")
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportError.figure(path: path, reason: "its directory \(parent) does not exist")
        }
    }

    public static func write(_ drawing: Drawing, to path: String, title: String) throws {
        guard let kind = kind(of: path) else { throw ReportError.figure(path: path, reason: "the file name must end in .pdf, .svg or .png") }
        try AtomicFile.write(try data(drawing, as: kind, title: title), to: path)
    }

    /// One drawing rendered in memory as a PDF page, SVG or PNG (`--figure`, and `--figures-dir`'s copies).
    public static func data(_ drawing: Drawing, as kind: Kind, title: String) throws -> Data {
        switch kind {
        case .pdf: return try CairoRenderer.pdf(pages: [drawing], title: title)
        case .svg: return try CairoRenderer.svg(drawing)
        case .png: return try CairoRenderer.png(drawing)
        }
    }
}
