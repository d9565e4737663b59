// The propagation paths of a recursion formula, in the spirit of the paper's Figure 2: the blocks
// L−i … L in a row, and under them one line per path of ∂X_L/∂X_{L−i} (a monomial of the Formulas
// module's exact expansion), grouped by length. A path runs from X_{L−i} on the left to X_L on the
// right; a filled dot is a block whose residual branch W it goes through, a plain line over a block is
// the shortcut around it. Its coefficient stands at the left (negative ones in the "significant"
// colour). Also a grouped bar chart of path counts by length for several designs. Values only: the
// analysis is the Formulas module's; this file draws it.
import Formulas
import Foundation

public struct PathDiagram {
    public var analysis: FormulaAnalysis
    public var lag: Int
    public var title: String
    public var width: Double
    public var theme: Theme
    /// At most this many rows are drawn; beyond it each length keeps its first paths and a row saying how
    /// many more it has (see `rows`).
    public var maximumPaths = 40

    public init(analysis: FormulaAnalysis, lag: Int, title: String, width: Double, theme: Theme = Theme.standard) {
        self.analysis = analysis
        self.lag = lag
        self.title = title
        self.width = width
        self.theme = theme
    }

    /// One drawn row: a path, or the note standing for the paths of one length that did not fit.
    enum Row: Equatable {
        case path(PathTerm)
        case more(count: Int, length: Int)

        var length: Int {
            switch self {
            case .path(let term): return term.path.count
            case .more(_, let length): return length
            }
        }
    }

    /// The rows for `terms` (sorted by length): all of them when they fit in `maximumRows`; otherwise every
    /// length keeps its first q paths and one "+ n more" row, q the largest quota (at least 1) for which the
    /// rows fit. So many paths are condensed without losing a length: ResNet at lag 6 (64 paths) keeps
    /// 1, 6, 7, 7, 7, 6, 1 of them and notes 8, 13 and 8 more of lengths 2, 3 and 4.
    static func rows(_ terms: [PathTerm], maximumRows: Int) -> [Row] {
        var groups: [[PathTerm]] = []
        for term in terms {
            if let last = groups.last?.last, last.path.count == term.path.count { groups[groups.count - 1].append(term) } else { groups.append([term]) }
        }
        func rowCount(_ q: Int) -> Int { groups.reduce(0) { $0 + min($1.count, q) + ($1.count > q ? 1 : 0) } }
        var quota = groups.map(\.count).max() ?? 0
        if terms.count > maximumRows {
            quota = 1
            while quota < (groups.map(\.count).max() ?? 0) && rowCount(quota + 1) <= maximumRows { quota += 1 }
        }
        return groups.flatMap { group -> [Row] in
            group.prefix(quota).map(Row.path) + (group.count > quota ? [.more(count: group.count - quota, length: group[0].path.count)] : [])
        }
    }

    public func drawing(_ t: Typesetter) -> Drawing {
        guard let expansion = analysis.lags.first(where: { $0.lag == lag }) else {
            preconditionFailure("PathDiagram: lag \(lag) is not in the analysis (depth \(analysis.depth))")
        }
        let terms = expansion.terms.sorted { a, b in
            a.path.count != b.path.count ? a.path.count < b.path.count : a.path.lexicographicallyPrecedes(b.path)
        }
        let rows = Self.rows(terms, maximumRows: maximumPaths)
        let shown = rows.compactMap { row -> PathTerm? in if case .path(let term) = row { return term } else { return nil } }
        let rowStep = 13.0, groupGap = 9.0
        let rightPad = 12.0
        // The length labels, then the coefficients right-aligned before the paths: measured, so a wide
        // coefficient (31/16) never runs into "length 0".
        let lengthWidth = rows.map { t.width("length \($0.length)", size: theme.tickSize) }.max() ?? 0
        let coefficientWidth = shown.map { t.width($0.coefficientExact, size: theme.tickSize) }.max() ?? 0
        let labelWidth = lengthWidth + 8 + coefficientWidth + 8
        let lengths = Set(terms.map(\.path.count)).count
        let labelSize = theme.tickSize
        let top = t.lineHeight(size: theme.labelSize) + 6
        let blockRow = top + t.lineHeight(size: labelSize) + 4
        // Title, node labels, block boxes (10 pt) and their labels, then half a row before the first path.
        let headerHeight = blockRow + 12 + t.lineHeight(size: labelSize) + 10
        let left = labelWidth, right = width - rightPad
        // Nodes: X_{L−i} … X_L at the column boundaries; block L−j sits between X_{L−j−1} and X_{L−j}.
        let columns = Double(max(lag, 1))
        func nodeX(_ k: Int) -> Double { left + (right - left) * Double(lag - k) / columns }  // X_{L−k}
        func blockX(_ j: Int) -> Double { (nodeX(j + 1) + nodeX(j)) / 2 }  // block L−j
        let height = headerHeight + Double(rows.count) * rowStep + Double(max(lengths - 1, 0)) * groupGap + 10
        var d = Drawing(width: width, height: height)

        d.add(.text(t.text(title, at: Point(0, 0), size: theme.labelSize, weight: .bold, baseline: .top, color: theme.ink)))
        // Node and block labels; a label is dropped when the columns are too narrow for it.
        let spacing = (right - left) / columns
        for k in 0...lag {
            let name = k == 0 ? "X_L" : "X_L−\(k)"
            if t.width(name, size: labelSize) <= spacing - 4 || k == 0 || k == lag {
                d.add(.text(t.text(name, at: Point(nodeX(k), top), size: labelSize, anchor: k == lag ? .start : (k == 0 ? .end : .middle),
                                   baseline: .top, color: theme.ink)))
            }
        }
        for j in 0..<lag {
            let name = j == 0 ? "W_L" : "W_L−\(j)"
            d.add(.rect(Rect(x: blockX(j) - 9, y: blockRow, width: 18, height: 10), fill: .solid(theme.grid), stroke: Stroke(theme.axis, width: 0.5)))
            if t.width(name, size: labelSize) <= spacing - 2 {
                d.add(.text(t.text(name, at: Point(blockX(j), blockRow + 12), size: labelSize, anchor: .middle, baseline: .top, color: theme.muted)))
            }
        }
        var y = headerHeight
        var previousLength: Int?
        for row in rows {
            if let p = previousLength, p != row.length { y += groupGap }
            if previousLength != row.length {
                d.add(.text(t.text("length \(row.length)", at: Point(0, y), size: labelSize, baseline: .middle, color: theme.muted)))
            }
            previousLength = row.length
            switch row {
            case .path(let term):
                let negative = term.coefficient < 0
                let color = negative ? theme.significant : theme.baseline
                d.add(.text(t.text(term.coefficientExact, at: Point(left - 8, y), size: labelSize, anchor: .end, baseline: .middle, color: color)))
                d.line(Point(nodeX(lag), y), Point(nodeX(0), y), Stroke(color, width: 0.9, dash: negative ? [3, 2] : []))
                for j in term.path { d.add(.circle(center: Point(blockX(j), y), radius: 3.2, fill: .solid(color), stroke: nil)) }
            case .more(let count, let length):
                d.add(.text(t.text("+ \(count) more path\(count == 1 ? "" : "s") of length \(length)", at: Point(left, y),
                                   size: theme.noteSize, baseline: .middle, color: theme.muted)))
            }
            y += rowStep
        }
        return d
    }
}

/// Path counts by length for several designs at one lag: grouped bars, one colour per design.
public struct PathCountChart {
    public var designs: [(name: String, counts: [Int])]
    public var title: String
    public var width: Double
    public var height: Double
    public var theme: Theme

    public init(designs: [(name: String, counts: [Int])], title: String, width: Double, height: Double = 200, theme: Theme = Theme.standard) {
        self.designs = designs
        self.title = title
        self.width = width
        self.height = height
        self.theme = theme
    }

    /// Okabe–Ito colours after the theme's two, so up to eight designs stay apart.
    static let palette: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73), Color(hex: 0xCC79A7),
        Color(hex: 0x56B4E9), Color(hex: 0xD55E00), Color(hex: 0xF0E442), Color(hex: 0x000000),
    ]

    public func drawing(_ t: Typesetter) -> Drawing {
        var d = Drawing(width: width, height: height)
        d.add(.text(t.text(title, at: Point(0, 0), size: theme.labelSize, weight: .bold, baseline: .top, color: theme.ink)))
        let lengths = designs.map(\.counts.count).max() ?? 1
        let maxCount = max(designs.flatMap(\.counts).max() ?? 1, 1)
        // Legend: one line of swatches under the title.
        var x = 0.0
        let legendY = t.lineHeight(size: theme.labelSize) + 8
        for (i, design) in designs.enumerated() {
            let w = t.width(design.name, size: theme.tickSize)
            if x + 14 + w > width { break }
            d.add(.rect(Rect(x: x, y: legendY - 4, width: 9, height: 8), fill: .solid(Self.palette[i % 8]), stroke: nil))
            d.add(.text(t.text(design.name, at: Point(x + 12, legendY), size: theme.tickSize, baseline: .middle, color: theme.ink)))
            x += 12 + w + 12
        }
        let ticks = NiceTicks(min: 0, max: Double(maxCount), target: 5, integerOnly: true).values
        let plotTop = legendY + 14, plotBottom = height - t.lineHeight(size: theme.tickSize) * 2 - 8
        let yTickWidth = ticks.map { t.width(format($0), size: theme.tickSize) }.max() ?? 10
        let plotLeft = yTickWidth + 6, plotRight = width - 4
        let top = ticks.last ?? Double(maxCount)
        func yOf(_ v: Double) -> Double { plotBottom - (plotBottom - plotTop) * v / max(top, 1) }
        for v in ticks {
            d.line(Point(plotLeft, yOf(v)), Point(plotRight, yOf(v)), theme.gridStroke)
            d.add(.text(t.text(format(v), at: Point(plotLeft - 4, yOf(v)), size: theme.tickSize, anchor: .end, baseline: .middle, color: theme.ink)))
        }
        let groupWidth = (plotRight - plotLeft) / Double(lengths)
        let barWidth = min(14, groupWidth * 0.8 / Double(max(designs.count, 1)))
        for k in 0..<lengths {
            let center = plotLeft + groupWidth * (Double(k) + 0.5)
            let start = center - barWidth * Double(designs.count) / 2
            for (i, design) in designs.enumerated() where k < design.counts.count && design.counts[k] > 0 {
                let v = Double(design.counts[k])
                d.add(.rect(Rect(x: start + Double(i) * barWidth, y: yOf(v), width: barWidth * 0.9, height: plotBottom - yOf(v)),
                            fill: .solid(Self.palette[i % 8]), stroke: nil))
            }
            if t.width("\(k)", size: theme.tickSize) < groupWidth - 2 {
                d.add(.text(t.text("\(k)", at: Point(center, plotBottom + 3), size: theme.tickSize, anchor: .middle, baseline: .top, color: theme.ink)))
            }
        }
        d.line(Point(plotLeft, plotBottom), Point(plotRight, plotBottom), theme.axisStroke)
        d.add(.text(t.text("path length (number of W blocks passed through)", at: Point((plotLeft + plotRight) / 2, height),
                           size: theme.tickSize, anchor: .middle, baseline: .bottom, color: theme.muted)))
        return d
    }

    func format(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}
