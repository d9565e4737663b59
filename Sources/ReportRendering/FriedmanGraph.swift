// The Friedman graph of the paper's Figure 4: one row per model, a dot at its average rank and a
// horizontal bar one critical difference long centred on it; two models whose bars do not overlap
// differ significantly (Nemenyi). Ranks run along the horizontal axis, 1 = best on the left.
import Foundation

public struct FriedmanGraph: Sendable {
    public var summary: RankSummary
    public var width: Double
    public var theme: Theme

    public init(summary: RankSummary, width: Double, theme: Theme = .standard) {
        precondition(summary.models.count >= 2, "FriedmanGraph needs at least 2 models, got \(summary.models.count)")
        self.summary = summary
        self.width = width
        self.theme = theme
    }

    /// Positions computed before drawing.
    public struct Layout: Sendable {
        public var labelSize: Double
        public var labels: [String]
        public var rowY: [Double]
        public var scale: LinearScale
        public var ticks: [Double]
        public var axisY: Double
        /// Horizontal extent of each model's CD bar, in page coordinates.
        public var bars: [(x0: Double, x1: Double)]
        public var height: Double
    }

    public func layout(_ typesetter: Typesetter) -> Layout {
        let names = summary.models.map(\.name)
        let maxLabelWidth = width * 0.32
        let size = typesetter.fittingSize(names, width: maxLabelWidth, size: theme.labelSize, minimum: theme.minimumLabelSize)
        let labels = names.map { typesetter.elided($0, width: maxLabelWidth, size: size) }
        let labelWidth = labels.map { typesetter.width($0, size: size) }.max() ?? 0
        let plotLeft = labelWidth + 10
        let plotRight = width - 8
        let half = summary.criticalDifference / 2
        let ranks = summary.models.map(\.averageRank)
        let k = Double(summary.models.count)
        let lo = min(1, (ranks.min() ?? 1) - half)
        let hi = max(k, (ranks.max() ?? k) + half)
        let ticks = NiceTicks(min: lo, max: hi, target: min(max(summary.models.count, 4), 11), integerOnly: true)
        let scale = LinearScale(domain: (ticks.lower, ticks.upper), range: (plotLeft, plotRight))
        let rowHeight = max(typesetter.lineHeight(size: size) * 1.25, 11)
        let top = 6.0
        let rowY = summary.models.indices.map { top + rowHeight * (Double($0) + 0.5) }
        let axisY = top + rowHeight * Double(summary.models.count) + 4
        let bars = ranks.map { (scale($0 - half), scale($0 + half)) }
        let noteHeight = NoteWriter(typesetter: typesetter, size: theme.noteSize, color: theme.muted)
            .height(note, width: width)
        let axisLabels = typesetter.lineHeight(size: theme.tickSize) + typesetter.lineHeight(size: theme.labelSize) + 10
        return Layout(
            labelSize: size, labels: labels, rowY: rowY, scale: scale, ticks: ticks.values, axisY: axisY,
            bars: bars, height: axisY + axisLabels + 6 + noteHeight)
    }

    var note: String {
        summary.cdNote + ". Marker: average rank over the blocks (circle: baseline, diamond: “s” model); bar: one CD long, centred on it. "
            + "Two models whose bars do not overlap differ significantly. Shaded: ranks outside 1…k."
    }

    public func drawing(_ typesetter: Typesetter) -> Drawing {
        let l = layout(typesetter)
        var d = Drawing(width: width, height: l.height)
        let axis = AxisPainter(typesetter: typesetter, theme: theme)
        // Ranks below 1 or above k cannot occur; CD bars may reach there, so that area is shaded.
        let k = Double(summary.models.count)
        let shade = Fill.solid(Color(0.95, 0.95, 0.95))
        if l.scale(1) > l.scale.range.lower {
            d.add(.rect(Rect(x: l.scale.range.lower, y: 2, width: l.scale(1) - l.scale.range.lower, height: l.axisY - 2), fill: shade, stroke: nil))
        }
        if l.scale(k) < l.scale.range.upper {
            d.add(.rect(Rect(x: l.scale(k), y: 2, width: l.scale.range.upper - l.scale(k), height: l.axisY - 2), fill: shade, stroke: nil))
        }
        for t in l.ticks {
            d.line(Point(l.scale(t), 2), Point(l.scale(t), l.axisY), theme.gridStroke)
        }
        for (i, model) in summary.models.enumerated() {
            let y = l.rowY[i]
            d.add(.text(typesetter.text(
                l.labels[i], at: Point(l.scale.range.lower - 10, y), size: l.labelSize, anchor: .end,
                baseline: .middle, color: theme.ink)))
            let color = model.role.color(theme)
            let stroke = Stroke(color, width: 1.6)
            d.line(Point(l.bars[i].x0, y), Point(l.bars[i].x1, y), stroke)
            d.line(Point(l.bars[i].x0, y - 3), Point(l.bars[i].x0, y + 3), stroke)
            d.line(Point(l.bars[i].x1, y - 3), Point(l.bars[i].x1, y + 3), stroke)
            d.add(model.role.marker(at: Point(l.scale(model.averageRank), y), radius: 3, theme: theme, outline: Stroke(theme.ink, width: 0.6)))
        }
        axis.horizontal(into: &d, scale: l.scale, y: l.axisY, ticks: l.ticks, label: { String(Int($0)) })
        let titleY = l.axisY + 3.5 + 1.5 + typesetter.lineHeight(size: theme.tickSize) + 3
        d.add(.text(typesetter.text(
            "average rank (1 = best)", at: Point((l.scale.range.lower + l.scale.range.upper) / 2, titleY),
            size: theme.labelSize, anchor: .middle, baseline: .top, color: theme.ink)))
        let noteY = titleY + typesetter.lineHeight(size: theme.labelSize) + 6
        _ = NoteWriter(typesetter: typesetter, size: theme.noteSize, color: theme.muted)
            .write(note, into: &d, x: 0, y: noteY, width: width)
        return d
    }
}
