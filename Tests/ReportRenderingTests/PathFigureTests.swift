// The recursion-formula figures: clean layouts for every named design and lag, one drawn row per path,
// and the report's Designs page. Expected counts are the paper's (Eq. 11: ResNet has C(i, k) paths of
// length k) and hand counts written here, never the figure's own output.
import Formulas
import RunRecords
import Testing
@testable import ReportRendering

@Suite struct PathFigureTests {
    func analysis(_ d: NamedDesign, depth: Int = 4) throws -> FormulaAnalysis {
        try FormulaAnalysis(d.formula(), name: d.rawValue, depth: depth)
    }

    @Test(arguments: NamedDesign.allCases, [1, 2, 3, 4])
    func everyDesignAndLagLaysOutCleanly(_ design: NamedDesign, lag: Int) throws {
        let drawing = FormulaFigures.paths(try analysis(design), lag: lag, typesetter: fakeTypesetter)
        expectClean(drawing, "\(design.rawValue) lag \(lag)")
    }

    /// ResNet at lag 3: 2³ = 8 paths (Eq. 11), one coefficient label each, and Σ_k k·C(3, k) = 0 + 3 + 6 + 3 = 12
    /// dots (one per W passed through).
    @Test func resnetLagThreeDrawsEightPathsThroughTwelveBlocks() throws {
        let d = PathDiagram(analysis: try analysis(.resnet), lag: 3, title: "resnet", width: 480).drawing(fakeTypesetter)
        let dots = d.items.filter { if case .circle = $0 { return true } else { return false } }
        #expect(dots.count == 12)
        #expect(d.texts.filter { $0.string == "1" }.count == 8)
        #expect(d.texts.filter { $0.string.hasPrefix("length ") }.map(\.string) == ["length 0", "length 1", "length 2", "length 3"])
    }

    /// s-published at lag 2: ∂X_L/∂X_{L−2} = W_L + W_L·W_{L−1} (hand expansion of the A.5 code, see
    /// FormulasTests): two paths, no length-0 path, three dots.
    @Test func sPublishedLagTwoHasNoDirectPath() throws {
        let d = PathDiagram(analysis: try analysis(.sPublished), lag: 2, title: "s-published", width: 480).drawing(fakeTypesetter)
        #expect(d.items.filter { if case .circle = $0 { return true } else { return false } }.count == 3)
        #expect(!d.texts.contains { $0.string == "length 0" })
    }

    @Test func manyPathsAreCutWithANote() throws {
        // ResNet at lag 6 has 2⁶ = 64 paths; 40 are drawn.
        let d = PathDiagram(analysis: try analysis(.resnet, depth: 6), lag: 6, title: "resnet", width: 480).drawing(fakeTypesetter)
        #expect(d.texts.contains { $0.string.contains("and 24 longer paths") })
        expectClean(d, "resnet lag 6")
    }

    @Test func countChartAndDesignsPageAreClean() throws {
        let designs = try [NamedDesign.resnet, .s, .sPublished, .a41, .a42, .heavyBall, .nesterov, .plain].map { try analysis($0) }
        let chart = PathCountChart(
            designs: designs.map { ($0.name!, $0.lags[3].pathsByLength) }, title: "lag 4", width: 480).drawing(fakeTypesetter)
        expectClean(chart, "count chart")
        var options = ReportOptions(inputDescription: "generated")
        options.designs = Array(designs.prefix(3))
        let records = SyntheticRecords.records(models: syntheticModels(2), datasets: ["d0", "d1"], seeds: [0, 1])
        let report = try ReportBuilder(options: options, typesetter: fakeTypesetter).build(SyntheticRecords.resultSet(records))
        #expect(report.contents.contains { $0.title == "Designs: propagation paths of the recursion formulas" })
        #expect(report.tables.contains { $0.slug == "designs-path-counts" })
        // resnet's row: C(i, k) for i = 1 … 4 (Eq. 11).
        let table = try #require(report.tables.first { $0.slug == "designs-path-counts" })
        #expect(table.rows[0].map(\.text) == ["resnet", "1 1", "1 2 1", "1 3 3 1", "1 4 6 4 1"])
        expectCleanPages(report, "designs report")
    }
}
