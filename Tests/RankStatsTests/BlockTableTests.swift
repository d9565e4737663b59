// Building the model × block table: filters, blocks, seed averaging and every error it reports.
import Foundation
import RunRecords
import Testing
@testable import RankStats

func obs(_ model: String, _ dataset: String, _ seed: Int?, _ metric: String = "top1", value: Double, line: Int = 2) -> Observation {
    Observation(model: model, dataset: dataset, seed: seed, metric: metric, value: value,
                source: SourceLocation(file: "r.csv", line: line))
}

@Suite struct BlockTableTests {
    static let seeded: [Observation] = [
        obs("A", "c10", 0, value: 90), obs("A", "c10", 1, value: 92), obs("B", "c10", 0, value: 91), obs("B", "c10", 1, value: 89),
        obs("A", "c100", 0, value: 70), obs("A", "c100", 1, value: 72), obs("B", "c100", 0, value: 75), obs("B", "c100", 1, value: 77),
        obs("A", "c10", 0, "test_loss", value: 0.3), obs("B", "c10", 0, "test_loss", value: 0.2),
    ]

    @Test func datasetAndSeedBlocks() throws {
        let t = try BlockTable.build(from: Self.seeded, options: BlockTableOptions())
        #expect(t.models == ["A", "B"])
        #expect(t.blockLabels == ["c10 / seed 0", "c10 / seed 1", "c100 / seed 0", "c100 / seed 1"])
        #expect(t.values == [[90, 91], [92, 89], [70, 75], [72, 77]])
        #expect(t.lowerIsBetter == false)
    }

    @Test func datasetBlocksAverageSeedsFirst() throws {
        let t = try BlockTable.build(from: Self.seeded, options: BlockTableOptions(blocks: [.dataset]))
        #expect(t.blockLabels == ["c10", "c100"])
        #expect(t.values == [[91, 90], [71, 76]])
        #expect(t.observationCounts == [[2, 2], [2, 2]])
    }

    @Test func lossDefaultsToLowerIsBetterAndCanBeOverridden() throws {
        let t = try BlockTable.build(from: Self.seeded, options: BlockTableOptions(metrics: ["test_loss"], blocks: [.dataset]))
        #expect(t.lowerIsBetter)
        let u = try BlockTable.build(
            from: Self.seeded, options: BlockTableOptions(metrics: ["test_loss"], lowerIsBetter: false, blocks: [.dataset]))
        #expect(!u.lowerIsBetter)
    }

    @Test func modelFilterIsCaseInsensitiveAndOrdered() throws {
        let t = try BlockTable.build(from: Self.seeded, options: BlockTableOptions(blocks: [.dataset], models: ["b", "A"]))
        #expect(t.models == ["B", "A"])
        #expect(throws: StatsError.unknownModels(["C"], available: ["A", "B"])) {
            try BlockTable.build(from: Self.seeded, options: BlockTableOptions(models: ["C"]))
        }
    }

    @Test func unknownMetricDatasetSeed() {
        #expect(throws: StatsError.unknownMetrics(["top5"], available: ["top1", "test_loss"])) {
            try BlockTable.build(from: Self.seeded, options: BlockTableOptions(metrics: ["top5"]))
        }
        #expect(throws: StatsError.unknownDatasets(["svhn"], available: ["c10", "c100"])) {
            try BlockTable.build(from: Self.seeded, options: BlockTableOptions(datasets: ["svhn"]))
        }
        #expect(throws: StatsError.unknownSeeds([7], available: [0, 1])) {
            try BlockTable.build(from: Self.seeded, options: BlockTableOptions(seeds: .seeds([7])))
        }
    }

    @Test func seedFilterAndMetricBlocks() throws {
        let t = try BlockTable.build(from: Self.seeded, options: BlockTableOptions(seeds: .seeds([1])))
        #expect(t.blockLabels == ["c10 / seed 1", "c100 / seed 1"])
        let multi = [obs("A", "d", nil, "top1", value: 1), obs("B", "d", nil, "top1", value: 2), obs("A", "d", nil, "top5", value: 3), obs("B", "d", nil, "top5", value: 4)]
        let m = try BlockTable.build(from: multi, options: BlockTableOptions(metrics: ["top1", "top5"], blocks: [.dataset, .metric]))
        #expect(m.blockLabels == ["d / top1", "d / top5"])
        #expect(throws: StatsError.self) {
            try BlockTable.build(from: multi, options: BlockTableOptions(metrics: ["top1", "top5"], blocks: [.dataset]))
        }
    }

    @Test func mixedSeedlessAndSeededIsAnErrorWithAHint() throws {
        let mixed = Self.seeded + [obs("A", "c10", nil, value: 91), obs("B", "c10", nil, value: 90)]
        let error = #expect(throws: StatsError.self) { try BlockTable.build(from: mixed, options: BlockTableOptions()) }
        #expect(error == .mixedSeeds(seedless: ["A", "B"], seeded: ["A", "B"]))
        #expect(error?.description.contains("--seeds none") == true)
        #expect(error?.description.contains("--seeds 0,617,1234") == true)
        // Either filter resolves it.
        #expect(try BlockTable.build(from: mixed, options: BlockTableOptions(seeds: .seedless)).blocks.count == 1)
        #expect(try BlockTable.build(from: mixed, options: BlockTableOptions(seeds: .seeds([0, 1]))).blocks.count == 4)
        // Averaging seeds on a cell that also has a seedless value is ambiguous.
        #expect(throws: StatsError.seedlessAndSeeded(model: "A", dataset: "c10", metric: "top1")) {
            try BlockTable.build(from: mixed, options: BlockTableOptions(blocks: [.dataset], models: ["A"]))
        }
    }

    @Test func missingCellsAreNamedOrDropped() throws {
        var rows = (0..<20).flatMap { b in [obs("A", "d\(b)", nil, value: 1), obs("B", "d\(b)", nil, value: 2)] }
        rows += (0..<15).map { obs("C", "d\($0)", nil, value: 3) }  // C misses d15…d19
        let error = #expect(throws: StatsError.self) {
            try BlockTable.build(from: rows, options: BlockTableOptions(blocks: [.dataset]))
        }
        guard case .missingCells(let cells, let blocks)? = error else {
            Issue.record("expected missingCells, got \(String(describing: error))")
            return
        }
        #expect(cells.map(\.block) == ["d15", "d16", "d17", "d18", "d19"])
        #expect(blocks == 20)
        #expect(error?.description.contains("C on d15") == true)
        #expect(error?.description.contains("--drop-incomplete") == true)
        let t = try BlockTable.build(from: rows, options: BlockTableOptions(blocks: [.dataset], dropIncomplete: true))
        #expect(t.blocks.count == 15)
        #expect(t.droppedBlocks == ["d15", "d16", "d17", "d18", "d19"])
    }

    @Test func missingCellListIsCapped() {
        let cells = (0..<30).map { MissingCell(model: "m", block: "b\($0)") }
        let text = StatsError.missingCells(cells, blocks: 40).description
        #expect(text.contains("30 (model, block) cell(s)"))
        #expect(text.contains("and 18 more"))
        #expect(!text.contains("m on b12;"))
    }

    @Test func nonFiniteValueNamesFileAndLine() {
        let bad = [obs("A", "d", nil, value: 1), obs("B", "d", nil, value: .nan, line: 7)]
        let error = #expect(throws: StatsError.self) { try BlockTable.build(from: bad, options: BlockTableOptions()) }
        #expect(error?.description.hasPrefix("r.csv:7:") == true)
    }

    @Test func droppingEverythingLeavesTooFewBlocks() throws {
        let rows = [obs("A", "d0", nil, value: 1), obs("B", "d0", nil, value: 2), obs("A", "d1", nil, value: 1)]
        let t = try BlockTable.build(from: rows, options: BlockTableOptions(blocks: [.dataset], dropIncomplete: true))
        let error = #expect(throws: StatsError.self) { try RankAnalysis(table: t) }
        #expect(error == .tooFewBlocks(test: "Friedman test", needed: 2, found: 1, dropped: 1))
        #expect(error?.description.contains("after dropping 1 incomplete block") == true)
    }
}
