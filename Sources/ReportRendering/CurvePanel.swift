// Training curves: one panel, mean per epoch with a band over seeds (the band's ends come from
// RankStats' error-bar estimates); baselines solid and dark, "s" twins dashed and light.
import Foundation

public struct CurvePanel: Sendable {
    public var data: CurvePanelData
    public var width: Double
    public var height: Double
    public var theme: Theme

    public init(data: CurvePanelData, width: Double, height: Double, theme: Theme = .standard) {
        precondition(data.series.contains { !$0.x.isEmpty }, "CurvePanel \(data.title) has no points")
        self.data = data
        self.width = width
        self.height = height
        self.theme = theme
    }

    public struct Layout: Sendable {
        public var plot: Rect
        public var xScale: LinearScale
        public var yScale: LinearScale
        public var xTicks: NiceTicks
        public var yTicks: NiceTicks
        public var legendSize: Double
    }

    public func layout(_ typesetter: Typesetter) -> Layout {
        let xs = data.series.flatMap(\.x)
        let ys = data.series.flatMap { s in s.mean + (s.lower ?? []) + (s.upper ?? []) }.filter(\.isFinite)
        let xTicks = NiceTicks(min: xs.min()!, max: xs.max()!, target: 5, integerOnly: true)
        let yTicks = NiceTicks(min: ys.min() ?? 0, max: ys.max() ?? 1, target: 5)
        let axis = AxisPainter(typesetter: typesetter, theme: theme)
        let titleHeight = typesetter.lineHeight(size: theme.labelSize + 0.5) + 3
        let legendSize = theme.tickSize
        let legendHeight = typesetter.lineHeight(size: legendSize) * 1.05 * Double(data.series.count) + 4
        let left = typesetter.lineHeight(size: theme.tickSize) + 3 + axis.verticalLabelWidth(yTicks) + 2
        let bottom = 3.5 + 1.5 + typesetter.lineHeight(size: theme.tickSize) * 2 + 4
        let plot = Rect(x: left, y: titleHeight + legendHeight, width: width - left - 6, height: height - titleHeight - legendHeight - bottom)
        precondition(plot.height > 20, "CurvePanel \(data.title): \(height) pt is too short")
        return Layout(
            plot: plot, xScale: LinearScale(domain: (xTicks.lower, xTicks.upper), range: (plot.minX, plot.maxX)),
            yScale: LinearScale(domain: (yTicks.lower, yTicks.upper), range: (plot.maxY, plot.minY)),
            xTicks: xTicks, yTicks: yTicks, legendSize: legendSize)
    }

    public func drawing(_ typesetter: Typesetter) -> Drawing {
        let l = layout(typesetter)
        var d = Drawing(width: width, height: height)
        d.add(.text(typesetter.text(data.title, at: Point(0, 0), size: theme.labelSize + 0.5, weight: .bold, baseline: .top, color: theme.ink)))
        // Legend: one line per series, a line sample then the label.
        var y = typesetter.lineHeight(size: theme.labelSize + 0.5) + 3
        for s in data.series {
            let mid = y + typesetter.lineHeight(size: l.legendSize) / 2
            d.line(Point(l.plot.minX, mid), Point(l.plot.minX + 18, mid), Stroke(s.series.map(theme.seriesColor) ?? s.role.color(theme), width: 1.4, dash: s.role.dash()))
            d.add(.text(typesetter.text(s.label, at: Point(l.plot.minX + 22, y), size: l.legendSize, baseline: .top, color: theme.ink)))
            y += typesetter.lineHeight(size: l.legendSize) * 1.05
        }
        for v in l.yTicks.values { d.line(Point(l.plot.minX, l.yScale(v)), Point(l.plot.maxX, l.yScale(v)), theme.gridStroke) }
        var inner: [DrawItem] = []
        for s in data.series {
            guard let lower = s.lower, let upper = s.upper, lower.count == s.x.count, upper.count == s.x.count else { continue }
            let top = zip(s.x, upper).map { Point(l.xScale($0), l.yScale($1)) }
            let bottom = zip(s.x, lower).map { Point(l.xScale($0), l.yScale($1)) }.reversed()
            inner.append(.polygon(top + bottom, fill: .solid((s.series.map(theme.seriesColor) ?? s.role.color(theme)).mixed(withWhite: 0.7)), stroke: nil))
        }
        for s in data.series {
            let points = zip(s.x, s.mean).filter { $0.1.isFinite }.map { Point(l.xScale($0), l.yScale($1)) }
            inner.append(.polyline(points, stroke: Stroke(s.series.map(theme.seriesColor) ?? s.role.color(theme), width: 1.3, dash: s.role.dash())))
        }
        d.add(.clipped(l.plot, inner))
        let axis = AxisPainter(typesetter: typesetter, theme: theme)
        axis.vertical(into: &d, scale: l.yScale, x: l.plot.minX, ticks: l.yTicks)
        axis.horizontal(into: &d, scale: l.xScale, y: l.plot.maxY, ticks: l.xTicks.values, label: { l.xTicks.label($0) })
        d.add(.text(typesetter.text(
            data.xLabel, at: Point(l.plot.midX, height - 1), size: theme.tickSize, anchor: .middle, baseline: .bottom, color: theme.ink)))
        d.add(.text(typesetter.text(
            data.yLabel, at: Point(0, l.plot.midY), size: theme.tickSize, anchor: .middle, baseline: .top, color: theme.ink, rotated: true)))
        return d
    }
}

extension Color {
    /// This colour mixed with white (`amount` 0 = unchanged, 1 = white).
    public func mixed(withWhite amount: Double) -> Color {
        Color(red + (1 - red) * amount, green + (1 - green) * amount, blue + (1 - blue) * amount)
    }
}
