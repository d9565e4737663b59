// The critical-difference diagram of Demšar (2006, Fig. 1): a rank axis (1 = best, left), each model
// on an elbow to the left (better half) or right (worse half), the CD drawn as a bar above the axis,
// and thick bars joining the groups of models whose ranks differ by less than the CD. Elbows are nested
// so no line crosses a label; group bars are stacked on levels so none collides with another.
import Foundation

public struct CDDiagram: Sendable {
    public var summary: RankSummary
    public var width: Double
    public var theme: Theme

    public init(summary: RankSummary, width: Double, theme: Theme = .standard) {
        precondition(summary.models.count >= 2, "CDDiagram needs at least 2 models, got \(summary.models.count)")
        self.summary = summary
        self.width = width
        self.theme = theme
    }

    public struct Elbow: Sendable {
        public var model: String
        public var label: String
        public var rankX: Double
        /// Depth of the horizontal part.
        public var y: Double
        /// Where the horizontal part ends (at the label).
        public var endX: Double
        public var left: Bool
    }

    public struct GroupBar: Sendable {
        public var x0: Double
        public var x1: Double
        public var level: Int
        public var y: Double
    }

    public struct Layout: Sendable {
        public var labelSize: Double
        public var scale: LinearScale
        public var ticks: [Double]
        public var axisY: Double
        public var cdBar: (x0: Double, x1: Double, y: Double)
        public var groupBars: [GroupBar]
        public var elbows: [Elbow]
        public var height: Double
    }

    /// Assigns intervals to levels greedily (sorted by start, first level whose last interval ended at
    /// least `gap` before): the interval-graph colouring, so bars on one level never touch.
    public static func stack(_ intervals: [(Double, Double)], gap: Double) -> [Int] {
        var levelEnds: [Double] = []
        var levels = Array(repeating: 0, count: intervals.count)
        for i in intervals.indices.sorted(by: { intervals[$0].0 < intervals[$1].0 }) {
            if let level = levelEnds.firstIndex(where: { $0 + gap <= intervals[i].0 }) {
                levels[i] = level
                levelEnds[level] = intervals[i].1
            } else {
                levels[i] = levelEnds.count
                levelEnds.append(intervals[i].1)
            }
        }
        return levels
    }

    public func layout(_ typesetter: Typesetter) -> Layout {
        let k = summary.models.count
        let sorted = summary.models.sorted { ($0.averageRank, $0.name) < ($1.averageRank, $1.name) }
        let leftCount = (k + 1) / 2
        let labelFor = { (m: RankedModel) in "\(m.name) (\(Format.fixed(m.averageRank, 2)))" }
        let rawLabels = sorted.map(labelFor)
        let sideWidth = width * 0.27
        let size = typesetter.fittingSize(rawLabels, width: sideWidth, size: theme.labelSize, minimum: theme.minimumLabelSize)
        let labels = rawLabels.map { typesetter.elided($0, width: sideWidth, size: size) }
        let leftWidth = labels[..<leftCount].map { typesetter.width($0, size: size) }.max() ?? 0
        let rightWidth = labels[leftCount...].map { typesetter.width($0, size: size) }.max() ?? 0
        let plotLeft = leftWidth + 14
        let plotRight = width - rightWidth - 14
        let scale = LinearScale(domain: (1, Double(k)), range: (plotLeft, plotRight))
        let axis = AxisPainter(typesetter: typesetter, theme: theme)
        let ticks = axis.rankTicks(k: k, pixelsPerRank: (plotRight - plotLeft) / Double(max(k - 1, 1)))

        let cdLabelHeight = typesetter.lineHeight(size: theme.labelSize)
        let cdBarY = 4 + cdLabelHeight + 4
        let axisY = cdBarY + 8 + typesetter.lineHeight(size: theme.tickSize) + 4
        let cdWidth = min(summary.criticalDifference, Double(k - 1)) * (plotRight - plotLeft) / Double(max(k - 1, 1))
        let cdBar = (plotLeft, plotLeft + cdWidth, cdBarY)

        // Group bars (only groups of two or more), slightly longer than the ranks they join.
        let rankOf = Dictionary(summary.models.map { ($0.name, $0.averageRank) }, uniquingKeysWith: { a, _ in a })
        let intervals: [(Double, Double)] = summary.groups.compactMap { group in
            let ranks = group.compactMap { rankOf[$0] }
            guard ranks.count >= 2, let lo = ranks.min(), let hi = ranks.max() else { return nil }
            return (scale(lo) - 3, scale(hi) + 3)
        }
        let levels = CDDiagram.stack(intervals, gap: 4)
        let levelStep = 5.0
        let barsTop = axisY + 6
        let groupBars = intervals.indices.map { i in
            GroupBar(x0: intervals[i].0, x1: intervals[i].1, level: levels[i], y: barsTop + Double(levels[i]) * levelStep)
        }
        let levelCount = (levels.max() ?? -1) + 1

        let rowStep = max(typesetter.lineHeight(size: size) * 1.15, 10)
        let elbowTop = barsTop + Double(levelCount) * levelStep + 6
        var elbows: [Elbow] = []
        for i in 0..<leftCount {
            elbows.append(Elbow(
                model: sorted[i].name, label: labels[i], rankX: scale(sorted[i].averageRank),
                y: elbowTop + Double(i) * rowStep, endX: plotLeft - 8, left: true))
        }
        for i in leftCount..<k {
            // The worst model has the shallowest elbow on the right.
            elbows.append(Elbow(
                model: sorted[i].name, label: labels[i], rankX: scale(sorted[i].averageRank),
                y: elbowTop + Double(k - 1 - i) * rowStep, endX: plotRight + 8, left: false))
        }
        let lastRow = elbowTop + Double(max(leftCount, k - leftCount) - 1) * rowStep
        let noteTop = lastRow + typesetter.lineHeight(size: size) + 8
        let noteHeight = NoteWriter(typesetter: typesetter, size: theme.noteSize, color: theme.muted).height(note, width: width)
        return Layout(
            labelSize: size, scale: scale, ticks: ticks, axisY: axisY, cdBar: cdBar, groupBars: groupBars,
            elbows: elbows, height: noteTop + noteHeight + 2)
    }

    var note: String {
        summary.cdNote + ". Thick bars join models whose average ranks differ by less than the CD "
            + "(not significantly different); average ranks in brackets."
    }

    public func drawing(_ typesetter: Typesetter) -> Drawing {
        let l = layout(typesetter)
        var d = Drawing(width: width, height: l.height)
        let ink = Stroke(theme.ink, width: 0.8)
        // CD bar with end ticks and its value above.
        d.line(Point(l.cdBar.x0, l.cdBar.y), Point(l.cdBar.x1, l.cdBar.y), Stroke(theme.ink, width: 1.2))
        d.line(Point(l.cdBar.x0, l.cdBar.y - 3), Point(l.cdBar.x0, l.cdBar.y + 3), ink)
        d.line(Point(l.cdBar.x1, l.cdBar.y - 3), Point(l.cdBar.x1, l.cdBar.y + 3), ink)
        d.add(.text(typesetter.text(
            "CD = \(Format.fixed(summary.criticalDifference, 3))", at: Point((l.cdBar.x0 + l.cdBar.x1) / 2, l.cdBar.y - 4),
            size: theme.labelSize, anchor: .middle, color: theme.ink)))
        // Axis with ticks above, labels above the ticks (Demšar's layout).
        AxisPainter(typesetter: typesetter, theme: theme).horizontal(
            into: &d, scale: l.scale, y: l.axisY, ticks: l.ticks, label: { String(Int($0)) }, labelsAbove: true)
        // Elbows first, then group bars on top of them.
        let roleOf = Dictionary(summary.models.map { ($0.name, $0.role) }, uniquingKeysWith: { a, _ in a })
        for e in l.elbows {
            let role = roleOf[e.model] ?? .unpaired
            let stroke = Stroke(theme.ink, width: 0.7, dash: [])
            d.add(.polyline([Point(e.rankX, l.axisY), Point(e.rankX, e.y), Point(e.endX, e.y)], stroke: stroke))
            d.add(role.marker(at: Point(e.rankX, l.axisY), radius: 1.9, theme: theme, outline: nil))
            d.add(.text(typesetter.text(
                e.label, at: Point(e.left ? e.endX - 3 : e.endX + 3, e.y), size: l.labelSize,
                anchor: e.left ? .end : .start, baseline: .middle, color: theme.ink)))
        }
        for bar in l.groupBars {
            d.line(Point(bar.x0, bar.y), Point(bar.x1, bar.y), Stroke(theme.ink, width: 2.6))
        }
        let noteTop = l.height - NoteWriter(typesetter: typesetter, size: theme.noteSize, color: theme.muted).height(note, width: width) - 2
        _ = NoteWriter(typesetter: typesetter, size: theme.noteSize, color: theme.muted).write(note, into: &d, x: 0, y: noteTop, width: width)
        return d
    }
}
