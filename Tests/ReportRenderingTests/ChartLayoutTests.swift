// Every chart laid out for 2 to 30 models (and 1 to 12 datasets for tables), with long names: no two
// labels overlap and nothing leaves the drawing. Pure layout with the fake metrics: no Cairo.
import Foundation
import TableFormat
import Testing
@testable import ReportRendering

let modelCounts = [2, 3, 4, 5, 8, 12, 16, 24, 30]
let width = Theme.standard.contentWidth

func summary(_ k: Int, long: Bool, cd: Double? = nil) -> RankSummary {
    let names = modelNames(k, long: long)
    let ranks = averageRanks(k)
    let cd = cd ?? 0.3 * Double(k)
    return RankSummary(
        models: names.indices.map { RankedModel(name: names[$0], averageRank: ranks[$0], role: role($0)) },
        criticalDifference: cd, alpha: 0.05, qAlpha: 3.0, blockCount: 6, groups: groups(names, ranks, cd: cd))
}

@Suite struct ChartLayoutTests {
    @Test(arguments: modelCounts, [false, true])
    func friedmanGraphIsClean(k: Int, long: Bool) {
        let graph = FriedmanGraph(summary: summary(k, long: long), width: width)
        let d = graph.drawing(fakeTypesetter)
        expectClean(d, "Friedman graph k=\(k)")
        #expect(d.height < Theme.standard.contentHeight * 0.9)
        // Each bar is one CD long, centred on the dot.
        let l = graph.layout(fakeTypesetter)
        let s = graph.summary
        for (i, m) in s.models.enumerated() {
            let bar = l.bars[i]
            #expect(abs(l.scale.invert(bar.x1) - l.scale.invert(bar.x0) - s.criticalDifference) < 1e-9)
            #expect(abs(l.scale.invert((bar.x0 + bar.x1) / 2) - m.averageRank) < 1e-9)
            #expect(bar.x0 >= 0 && bar.x1 <= width)
        }
        // Rows are one per model, top to bottom, no two closer than a line of the label font.
        for i in 1..<k { #expect(l.rowY[i] - l.rowY[i - 1] >= fakeTypesetter.lineHeight(size: l.labelSize)) }
    }

    @Test(arguments: modelCounts, [false, true])
    func cdDiagramIsClean(k: Int, long: Bool) {
        let diagram = CDDiagram(summary: summary(k, long: long), width: width)
        let d = diagram.drawing(fakeTypesetter)
        expectClean(d, "CD diagram k=\(k)")
        let l = diagram.layout(fakeTypesetter)
        // Left elbows: better models (lower rank) have shallower elbows and their verticals lie left of
        // every deeper elbow's vertical, so horizontals never cross a vertical.
        let left = l.elbows.filter(\.left).sorted { $0.y < $1.y }
        let right = l.elbows.filter { !$0.left }.sorted { $0.y < $1.y }
        #expect(left.count == (k + 1) / 2 && right.count == k / 2)
        for i in left.indices.dropFirst() { #expect(left[i].rankX >= left[i - 1].rankX) }
        for i in right.indices.dropFirst() { #expect(right[i].rankX <= right[i - 1].rankX) }
        // Labels sit outside the plotting range, so no line runs through them.
        for e in l.elbows {
            #expect(e.left ? e.endX < l.scale.range.lower : e.endX > l.scale.range.upper)
        }
        // Group bars stacked without collisions: bars on one level do not touch.
        for a in l.groupBars.indices {
            for b in l.groupBars.indices where b > a && l.groupBars[a].level == l.groupBars[b].level {
                let (x, y) = (l.groupBars[a], l.groupBars[b])
                #expect(x.x1 < y.x0 || y.x1 < x.x0, "group bars on level \(x.level) collide")
            }
        }
        // All group bars lie between the axis and the shallowest elbow.
        let shallowest = l.elbows.map(\.y).min()!
        for bar in l.groupBars { #expect(bar.y > l.axisY && bar.y < shallowest) }
    }

    @Test func stackingIsTheIntervalColouring() {
        // Hand-worked: [0,10] and [12,20] share level 0 (gap 2 ≥ 1); [5,15] overlaps both → level 1;
        // [16,30] starts after [5,15] ends → level 1; [9,11] overlaps [0,10] and [5,15] → level 2.
        let levels = CDDiagram.stack([(0, 10), (12, 20), (5, 15), (16, 30), (9, 11)], gap: 1)
        #expect(levels == [0, 0, 1, 1, 2])
    }

    @Test func cdWiderThanTheAxisIsClamped() {
        let l = CDDiagram(summary: summary(3, long: false, cd: 5), width: width).layout(fakeTypesetter)
        #expect(l.cdBar.x1 <= l.scale.range.upper + 1e-9)
    }

    @Test(arguments: [1, 2, 4, 8, 12, 15], [false, true])
    func barChartIsClean(groups count: Int, long: Bool) {
        let names = modelNames(count * 2, long: long)
        var groups: [BarGroup] = []
        for g in 0..<count {
            let baseMean: Double = 95 + Double(g % 3) * 0.2
            let variantMean: Double = 95.3 + Double(g % 2) * 0.3
            let b = BarEstimate(model: names[2 * g], role: .baseline, mean: baseMean, lower: 94.8, upper: 95.9)
            let v = BarEstimate(model: names[2 * g + 1], role: .variant, mean: variantMean, lower: 95.0, upper: 96.1)
            groups.append(BarGroup(label: names[2 * g], bars: [b, v]))
        }
        let chart = BarChart(
            data: BarChartData(title: "cifar10", valueLabel: "top-1 accuracy (%)", groups: groups, errorBarNote: "±1 sd over 3 seeds"),
            width: width, height: 330)
        let d = chart.drawing(fakeTypesetter)
        expectClean(d, "bar chart \(count) groups")
        let l = chart.layout(fakeTypesetter)
        // The axis does not start at zero here, and says so.
        #expect(l.axisStart != nil && l.ticks.lower <= 94.8 && l.ticks.lower > 90)
        #expect(d.texts.contains { $0.string.contains("starts at") } || d.texts.contains { $0.string.contains("not at 0") })
        // Bars do not overlap each other and stay in the plot.
        for a in l.bars.indices {
            #expect(l.plot.contains(l.bars[a].rect, tolerance: 1e-6))
            for b in l.bars.indices where b > a { #expect(!l.bars[a].rect.intersects(l.bars[b].rect)) }
        }
    }

    @Test func barChartStartsAtZeroForSpreadData() {
        let groups = [BarGroup(label: "A", bars: [BarEstimate(model: "A", role: .baseline, mean: 10), BarEstimate(model: "As", role: .variant, mean: 80)])]
        let l = BarChart(data: BarChartData(title: "t", valueLabel: "v", groups: groups, errorBarNote: nil), width: 300, height: 200)
            .layout(fakeTypesetter)
        #expect(l.ticks.lower == 0 && l.axisStart == nil)
    }

    @Test(arguments: [2, 6, 24])
    func curvePanelIsClean(series count: Int) {
        let x = (1...30).map(Double.init)
        let series = (0..<count).map { s in
            CurveSeries(
                label: "Model\(s)", role: role(s), x: x, mean: x.map { 90 - 40 * exp(-$0 / 8) + Double(s) * 0.1 },
                lower: x.map { 89 - 40 * exp(-$0 / 8) }, upper: x.map { 91 - 40 * exp(-$0 / 8) })
        }
        let d = CurvePanel(data: CurvePanelData(title: "ResNet18 vs ResNet18s", xLabel: "epoch", yLabel: "test top-1 (%)", series: series),
            width: width / 2 - 6, height: 140 + 10 * Double(count)).drawing(fakeTypesetter)
        expectClean(d, "curve panel")
    }

    @Test(arguments: modelCounts, [1, 2, 3, 6, 12])
    func tablesFitThePage(k: Int, datasets: Int) {
        let names = modelNames(k, long: true)
        let columns = ["Model"] + (0..<datasets).flatMap { ["dataset\($0) top-1", "dataset\($0) top-5"] }
        let rows = names.map { name in [TableCell(name)] + (0..<datasets * 2).map { TableCell("95.42 ± 0.21", bold: $0 == 1) } }
        let table = TableSpec(title: "Summary", slug: "summary", columns: columns, rows: rows, notes: ["Bold: best per column."])
        let drawings = TableRenderer(table: table, width: width).drawings(fakeTypesetter, maxHeight: 400)
        for d in drawings {
            expectClean(d, "table k=\(k) datasets=\(datasets)")
            #expect(d.height <= 400)
            #expect(d.width <= width)
        }
        // Every cell is drawn exactly once, apart from the key column repeated per chunk.
        let texts = drawings.flatMap(\.texts).map(\.string)
        #expect(texts.filter { $0 == "95.42 ± 0.21" }.count == k * datasets * 2)
        for name in names { #expect(texts.contains { $0 == name }) }
    }
}
