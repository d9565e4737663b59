// Friedman, Iman–Davenport and Nemenyi against Demšar's worked example and hand-computed cases.
import Foundation
import RunRecords
import Testing
@testable import RankStats

/// Demšar (2006), Table 6: C4.5 variants (columns) on 14 data sets (rows); also scipy's
/// TestFriedmanChiSquare.x1 (transposed there).
enum Demsar {
    static let models = ["C4.5", "C4.5+m", "C4.5+cf", "C4.5+m+cf"]
    static let columns: [[Double]] = [
        [0.763, 0.599, 0.954, 0.628, 0.882, 0.936, 0.661, 0.583, 0.775, 1.0, 0.94, 0.619, 0.972, 0.957],
        [0.768, 0.591, 0.971, 0.661, 0.888, 0.931, 0.668, 0.583, 0.838, 1.0, 0.962, 0.666, 0.981, 0.978],
        [0.771, 0.590, 0.968, 0.654, 0.886, 0.916, 0.609, 0.563, 0.866, 1.0, 0.965, 0.614, 0.9751, 0.946],
        [0.798, 0.569, 0.967, 0.657, 0.898, 0.931, 0.685, 0.625, 0.875, 1.0, 0.962, 0.669, 0.975, 0.970],
    ]
    static var table: BlockTable {
        let rows = (0..<14).map { b in columns.map { $0[b] } }
        return BlockTable(
            models: models, blocks: (0..<14).map { BlockKey(dataset: "d\($0)") }, values: rows, metrics: ["auc"],
            lowerIsBetter: false)
    }
}

func table(_ rows: [[Double]], lowerIsBetter: Bool = false) -> BlockTable {
    BlockTable(
        models: (0..<rows[0].count).map { "m\($0)" }, blocks: rows.indices.map { BlockKey(dataset: "b\($0)") },
        values: rows, metrics: ["top1"], lowerIsBetter: lowerIsBetter)
}

@Suite struct FriedmanTests {
    @Test func demsarWorkedExample() throws {
        let analysis = try RankAnalysis(table: Demsar.table, alpha: 0.05, control: "C4.5")
        // Demšar: average ranks 3.143, 2.000, 2.893, 1.964 (exactly 44/14, 28/14, 40.5/14, 27.5/14).
        let expectedRanks = [44.0 / 14, 2.0, 40.5 / 14, 27.5 / 14]
        for (a, b) in zip(analysis.averageRanks, expectedRanks) { #expect(abs(a - b) < 1e-12) }
        // scipy.stats.friedmanchisquare (tie-corrected): 10.2283464566929, p 0.0167215803284414.
        #expect(abs(analysis.friedman.tieCorrectedStatistic - 10.2283464566929) < 1e-10)
        #expect(abs(analysis.friedman.pValue - 0.0167215803284414) < 1e-12)
        // Demšar: χ²_F = 9.28 without tie correction (hand: 9.278571428571…, p = chi2.sf(., 3) = 0.0258075).
        #expect(abs(analysis.friedman.statistic - 9.278571428571437) < 1e-10)
        #expect(abs(analysis.friedman.uncorrectedPValue - 0.025807496707063185) < 1e-10)
        #expect(analysis.friedman.degreesOfFreedom == 3)
        // Demšar: F_F = 3.69 on (3, 39); p from scipy f.sf(3.686313032089068, 3, 39) = 0.019823006192249054.
        let f = try #require(analysis.imanDavenport.f)
        #expect(abs(f - 3.686313032089068) < 1e-10)
        #expect(analysis.imanDavenport.degreesOfFreedom == (3, 39))
        #expect(abs(analysis.imanDavenport.pValue - 0.019823006192249054) < 1e-9)
        // Demšar: CD = 2.569 · √(4·5/(6·14)) = 1.25 at α = 0.05.
        #expect(abs(analysis.nemenyi.criticalDifference - 1.2535591471176057) < 1e-6)
        // Nemenyi p, scipy: studentized_range.sf(√2·|R1 − R4|/se, 4, inf) = 0.0741847950687442.
        #expect(abs(analysis.nemenyi.pValues[0][3] - 0.0741847950687442) < 1e-7)
        #expect(abs(analysis.nemenyi.pValues[0][1] - 0.0886727092888826) < 1e-7)
        // No pair differs by the CD (1.179 < 1.25): one group holding all four.
        #expect(analysis.nemenyi.groups == [0...3])
        #expect(analysis.nemenyi.rankOrder == [3, 1, 2, 0])
        // Against C4.5 (Demšar §3.2.2): z and p from scipy.stats.norm; Bonferroni–Dunn CD 2.394·se = 1.168.
        let control = analysis.controlTests
        #expect(control.mode == .control("C4.5"))
        #expect(control.comparisons.map(\.model) == ["C4.5+m", "C4.5+cf", "C4.5+m+cf"])
        let expectedZ = [-2.3421601750764793, -0.5123475382979799, -2.4153526805476195]
        let expectedP = [0.019172484755223106, 0.6084078002329985, 0.015719980210024593]
        for (c, (z, p)) in zip(control.comparisons, zip(expectedZ, expectedP)) {
            #expect(abs(c.z - z) < 1e-12)
            #expect(abs(c.pValue - p) < 1e-12)
            #expect(abs(c.bonferroniPValue - min(1, 3 * p)) < 1e-12)
        }
        // Holm by hand: sorted p 0.01572·3 = 0.04716, 0.01917·2 = 0.03834 → max 0.04716, 0.60841·1.
        #expect(abs(control.comparisons[2].holmPValue - 3 * 0.015719980210024593) < 1e-12)
        #expect(abs(control.comparisons[0].holmPValue - 3 * 0.015719980210024593) < 1e-12)
        #expect(abs(control.comparisons[1].holmPValue - 0.6084078002329985) < 1e-12)
        #expect(control.comparisons.map(\.significantHolm) == [true, false, true])
        #expect(abs(try #require(control.bonferroniDunnCriticalDifference) - 1.1681425306400992) < 1e-8)
    }

    // Hand calculation, k = 3, N = 4, no ties: ranks (1,2,3),(1,3,2),(2,1,3),(1,2,3); R = (1.25, 2, 2.75);
    // χ² = 12·4/(3·4)·(1.5625 + 4 + 7.5625 − 12) = 4.5; F = 3·4.5/(8 − 4.5) = 27/7.
    @Test func handComputedSmallCase() throws {
        let t = table([[9, 8, 7], [9, 7, 8], [8, 9, 7], [3, 2, 1]])
        let r = try FriedmanTest.test(t)
        #expect(FriedmanTest.averageRanks(FriedmanTest.ranks(of: t)) == [1.25, 2, 2.75])
        #expect(abs(r.statistic - 4.5) < 1e-12)
        #expect(r.tieCorrectedStatistic == r.statistic)
        #expect(abs(r.pValue - exp(-4.5 / 2)) < 1e-12)  // χ²(2) survival is exp(−x/2)
        let f = try FriedmanTest.imanDavenport(r, models: 3, blocks: 4)
        #expect(abs(try #require(f.f) - 27.0 / 7) < 1e-12)
        #expect(f.degreesOfFreedom == (2, 6))
    }

    // Lower is better flips the ranks.
    @Test func lowerIsBetterReversesRanks() {
        #expect(Ranking.ranks([0.1, 0.3, 0.2], lowerIsBetter: true) == [1, 3, 2])
        #expect(Ranking.ranks([0.1, 0.3, 0.2], lowerIsBetter: false) == [3, 1, 2])
        #expect(Ranking.ranks([5, 7, 5, 1], lowerIsBetter: false) == [2.5, 1, 2.5, 4])
    }

    @Test func allModelsEqualGivesZeroAndPOne() throws {
        let analysis = try RankAnalysis(table: table([[1, 1, 1], [2, 2, 2], [3, 3, 3]]))
        #expect(analysis.friedman.statistic == 0)
        #expect(analysis.friedman.tieCorrectedStatistic == 0)
        #expect(analysis.friedman.pValue == 1)
        #expect(analysis.imanDavenport.f == 0)
        #expect(analysis.imanDavenport.pValue == 1)
        #expect(analysis.nemenyi.groups == [0...2])
    }

    @Test func perfectAgreementIsInfiniteF() throws {
        let analysis = try RankAnalysis(table: table([[3, 2, 1], [30, 20, 10], [0.3, 0.2, 0.1]]))
        // χ² reaches N(k − 1) = 6.
        #expect(abs(analysis.friedman.statistic - 6) < 1e-12)
        #expect(analysis.imanDavenport.statistic == .infinitePerfectAgreement)
        #expect(analysis.imanDavenport.f == nil)
        #expect(analysis.imanDavenport.pValue == 0)
    }

    @Test func tooFewModelsOrBlocksSayWhichTestNeedsWhat() {
        #expect(throws: StatsError.tooFewModels(test: "Friedman test", needed: 2, models: ["m0"])) {
            try RankAnalysis(table: table([[1], [2]]))
        }
        #expect(throws: StatsError.tooFewBlocks(test: "Friedman test", needed: 2, found: 1, dropped: 0)) {
            try RankAnalysis(table: table([[1, 2, 3]]))
        }
        let message = StatsError.tooFewModels(test: "Friedman test", needed: 2, models: ["m0"]).description
        #expect(message.contains("Friedman test needs at least 2 models"))
    }

    @Test func invalidAlphaIsAnError() {
        #expect(throws: StatsError.self) { try RankAnalysis(table: table([[1, 2], [2, 1]]), alpha: 1) }
    }

    @Test func unknownControlIsAnError() {
        #expect(throws: StatsError.unknownModels(["zz"], available: ["m0", "m1"])) {
            try RankAnalysis(table: table([[1, 2], [2, 1]]), control: "zz")
        }
    }
}

@Suite struct NemenyiGroupTests {
    // CD 1: ranks 1, 1.5, 2.2, 3.5, 3.6 → {0,1} (2.2 − 1 ≥ 1), {1,2}, {3,4}.
    @Test func groupsAreMaximalCliques() {
        #expect(NemenyiTest.groups(sortedRanks: [1, 1.5, 2.2, 3.5, 3.6], criticalDifference: 1) == [0...1, 1...2, 3...4])
        // An isolated model is its own group.
        #expect(NemenyiTest.groups(sortedRanks: [1, 3, 3.5], criticalDifference: 1) == [0...0, 1...2])
        // A difference equal to the CD is significant (Demšar: "at least the critical difference").
        #expect(NemenyiTest.groups(sortedRanks: [1, 2], criticalDifference: 1) == [0...0, 1...1])
    }

    @Test func holmByHand() {
        // p = (0.01, 0.04, 0.03, 0.2): sorted 0.01·4 = 0.04, 0.03·3 = 0.09, 0.04·2 = 0.08 → 0.09, 0.2·1 → 0.2.
        let adjusted = Holm.adjust([0.01, 0.04, 0.03, 0.2])
        let expected = [0.04, 0.09, 0.09, 0.2]
        for (a, e) in zip(adjusted, expected) { #expect(abs(a - e) < 1e-15) }
    }
}
