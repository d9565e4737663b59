// The bundled paper data (results/paper): it reads as one result set, Table 8's accuracy column agrees
// with Tables 1 and 2, and the Table 1 analysis matches numbers computed independently with scipy.
import Foundation
import RunRecords
import Testing
@testable import RankStats

enum PaperData {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("results/paper").path
    static func file(_ name: String) -> String { directory + "/" + name }
}

@Suite struct PaperDataTests {
    @Test func directoryReadsAsOneResultSet() throws {
        let set = try ResultsReader.load(path: PaperData.directory)
        #expect(set.files.count == 5)
        // 8·3·2 + 16·2 + 8 + 16·2·3 + 24·2
        #expect(set.observations.count == 48 + 32 + 8 + 96 + 48)
        #expect(Set(set.models).count == 24)
        #expect(Set(set.metrics) == ["top1", "top5", "flops", "params"])
    }

    // Table 8's Acc(%) column, typed from the paper; it repeats the CIFAR100 top-1 of Tables 1 and 2.
    static let table8Accuracy: [String: Double] = [
        "ResNet18": 76.60, "ResNet18s": 76.57, "ResNet34": 77.09, "ResNet34s": 77.48,
        "ResNet50": 78.37, "ResNet50s": 78.65, "ResNet101": 77.67, "ResNet101s": 78.56,
        "SEResNet18": 78.71, "SEResNet18s": 78.65, "SEResNet34": 79.05, "SEResNet34s": 80.15,
        "SEResNet50": 79.30, "SEResNet50s": 80.36, "SEResNet101": 79.36, "SEResNet101s": 80.09,
        "ResNeXt2": 79.39, "ResNeXt2s": 79.49, "ResNeXt4": 80.99, "ResNeXt4s": 81.06,
        "Res2NeXt2": 81.14, "Res2NeXt2s": 82.22, "Res2NeXt4": 79.27, "Res2NeXt4s": 82.49,
    ]

    @Test func table8AccuracyMatchesTables1And2() throws {
        var found: [String: Double] = [:]
        for name in ["table1.csv", "table2.csv"] {
            for o in try ResultsReader.load(path: PaperData.file(name)).observations
            where o.dataset == "cifar100" && o.metric == "top1" {
                found[o.model] = o.value
            }
        }
        #expect(found == Self.table8Accuracy)
    }

    @Test func table8CostsCoverEveryModel() throws {
        let set = try ResultsReader.load(path: PaperData.file("table8.csv"))
        #expect(Set(set.models) == Set(Self.table8Accuracy.keys))
        let flops = set.observations.first { $0.model == "Res2NeXt4s" && $0.metric == "flops" }?.value
        let params = set.observations.first { $0.model == "ResNet18" && $0.metric == "params" }?.value
        #expect(flops == 8.9e11)
        #expect(params == 11_220_000)
    }

    @Test func seedsTableHasThreeSeedsPerCell() throws {
        let set = try ResultsReader.load(path: PaperData.file("seeds.csv"))
        #expect(Set(set.observations.compactMap(\.seed)) == [0, 617, 1234])
        #expect(set.models.count == 16)
        // Spot checks against Tables 5–7.
        let value = { (m: String, d: String, s: Int) in
            set.observations.first { $0.model == m && $0.dataset == d && $0.seed == s }?.value
        }
        #expect(value("Res2NeXt4s", "cifar100", 1234) == 82.71)
        #expect(value("ResNeXt2", "cifar10", 617) == 95.67)
        #expect(value("SEResNet50", "cifar100", 0) == 80.10)
    }

    // Table 1 top-1, blocks = the three datasets. Independent: numpy/scipy 1.17.1 at development time —
    // ranks by scipy.stats.rankdata, scipy.stats.friedmanchisquare = (18.1111111111111, 0.011478623060583419),
    // F = (N−1)χ²/(N(k−1)−χ²) = 12.538461538461483, f.sf(F, 7, 14) = 4.580397857632495e-05,
    // studentized_range.ppf(0.95, 8, inf)/√2 = 3.030878449614413, CD = 6.061756899228826.
    @Test func table1Analysis() throws {
        let set = try ResultsReader.load(path: PaperData.file("table1.csv"))
        let a = try RankAnalysis.run(set, options: AnalysisOptions(table: BlockTableOptions(blocks: [.dataset])))
        #expect(a.models == ["ResNet18", "ResNet18s", "ResNet34", "ResNet34s", "ResNet50", "ResNet50s", "ResNet101", "ResNet101s"])
        #expect(a.blockLabels == ["cifar10", "cifar100", "imagenet"])
        let expected = [22.0 / 3, 23.0 / 3, 6, 4, 11.0 / 3, 5.0 / 3, 11.0 / 3, 2]
        for (r, e) in zip(a.averageRanks, expected) { #expect(abs(r - e) < 1e-12) }
        #expect(abs(a.friedman.statistic - 18.1111111111111) < 1e-9)
        #expect(a.friedman.tieCorrectedStatistic == a.friedman.statistic)
        #expect(abs(a.friedman.pValue - 0.011478623060583419) < 1e-12)
        #expect(abs(try #require(a.imanDavenport.f) - 12.538461538461483) < 1e-9)
        #expect(a.imanDavenport.degreesOfFreedom == (7, 14))
        #expect(abs(a.imanDavenport.pValue - 4.580397857632495e-05) < 1e-10)
        #expect(abs(a.nemenyi.qAlpha - 3.030878449614413) < 1e-6)
        #expect(abs(a.nemenyi.criticalDifference - 6.061756899228826) < 1e-6)
        // With N = 3 the CD (6.06) exceeds the largest rank gap (7.667 − 1.667 = 6): one group of all eight.
        #expect(a.nemenyi.groups == [0...7])
        #expect(a.pairs.map(\.variant) == ["ResNet18s", "ResNet34s", "ResNet50s", "ResNet101s"])
        #expect(a.pairs.allSatisfy { $0.wilcoxon.method == .exact })
        #expect(a.errorBars.isEmpty)
    }
}
