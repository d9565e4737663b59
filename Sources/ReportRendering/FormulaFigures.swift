// The figures and the report page of recursion-formula designs: one design's paths at a lag (PathDiagram)
// above its counts by length, and for `report --designs` a page comparing designs. Layout only: every
// number comes from the Formulas module's exact analysis.
import Formulas
import Foundation
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
