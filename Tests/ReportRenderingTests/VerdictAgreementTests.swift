// stats and report print one verdict (issue 13, defect 2), and the report survives 1-epoch runs
// (defect 1: NiceTicks had no whole step for a one-point integer axis and trapped).
import Foundation
import RankStats
import RunRecords
import Testing
@testable import ReportRendering

@Suite struct VerdictAgreementTests {
    /// resnet18s beats resnet18 on each of 3 seeds: every block ranks the 2 models the same way.
    static var perfectAgreement: ResultSet {
        let values: [(String, Int, Double)] = [
            ("resnet18", 0, 90), ("resnet18s", 0, 91), ("resnet18", 617, 80), ("resnet18s", 617, 81),
            ("resnet18", 1234, 70), ("resnet18s", 1234, 71),
        ]
        return ResultSet(observations: values.map {
            Observation(model: $0.0, dataset: "cifar10", seed: $0.1, metric: StandardMetric.top1, value: $0.2,
                        source: SourceLocation(file: "agreement.csv"))
        })
    }

    @Test func perfectAgreementOnThreeBlocksIsNotSignificantInStatsAndReport() throws {
        let a = try RankAnalysis.run(Self.perfectAgreement, options: AnalysisOptions())
        // By hand: k = 2, N = 3, ranks (2, 1) in every block, average ranks R = (2, 1).
        // χ²_F = 12N/(k(k+1)) · (ΣR² − k(k+1)²/4) = 12·3/6 · (5 − 4.5) = 3, df 1;
        // P(χ²₁ > 3) = erfc(√(3/2)) = 0.0832645. F_F = (N−1)χ²/(N(k−1) − χ²) = 2·3/0 = ∞: ID cannot decide.
        #expect(abs(a.friedman.statistic - 3) < 1e-12)
        #expect(abs(a.friedman.pValue - 0.0832645166635504) < 1e-9)
        #expect(a.imanDavenport.statistic == .infinitePerfectAgreement)
        #expect(a.conclusions.omnibusTest == .friedman)
        #expect(a.conclusions.modelsDiffer == false)

        let text = AnalysisReport.render(a, format: .text)
        #expect(text.contains("no significant difference among the models (Friedman p = 0.08326"))
        let json = AnalysisReport.render(a, format: .json)
        #expect(json.contains("\"models_differ\" : false"))

        let report = try buildReport(Self.perfectAgreement)
        let all = report.pages.flatMap { $0.texts.map(\.string) }.joined(separator: " ")
        #expect(all.contains("do not differ significantly"))
        #expect(!all.contains("models differ significantly"))
    }

    /// Every fixture the report tests use: the report's sentence and stats' headline agree.
    @Test(arguments: [(1, 1), (4, 2), (12, 2)])
    func statsAndReportAgreeOnGeneratedRecords(pairs: Int, datasets: Int) throws {
        let records = SyntheticRecords.records(
            models: syntheticModels(pairs), datasets: (0..<datasets).map { "data\($0)" }, seeds: [0, 1, 2],
            epochs: 4, diverged: 0, failed: 0)
        let set = SyntheticRecords.resultSet(records)
        let a = try RankAnalysis.run(set, options: AnalysisOptions())
        let text = AnalysisReport.render(a, format: .text)
        let all = try buildReport(set).pages.flatMap { $0.texts.map(\.string) }.joined(separator: " ")
        if a.conclusions.modelsDiffer {
            #expect(text.contains("the models differ significantly"))
            #expect(!all.contains("do not differ significantly"))
        } else {
            #expect(text.contains("no significant difference"))
            #expect(all.contains("do not differ significantly"))
        }
    }

    @Test func oneEpochRunsLayOutCleanly() throws {
        let records = SyntheticRecords.records(
            models: syntheticModels(2), datasets: ["data0"], seeds: [0, 1, 2], epochs: 1, diverged: 0, failed: 1)
        let report = try buildReport(SyntheticRecords.resultSet(records))
        expectCleanPages(report, "1 epoch")
    }

    @Test func aOnePointIntegerAxisHasWholeTicks() {
        // One epoch: the curve's x axis holds the single point 1. Whole steps only, and 1 inside.
        let t = NiceTicks(min: 1, max: 1, target: 5, integerOnly: true)
        #expect(t.step >= 1 && t.step.rounded() == t.step)
        #expect(t.lower <= 1 && t.upper >= 1 && t.values.count >= 2)
    }
}
