// Wilcoxon signed-rank, paired t and error bars against scipy 1.17.1 literals (computed at development
// time in python3; the calls are in the comments).
import Foundation
import RunRecords
import Testing
@testable import RankStats

@Suite struct PairTestsTests {
    // scipy.stats.wilcoxon([0.5, 1.2, -0.3, 2.1, 0.9, -0.7, 1.6, 0.4]) → statistic 5.0, p 0.078125 (exact).
    // By hand: |d| ranks 3,6,1,8,5,4,7,2; T⁻ = 1 + 4 = 5; P(T⁺ ≤ 5) = 10/256 → p = 20/256.
    @Test func wilcoxonExact() {
        let r = PairTests.wilcoxon([0.5, 1.2, -0.3, 2.1, 0.9, -0.7, 1.6, 0.4])
        #expect(r.method == .exact)
        #expect(r.statistic == 5)
        #expect(abs(r.pValue - 0.078125) < 1e-15)
    }

    // scipy.stats.wilcoxon([1, 1, -2, 3, 0, 2]) → statistic 3.5, p 0.375 (ties and a zero: permutation test
    // over all 2^n sign flips, exact for n ≤ 13).
    @Test func wilcoxonTiesAndZeroAreExactConditional() {
        let r = PairTests.wilcoxon([1, 1, -2, 3, 0, 2])
        #expect(r.method == .exactConditional)
        #expect(r.statistic == 3.5)
        #expect(r.zeroCount == 1 && r.nonzeroCount == 5)
        #expect(abs(r.pValue - 0.375) < 1e-12)
    }

    // 60 differences with ties and zeros (numpy default_rng(1), normal(0.3, 1) rounded to 0.1):
    // scipy.stats.wilcoxon(c) → statistic 502.5, p 0.015849822235251353 (asymptotic, tie-corrected).
    static let sixty: [Double] = [
        0.6, 1.1, 0.6, -1.0, 1.2, 0.7, -0.2, 0.9, 0.7, 0.6, 0.3, 0.8, -0.4, 0.1, -0.2, 0.9, 0.3, 0.0, -0.5, 0.0,
        0.3, 0.0, 1.6, 1.3, -2.4, -1.6, 0.1, -0.1, 0.5, 0.5, 2.4, -0.8, -0.1, 2.3, 0.9, 1.0, -0.2, -1.3, 0.5, 0.4,
        -0.9, -0.4, 0.2, -0.6, 0.2, 0.4, 0.3, -0.2, 0.9, 1.2, 0.6, -0.5, 1.0, -0.2, 1.2, -0.8, 1.2, 0.3, -0.9, -0.0,
    ]

    @Test func wilcoxonNormalApproximation() {
        let r = PairTests.wilcoxon(Self.sixty)
        #expect(r.method == .normalApproximation)
        #expect(r.statistic == 502.5)
        #expect(abs(r.pValue - 0.015849822235251353) < 1e-12)
    }

    // By hand: with n blocks the exact two-sided p is at least 2/2ⁿ (all differences of one sign), and
    // Holm multiplies the smallest of m p-values by m: 6 blocks, 12 pairs → 12·2/64 = 0.375;
    // 10 blocks → 12·2/1024 = 0.0234375; one pair over 6 blocks → 2/64 = 0.03125; capped at 1.
    @Test func smallestWilcoxonHolmPValue() {
        #expect(PairTests.smallestWilcoxonHolmPValue(blocks: 6, pairs: 12) == 0.375)
        #expect(PairTests.smallestWilcoxonHolmPValue(blocks: 10, pairs: 12) == 0.0234375)
        #expect(PairTests.smallestWilcoxonHolmPValue(blocks: 6, pairs: 1) == 0.03125)
        #expect(PairTests.smallestWilcoxonHolmPValue(blocks: 3, pairs: 12) == 1)
        #expect(PairTests.smallestWilcoxonHolmPValue(blocks: 0, pairs: 12) == 1)
    }

    @Test func wilcoxonAllZeroIsPOne() {
        let r = PairTests.wilcoxon([0, 0, 0])
        #expect(r.pValue == 1 && r.statistic == 0 && r.nonzeroCount == 0)
    }

    // scipy.stats.ttest_1samp([0.5, 1.2, -0.3, 2.1, 0.9, -0.7, 1.6, 0.4], 0) → t 2.1502327110168173,
    // p 0.06859005396088391, df 7.
    @Test func pairedT() {
        let r = PairTests.pairedT([0.5, 1.2, -0.3, 2.1, 0.9, -0.7, 1.6, 0.4])
        #expect(abs(r.statistic - 2.1502327110168173) < 1e-12)
        #expect(abs(r.pValue - 0.06859005396088391) < 1e-12)
        #expect(r.degreesOfFreedom == 7)
    }

    @Test func pairedTDegenerate() {
        let zero = PairTests.pairedT([0, 0, 0])
        #expect(zero.statistic == 0 && zero.pValue == 1)
        let constant = PairTests.pairedT([0.3, 0.3, 0.3])
        #expect(constant.statistic == .infinity && constant.pValue == 0)
    }

    // Pairs of a table: ResNet34 → ResNet34s on Table 1 top-1 (scipy.stats.ttest_rel: p 0.018329739627231844;
    // wilcoxon: 0.25, the smallest two-sided p with three blocks).
    @Test func pairComparisonOnATable() {
        let t = BlockTable(
            models: ["ResNet34", "ResNet34s", "ResNet18", "ResNet18s"],
            blocks: [BlockKey(dataset: "cifar10"), BlockKey(dataset: "cifar100"), BlockKey(dataset: "imagenet")],
            values: [[94.75, 95.10, 94.32, 94.70], [77.09, 77.48, 76.60, 76.57], [72.14, 72.38, 68.63, 68.51]],
            metrics: ["top1"], lowerIsBetter: false)
        let pairs = PairTests.compare(
            t, pairs: [ModelPair(baseline: "ResNet34", variant: "ResNet34s"), ModelPair(baseline: "ResNet18", variant: "ResNet18s")])
        #expect(pairs.count == 2)
        #expect(abs(pairs[0].meanDifference - 0.3266666666666633) < 1e-9)
        #expect((pairs[0].wins, pairs[0].ties, pairs[0].losses) == (3, 0, 0))
        #expect((pairs[1].wins, pairs[1].ties, pairs[1].losses) == (1, 0, 2))
        #expect(abs(pairs[0].tTest.pValue - 0.018329739627231844) < 1e-9)
        #expect(abs(pairs[1].tTest.pValue - 0.6677119289872795) < 1e-9)
        #expect(pairs[0].wilcoxon.pValue == 0.25)
        #expect(pairs[1].wilcoxon.pValue == 1)
        // Holm over two: 0.0183·2, then max(that, 0.6677·1).
        #expect(abs(pairs[0].tTestHolmPValue - 2 * 0.018329739627231844) < 1e-9)
        #expect(abs(pairs[1].tTestHolmPValue - 0.6677119289872795) < 1e-9)
    }
}

@Suite struct ErrorBarsTests {
    // SEResNet18 CIFAR10 over seeds 0, 617, 1234 (Tables 5–7): 95.42, 95.02, 95.37.
    // numpy: mean 95.27, sd (ddof 1) 0.2179449471770376, se 0.12583057392118144;
    // scipy.stats.t.interval(0.95, 2, loc=95.27, scale=se) = (94.72859473763208, 95.81140526236791).
    @Test func meanSdSeAndTInterval() throws {
        let obs = [(0, 95.42), (617, 95.02), (1234, 95.37)].map {
            Observation(model: "SEResNet18", dataset: "cifar10", seed: $0.0, metric: "top1", value: $0.1,
                        source: SourceLocation(file: "t.csv"))
        }
        let s = try #require(ErrorBars.summarize(obs).first)
        #expect(s.seeds == [0, 617, 1234])
        #expect(abs(s.mean - 95.27) < 1e-12)
        #expect(abs(try #require(s.standardDeviation) - 0.2179449471770376) < 1e-12)
        #expect(abs(try #require(s.standardError) - 0.12583057392118144) < 1e-12)
        let ci = try #require(try s.interval(.ci(level: 0.95)))
        #expect(abs(ci.lower - 94.72859473763208) < 1e-9)
        #expect(abs(ci.upper - 95.81140526236791) < 1e-9)
        #expect(try s.halfWidth(.sd) == s.standardDeviation)
        #expect(try s.halfWidth(.se) == s.standardError)
        #expect(throws: StatsError.self) { try s.interval(.ci(level: 1.2)) }
    }

    @Test func oneSeedHasNoSpread() throws {
        let obs = [Observation(model: "a", dataset: "d", seed: 1, metric: "top1", value: 3, source: SourceLocation(file: "x"))]
        let s = try #require(ErrorBars.summarize(obs).first)
        #expect(s.standardDeviation == nil && s.standardError == nil)
        #expect(try s.interval(.sd) == nil)
    }
}
