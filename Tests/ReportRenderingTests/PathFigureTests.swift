// The recursion-formula figures: clean layouts for every named design and lag, one drawn row per path,
// and the report's Designs page. Expected counts are the paper's (Eq. 11: ResNet has C(i, k) paths of
// length k) and hand counts written here, never the figure's own output.
import Formulas
import Foundation
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

    /// ResNet at lag 6 has 2⁶ = 64 paths, C(6, k) = 1, 6, 15, 20, 15, 6, 1 of length k (Eq. 11), more than the
    /// 40 rows drawn. Every length keeps its first q paths plus a "+ n more" row: q = 7 gives
    /// 1+6+7+7+7+6+1 = 35 paths + 3 notes = 38 rows, q = 8 would give 38 + 3 = 41 > 40. So the notes say
    /// 15−7 = 8, 20−7 = 13 and 8 more, of lengths 2, 3 and 4, and 35 paths are drawn (dots: 0·1 + 1·6 + 2·7 +
    /// 3·7 + 4·7 + 5·6 + 6·1 = 105).
    @Test func manyPathsAreCondensedPerLength() throws {
        let d = PathDiagram(analysis: try analysis(.resnet, depth: 6), lag: 6, title: "resnet", width: 480).drawing(fakeTypesetter)
        #expect(d.texts.filter { $0.string.hasPrefix("+ ") }.map(\.string)
            == ["+ 8 more paths of length 2", "+ 13 more paths of length 3", "+ 8 more paths of length 4"])
        #expect(d.texts.filter { $0.string.hasPrefix("length ") }.count == 7)
        #expect(d.items.filter { if case .circle = $0 { return true } else { return false } }.count == 105)
        expectClean(d, "resnet lag 6")
        // Below the limit nothing is condensed: lag 5 has 32 paths.
        let five = PathDiagram(analysis: try analysis(.resnet, depth: 6), lag: 5, title: "resnet", width: 480).drawing(fakeTypesetter)
        #expect(!five.texts.contains { $0.string.hasPrefix("+ ") })
        #expect(five.texts.filter { $0.string == "1" }.count == 32)
    }

    /// Depths 5 and 6 for every design, in the report's and the CLI's figure (condensed where needed).
    @Test(arguments: NamedDesign.allCases, [5, 6])
    func deepLagsLayOutCleanly(_ design: NamedDesign, lag: Int) throws {
        expectClean(FormulaFigures.paths(try analysis(design, depth: 6), lag: lag, typesetter: fakeTypesetter), "\(design.rawValue) lag \(lag)")
    }

    @Test func countChartAndDesignsPageAreClean() throws {
        let designs = try [NamedDesign.resnet, .s, .sPublished, .a41, .a42, .heavyBall, .nesterov, .plain].map { try analysis($0) }
        let chart = PathCountChart(
            designs: designs.map { ($0.name!, $0.lags[3].pathsByLength) }, title: "lag 4", width: 480).drawing(fakeTypesetter)
        expectClean(chart, "count chart")
        var options = ReportOptions(inputDescription: "generated")
        options.designs = [NamedDesign.resnet, .s, .sPublished].map { ReportDesign(name: $0.rawValue, formula: $0.formula()) }
        let records = SyntheticRecords.records(models: syntheticModels(2), datasets: ["d0", "d1"], seeds: [0, 1])
        let report = try ReportBuilder(options: options, typesetter: fakeTypesetter).build(SyntheticRecords.resultSet(records))
        #expect(report.contents.contains { $0.title == "Designs: propagation paths of the recursion formulas" })
        #expect(report.tables.contains { $0.slug == "designs-path-counts" })
        // resnet's row: C(i, k) for i = 1 … 4 (Eq. 11).
        let table = try #require(report.tables.first { $0.slug == "designs-path-counts" })
        #expect(table.rows[0].map(\.text) == ["resnet", "1 1", "1 2 1", "1 3 3 1", "1 4 6 4 1"])
        expectCleanPages(report, "designs report")
    }

    /// A design written out (as `report --designs 'X[i] = …'` or a record's stored formula gives it) with a long
    /// formula: the paragraph, the table row and its paths lay out cleanly, under the name it was given.
    /// A.4.2's counts at lag 2: ∂X_L/∂X_{L−2} = W_L·W_{L−1} + W_{L−1} (the second term from X_L's own
    /// W[i-1] X[i-2]), so one path of length 1 and one of length 2: "0 1 1".
    @Test func writtenOutDesignGoesThroughTheReport() throws {
        var options = ReportOptions(inputDescription: "generated")
        let long = "Y[i] = X[i-1] + 0.25 * (X[i-1] - X[i-2]) + 0.125 * (X[i-2] - X[i-3]); X[i] = relu(Y[i] + W[i] Y[i])"
        options.designs = [
            ReportDesign(name: "a42-typed", formula: try BlockFormula.parse("X[i] = W[i] X[i-1] + W[i-1] X[i-2]")),
            ReportDesign(name: "formula 2", formula: try BlockFormula.parse(long)),
        ]
        let records = SyntheticRecords.records(models: syntheticModels(2), datasets: ["d0", "d1"], seeds: [0, 1])
        let report = try ReportBuilder(options: options, typesetter: fakeTypesetter).build(SyntheticRecords.resultSet(records))
        let table = try #require(report.tables.first { $0.slug == "designs-path-counts" })
        #expect(table.rows.map { $0[0].text } == ["a42-typed", "formula 2"])
        #expect(table.rows[0][2].text == "0 1 1")
        #expect(report.figures.contains { $0.slug == "designs-paths-formula-2" })
        expectCleanPages(report, "written-out designs")
    }

    /// A design the analysis refuses (ResNet to lag 30 would list 2³⁰ paths, beyond FormulaAnalysis.maxTerms)
    /// is a ReportError naming the design, not a crash or a silent omission.
    @Test func unanalysableDesignIsNamed() throws {
        var options = ReportOptions(inputDescription: "generated")
        options.designs = [ReportDesign(name: "deep-resnet", formula: NamedDesign.resnet.formula())]
        options.designDepth = 30
        let records = SyntheticRecords.records(models: syntheticModels(2), datasets: ["d0", "d1"], seeds: [0, 1])
        #expect {
            try ReportBuilder(options: options, typesetter: fakeTypesetter).build(SyntheticRecords.resultSet(records))
        } throws: { error in
            guard case ReportError.design(let name, _) = error else { return false }
            return name == "deep-resnet"
        }
    }

    /// The figure file writer: PNG and SVG bytes by extension, an unknown extension refused naming the file.
    @Test func figureFileWritesByExtension() throws {
        let drawing = FormulaFigures.paths(try analysis(.s), lag: 2, typesetter: fakeTypesetter)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("path-figure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("s.png").path
        try FigureFile.write(drawing, to: png, title: "s")
        #expect(try Data(contentsOf: URL(fileURLWithPath: png)).prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let gif = dir.appendingPathComponent("s.gif").path
        #expect(throws: ReportError.figure(path: gif, reason: "the file name must end in .pdf, .svg or .png")) {
            try FigureFile.write(drawing, to: gif, title: "s")
        }
        let missing = dir.appendingPathComponent("no/such/dir/s.pdf").path
        #expect(throws: ReportError.self) { try FigureFile.checkDestination(missing) }
        #expect(!FileManager.default.fileExists(atPath: gif))
    }
}
