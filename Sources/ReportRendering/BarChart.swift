// Grouped bar histogram with error bars (the paper's Figures 5 and 6): one group per baseline/"s"
// pair, the baseline solid dark and the "s" twin hatched light, error bars as RankStats estimated them.
// The value axis starts where the differences show; when that is not zero the axis carries a break
// mark and the note says where it starts.
import Foundation

public struct BarChart: Sendable {
    public var data: BarChartData
    public var width: Double
    public var height: Double
    public var theme: Theme

    public init(data: BarChartData, width: Double, height: Double, theme: Theme = .standard) {
        precondition(!data.groups.isEmpty, "BarChart \(data.title) needs at least one group")
        self.data = data
        self.width = width
        self.height = height
        self.theme = theme
    }

    public struct BarBox: Sendable {
        public var rect: Rect
        public var estimate: BarEstimate
    }

    public struct Layout: Sendable {
        public var plot: Rect
        public var ticks: NiceTicks
        public var scale: LinearScale
        public var bars: [BarBox]
        public var groupCenters: [Double]
        public var groupWidth: Double
        public var labelSize: Double
        public var labels: [String]
        public var rotatedLabels: Bool
        /// Where the value axis starts when that is not zero (the break), else nil.
        public var axisStart: Double?
    }

    /// Lowest and highest values the chart must show (bar tops and error-bar ends).
    var valueRange: (Double, Double) {
        let all = data.groups.flatMap(\.bars).flatMap { [$0.mean, $0.lower ?? $0.mean, $0.upper ?? $0.mean] }
        return (all.min()!, all.max()!)
    }

    func noteText(axisStart: String?) -> String {
        var notes: [String] = []
        if let start = axisStart { notes.append("The value axis starts at \(start), not at 0, so the differences show.") }
        if let e = data.errorBarNote { notes.append("Error bars: \(e).") }
        return notes.joined(separator: " ")
    }

    public func layout(_ typesetter: Typesetter) -> Layout {
        let (lo, hi) = valueRange
        // Start at zero unless the data sit far from it; then start near the lowest value.
        let startAtZero = lo >= 0 && lo < 0.35 * hi
        var ticks = NiceTicks(min: startAtZero ? 0 : lo - 0.08 * (hi - lo), max: hi + 0.04 * max(hi - lo, 1e-9), target: 6)
        if !startAtZero && ticks.lower < 0 && lo >= 0 { ticks = NiceTicks(min: 0, max: hi, target: 6) }
        let headerHeight = typesetter.lineHeight(size: theme.headingSize - 1) + 4 + typesetter.lineHeight(size: theme.labelSize) + 8
        let axis = AxisPainter(typesetter: typesetter, theme: theme)
        let yTitleWidth = typesetter.lineHeight(size: theme.labelSize)
        let plotLeft = yTitleWidth + 4 + axis.verticalLabelWidth(ticks) + 2
        let plotRight = width - 4
        let groupWidth = (plotRight - plotLeft) / Double(data.groups.count)

        // Group labels: horizontal if they fit (shrunk to a floor), else turned a quarter turn, sized to
        // the group's width and to at most 30 % of the chart's height, elided beyond that.
        let names = data.groups.map(\.label)
        var size = typesetter.fittingSize(names, width: groupWidth - 4, size: theme.labelSize, minimum: theme.minimumLabelSize)
        let widest = names.map { typesetter.width($0, size: size) }.max() ?? 0
        let rotated = widest > groupWidth - 4
        var labels = names
        let labelBand: Double
        if rotated {
            let cap = height * 0.3
            size = min(theme.labelSize, max(theme.minimumLabelSize, (groupWidth - 2) / typesetter.lineHeight(size: 1)))
            size = typesetter.fittingSize(names, width: cap, size: size, minimum: theme.minimumLabelSize)
            labels = names.map { typesetter.elided($0, width: cap, size: size) }
            labelBand = (labels.map { typesetter.width($0, size: size) }.max() ?? 0) + 6
        } else {
            labelBand = typesetter.lineHeight(size: size) + 6
        }
        let writer = NoteWriter(typesetter: typesetter, size: theme.noteSize, color: theme.muted)
        // The note mentions the axis start; "00.0" stands in for the number while the axis is not final.
        let noteHeight = writer.height(noteText(axisStart: startAtZero ? nil : "000.00"), width: width) + 4
        let plot = Rect(x: plotLeft, y: headerHeight, width: plotRight - plotLeft, height: height - headerHeight - labelBand - noteHeight)
        precondition(plot.height > 30, "BarChart \(data.title): \(height) pt is too short for its labels")
        let scale = LinearScale(domain: (ticks.lower, ticks.upper), range: (plot.maxY, plot.minY))
        var bars: [BarBox] = []
        var centers: [Double] = []
        for (g, group) in data.groups.enumerated() {
            let center = plotLeft + groupWidth * (Double(g) + 0.5)
            centers.append(center)
            let barWidth = min(groupWidth * 0.8 / Double(max(group.bars.count, 1)), 28)
            let start = center - barWidth * Double(group.bars.count) / 2
            for (b, bar) in group.bars.enumerated() {
                let top = scale(bar.mean)
                bars.append(BarBox(
                    rect: Rect(x: start + Double(b) * barWidth, y: top, width: barWidth, height: plot.maxY - top), estimate: bar))
            }
        }
        return Layout(
            plot: plot, ticks: ticks, scale: scale, bars: bars, groupCenters: centers, groupWidth: groupWidth,
            labelSize: size, labels: labels, rotatedLabels: rotated, axisStart: ticks.lower != 0 ? ticks.lower : nil)
    }

    public func drawing(_ typesetter: Typesetter) -> Drawing {
        let l = layout(typesetter)
        var d = Drawing(width: width, height: height)
        // Title and legend.
        let titleSize = theme.headingSize - 1
        d.add(.text(typesetter.text(data.title, at: Point(0, 0), size: titleSize, weight: .bold, baseline: .top, color: theme.ink)))
        let legendY = typesetter.lineHeight(size: titleSize) + 4
        var x = l.plot.minX
        let roles = Set(data.groups.flatMap(\.bars).map(\.role))
        let entries: [(Fill, String)] = data.series.isEmpty
            ? [(PairRole.baseline, "baseline"), (.variant, "“s” variant"), (.unpaired, "unpaired model")].filter { roles.contains($0.0) }.map { ($0.0.fill(theme), $0.1) }
            : data.series.enumerated().map { (theme.seriesFill($0.offset), $0.element) }
        for (fill, name) in entries {
            let lh = typesetter.lineHeight(size: theme.labelSize)
            d.add(.rect(Rect(x: x, y: legendY + 1, width: 14, height: lh - 2), fill: fill, stroke: Stroke(theme.ink, width: 0.5)))
            let t = typesetter.text(name, at: Point(x + 18, legendY), size: theme.labelSize, baseline: .top, color: theme.ink)
            d.add(.text(t))
            x = t.box.maxX + 14
        }
        // Grid and axes.
        for v in l.ticks.values { d.line(Point(l.plot.minX, l.scale(v)), Point(l.plot.maxX, l.scale(v)), theme.gridStroke) }
        let axis = AxisPainter(typesetter: typesetter, theme: theme)
        axis.vertical(into: &d, scale: l.scale, x: l.plot.minX, ticks: l.ticks)
        d.line(Point(l.plot.minX, l.plot.maxY), Point(l.plot.maxX, l.plot.maxY), theme.axisStroke)
        d.add(.text(typesetter.text(
            data.valueLabel, at: Point(0, l.plot.midY), size: theme.labelSize, anchor: .middle, baseline: .top,
            color: theme.ink, rotated: true)))
        // Bars and error bars.
        for bar in l.bars {
            d.add(.rect(bar.rect, fill: bar.estimate.series.map(theme.seriesFill) ?? bar.estimate.role.fill(theme), stroke: Stroke(theme.ink, width: 0.5)))
        }
        for bar in l.bars {
            guard let lower = bar.estimate.lower, let upper = bar.estimate.upper else { continue }
            let cx = bar.rect.midX
            let cap = min(bar.rect.width * 0.3, 4)
            let s = Stroke(theme.ink, width: 0.8)
            d.line(Point(cx, l.scale(lower)), Point(cx, l.scale(upper)), s)
            d.line(Point(cx - cap, l.scale(lower)), Point(cx + cap, l.scale(lower)), s)
            d.line(Point(cx - cap, l.scale(upper)), Point(cx + cap, l.scale(upper)), s)
        }
        // Axis break: two short slanted strokes across the value axis near its foot.
        if l.axisStart != nil {
            let y = l.plot.maxY - 7
            for dy in [0.0, 3.5] {
                d.line(Point(l.plot.minX - 4, y - dy + 2), Point(l.plot.minX + 4, y - dy - 2), Stroke(theme.ink, width: 0.8))
            }
        }
        // Group labels.
        for (g, label) in l.labels.enumerated() {
            let cx = l.groupCenters[g]
            if l.rotatedLabels {
                d.add(.text(typesetter.text(
                    label, at: Point(cx, l.plot.maxY + 4), size: l.labelSize, anchor: .end, baseline: .middle,
                    color: theme.ink, rotated: true)))
            } else {
                d.add(.text(typesetter.text(
                    label, at: Point(cx, l.plot.maxY + 4), size: l.labelSize, anchor: .middle, baseline: .top, color: theme.ink)))
            }
        }
        let text = noteText(axisStart: l.axisStart.map { l.ticks.label($0) })
        if !text.isEmpty {
            let writer = NoteWriter(typesetter: typesetter, size: theme.noteSize, color: theme.muted)
            let lines = writer.wrap(text, width: width)
            let top = height - Double(lines.count) * writer.lineStep - 1
            _ = writer.write(text, into: &d, x: 0, y: top, width: width)
        }
        return d
    }
}

extension Rect {
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }
}
