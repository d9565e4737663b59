// The whole report laid out with the fake metrics (no Cairo): every page clean, the cover's contents and
// page count right, unfinished runs listed, mixed configurations said, bad input refused with the
// statistics' error. Also the table exports.
import Foundation
import TableFormat
import RankStats
import RunRecords
import Testing
@testable import ReportRendering

func syntheticModels(_ pairs: Int, unpaired: Int = 0) -> [SyntheticRecords.Model] {
    var models: [SyntheticRecords.Model] = []
    for p in 0..<pairs {
        models.append(.init(id: "net\(p)", displayName: "Net\(p)", family: "net", baseline: nil))
        models.append(.init(id: "net\(p)s", displayName: "Net\(p)s", family: "net", baseline: "net\(p)"))
    }
    for u in 0..<unpaired { models.append(.init(id: "solo\(u)", displayName: "SoloModelWithALongName\(u)", family: "solo", baseline: nil)) }
    return models
}

func buildReport(_ results: ResultSet, input: String = "generated") throws -> Report {
    try ReportBuilder(options: ReportOptions(inputDescription: input), typesetter: fakeTypesetter).build(results)
}

func expectCleanPages(_ report: Report, _ what: String) {
    for (i, page) in report.pages.enumerated() { expectClean(page, "\(what) page \(i + 1)") }
    for figure in report.figures { expectClean(figure.drawing, "\(what) figure \(figure.slug)") }
}

@Suite struct ReportBuilderTests {
    @Test(arguments: [(1, 0, 1), (1, 1, 2), (4, 0, 3), (12, 0, 2), (15, 0, 12)])
    func generatedRecordsLayOutCleanly(pairs: Int, unpaired: Int, datasets: Int) throws {
        let records = SyntheticRecords.records(
            models: syntheticModels(pairs, unpaired: unpaired), datasets: (0..<datasets).map { "data\($0)" }, seeds: [0, 1, 2],
            epochs: 8, diverged: 1, failed: 1)
        let report = try buildReport(SyntheticRecords.resultSet(records))
        expectCleanPages(report, "\(pairs * 2 + unpaired) models × \(datasets) datasets")
        // The cover states the page count, and the contents point at pages that exist.
        let cover = report.pages[0].texts.map(\.string)
        #expect(cover.contains("This report has \(report.pages.count) pages."))
        for entry in report.contents {
            #expect(entry.page >= 2 && entry.page <= report.pages.count)
            // The section's heading is on the page the contents name.
            #expect(report.pages[entry.page - 1].texts.contains { $0.string == entry.title && $0.weight == .bold }, "\(entry.title)")
        }
        // Each page carries "page i of N".
        for (i, page) in report.pages.enumerated() {
            #expect(page.texts.contains { $0.string == "page \(i + 1) of \(report.pages.count)" })
        }
        // Unfinished runs are listed, not dropped.
        let all = report.pages.flatMap(\.texts).map(\.string)
        #expect(report.contents.contains { $0.title == "Runs that did not complete" })
        #expect(all.contains("diverged") && all.contains("failed") && all.contains("out of memory"))
        // Histograms per dataset, training curves, a Friedman graph and a CD diagram.
        #expect(report.figures.filter { $0.slug.contains("histogram") }.count == datasets)
        #expect(report.figures.contains { $0.slug == "runs-friedman-graph" } && report.figures.contains { $0.slug == "runs-cd-diagram" })
        #expect(report.figures.contains { $0.slug.contains("curves") })
        // Every model's display name appears.
        for m in syntheticModels(pairs, unpaired: unpaired) { #expect(all.contains { $0.contains(m.displayName) }, "\(m.displayName)") }
    }

    @Test func thePaperDataGivesEveryAnalysis() throws {
        let paper = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("results/paper").path
        let report = try buildReport(try ResultsReader.load(path: paper), input: "results/paper")
        expectCleanPages(report, "paper")
        let slugs = Set(report.figures.map(\.slug))
        #expect(slugs.isSuperset(of: ["table1-friedman-graph", "table1-cd-diagram", "seeds-histogram-cifar10", "seeds-histogram-cifar100"]))
        #expect(report.tables.contains { $0.slug == "costs" })
        // Table 1 (8 models, 3 datasets as blocks): Demšar's q_0.05 for k = 8 is 3.031, so
        // CD = 3.031·√(8·9/(6·3)) = 3.031·2 = 6.062.
        let texts = report.pages.flatMap(\.texts).map(\.string)
        #expect(texts.contains("CD = 6.062"))
        // Table 3 has one dataset: the statistics' own message is shown, not hidden.
        #expect(texts.contains { $0.contains("needs at least 2 blocks") })
    }

    @Test func mixedConfigurationsAreSaidOnTheCover() throws {
        var records = SyntheticRecords.records(models: syntheticModels(2), datasets: ["a", "b"], seeds: [0, 1], epochs: 4)
        for i in records.indices where records[i].model == "net1" { records[i].configuration.epochs = 99 }
        let report = try buildReport(SyntheticRecords.resultSet(records))
        let cover = report.pages[0].texts.map(\.string).joined(separator: " ")
        #expect(cover.contains("2 different training configurations"))
    }

    // 2 datasets × 2 seeds = 4 blocks and 2 pairs: no Wilcoxon–Holm p can be below 2 · 2/2⁴ = 0.25, and
    // the findings say so instead of a bare "none"; the paired t-test's verdict follows.
    @Test func theFindingsSayWhenWilcoxonHolmCannotReachAlpha() throws {
        let records = SyntheticRecords.records(models: syntheticModels(2), datasets: ["a", "b"], seeds: [0, 1])
        let report = try buildReport(SyntheticRecords.resultSet(records))
        let cover = report.pages[0].texts.map(\.string).joined(separator: " ")
        #expect(cover.contains("by Wilcoxon–Holm: none possible (with 4 blocks its smallest p is 0.25); by paired t-test–Holm:"))
    }

    @Test func aSingleModelGivesTheStatisticsError() throws {
        let records = SyntheticRecords.records(models: syntheticModels(1).prefix(1).map { $0 }, datasets: ["a", "b"], seeds: [0, 1])
        #expect(throws: StatsError.self) { try buildReport(SyntheticRecords.resultSet(records)) }
    }

    @Test func aMissingCellFailsUnlessDropped() throws {
        // net1s has no completed run on dataset a, seed 1: that block is incomplete.
        let records = SyntheticRecords.records(models: syntheticModels(2), datasets: ["a", "b"], seeds: [0, 1])
            .filter { !($0.model == "net1s" && $0.dataset == "a" && $0.seed == 1) }
        let set = SyntheticRecords.resultSet(records)
        #expect(throws: StatsError.self) { try buildReport(set) }
        var options = ReportOptions(inputDescription: "generated")
        options.dropIncomplete = true
        let report = try ReportBuilder(options: options, typesetter: fakeTypesetter).build(set)
        let text = report.pages.flatMap(\.texts).map(\.string).joined(separator: " ")
        #expect(text.contains("Dropped incomplete blocks") && text.contains("N = 3 blocks"))
    }

    @Test func onlyCostDataIsNothingToReport() throws {
        let set = ResultSet(observations: [
            Observation(model: "A", dataset: "d", seed: nil, metric: "flops", value: 1e9, source: .init(file: "c.csv", line: 2)),
        ], files: ["c.csv"])
        #expect(throws: ReportError.self) { try buildReport(set) }
    }

    @Test func tableExports() {
        let table = TableSpec(
            title: "Results & costs", slug: "t", columns: ["Model", "top-1 (%)"],
            rows: [[TableCell("Res_Net, \"18\""), TableCell("95.27 ± 0.21", bold: true)], [TableCell("A|B"), TableCell("–")]],
            notes: ["α = 0.05"])
        #expect(TableWriter.csv(table) == "Model,top-1 (%)\n\"Res_Net, \"\"18\"\"\",95.27 ± 0.21\nA|B,–\n")
        let md = TableWriter.markdown(table)
        #expect(md.contains("| **95.27 ± 0.21** |") && md.contains("A\\|B") && md.contains("|:---|---:|"))
        let tex = TableWriter.latex(table)
        #expect(tex.contains("\\toprule") && tex.contains("\\midrule") && tex.contains("\\bottomrule"))
        #expect(tex.contains("Res\\_Net, \"18\" & \\textbf{95.27 $\\pm$ 0.21} \\\\"))
        #expect(tex.contains("\\caption{Results \\& costs}") && tex.contains("$\\alpha$ = 0.05"))
    }

    @Test func scientificAndMillions() {
        #expect(CostTable.scientific(7.1e10) == "7.1×10¹⁰")
        #expect(CostTable.scientific(3.4e11) == "3.4×10¹¹")
        #expect(CostTable.scientific(9.96e10) == "1.0×10¹¹")
        #expect(CostTable.millions(11_220_000) == "11.22M")
    }
}
