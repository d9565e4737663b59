// Every layout of the report (cover, tables, Friedman graph, CD diagram, bar chart, curves) over the edge
// cases a user can produce (issue 13, defect 1), laid out with the fake metrics and with Cairo's real text
// metrics: no text overlaps, and nothing (text, line, shape) is drawn outside its page or figure.
import Foundation
import RunRecords
import Testing
@testable import ReportRendering

struct LayoutCase: CustomTestStringConvertible, Sendable {
    let label: String
    var pairs = 4
    var datasets = 2
    var seeds = [0, 1, 2]
    var epochs = 5
    var failed = 0
    /// Replaces every top-1 value (nil: leave the generated ones).
    var everyValue: Double? = nil
    /// Replaces the first model's top-1 values.
    var firstModelValue: Double? = nil
    var dropFirstBaseline = false
    var testDescription: String { label }
}

let layoutCases = [
    LayoutCase(label: "1 epoch", epochs: 1),
    LayoutCase(label: "1 seed", seeds: [0]),
    LayoutCase(label: "1 dataset", datasets: 1),
    LayoutCase(label: "2 models", pairs: 1),
    LayoutCase(label: "30 models", pairs: 15),
    LayoutCase(label: "every value equal", everyValue: 50),
    LayoutCase(label: "a value of 0", firstModelValue: 0),
    LayoutCase(label: "a huge value", firstModelValue: 1e12),
    LayoutCase(label: "a missing baseline", dropFirstBaseline: true),
    LayoutCase(label: "one failed run", failed: 1),
]

enum MetricsKind: String, CaseIterable, Sendable { case fake, cairo }

@Suite struct LayoutEdgeCaseTests {
    static let cairo = Typesetter(metrics: CairoTextMetrics())

    func results(_ c: LayoutCase) -> ResultSet {
        var models = syntheticModels(c.pairs)
        if c.dropFirstBaseline { models.removeFirst() }
        let records = SyntheticRecords.records(
            models: models, datasets: (0..<c.datasets).map { "data\($0)" }, seeds: c.seeds, epochs: c.epochs, failed: c.failed)
        var set = SyntheticRecords.resultSet(records)
        for i in set.observations.indices where set.observations[i].metric == "top1" {
            if let v = c.everyValue { set.observations[i].value = v }
            if let v = c.firstModelValue, set.observations[i].model == models[0].id { set.observations[i].value = v }
        }
        return set
    }

    @Test(arguments: layoutCases, MetricsKind.allCases)
    func everyLayoutIsClean(_ c: LayoutCase, metrics: MetricsKind) throws {
        let typesetter = metrics == .fake ? fakeTypesetter : Self.cairo
        let report = try ReportBuilder(options: ReportOptions(inputDescription: "generated"), typesetter: typesetter).build(results(c))
        #expect(report.pages.count > 1)
        for (i, page) in report.pages.enumerated() {
            expectClean(page, "\(c.label), \(metrics) metrics, page \(i + 1)")
            expectInside(page, "\(c.label), \(metrics) metrics, page \(i + 1)")
        }
        for figure in report.figures {
            expectClean(figure.drawing, "\(c.label), \(metrics) metrics, figure \(figure.slug)")
            expectInside(figure.drawing, "\(c.label), \(metrics) metrics, figure \(figure.slug)")
        }
    }

    /// The points each shape covers (a circle by its bounding box; clipped items are inside their clip).
    func points(_ item: DrawItem) -> [Point] {
        switch item {
        case .line(let a, let b, _): return [a, b]
        case .polyline(let p, _), .polygon(let p, _, _): return p
        case .rect(let r, _, _): return [Point(r.x, r.y), Point(r.x + r.width, r.y + r.height)]
        case .circle(let c, let r, _, _): return [Point(c.x - r, c.y - r), Point(c.x + r, c.y + r)]
        case .text(let t): return [Point(t.box.x, t.box.y), Point(t.box.x + t.box.width, t.box.y + t.box.height)]
        case .clipped(let r, _): return [Point(r.x, r.y), Point(r.x + r.width, r.y + r.height)]
        }
    }

    func expectInside(_ d: Drawing, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let slack = 0.5  // half a point: a stroke centred on the edge
        let outside = d.items.filter { item in
            points(item).contains { p in
                !(p.x.isFinite && p.y.isFinite) || p.x < -slack || p.y < -slack || p.x > d.width + slack || p.y > d.height + slack
            }
        }
        #expect(outside.isEmpty, "\(what): \(outside.count) item(s) outside the \(d.width)×\(d.height) drawing, first \(String(describing: outside.first))",
                sourceLocation: sourceLocation)
    }
}
