// Paired tests of one model against another across blocks: Wilcoxon's signed-rank test and the paired
// t-test (two-sided), with the mean difference and win/tie/loss counts. Conventions follow scipy:
// Wilcoxon drops zero differences (zero_method="wilcox"); its p is exact from the null distribution of
// T⁺ when there are no ties or zeros and n ≤ 50; with ties or zeros and n ≤ 13 it is exact conditional
// on the observed ranks (all 2ⁿ sign flips, as scipy's permutation test); otherwise the normal
// approximation with the tie-corrected variance n(n+1)(2n+1)/24 − Σ(t³ − t)/48, no continuity correction.
import Foundation
import RunRecords

public enum WilcoxonMethod: String, Sendable, Equatable, Codable {
    case exact
    /// Exact over all sign flips of the observed (tied or zero-bearing) ranks.
    case exactConditional = "exact-conditional"
    case normalApproximation = "normal-approximation"
}

public struct WilcoxonResult: Sendable, Equatable {
    /// min(T⁺, T⁻), as scipy's two-sided statistic.
    public var statistic: Double
    public var pValue: Double
    public var method: WilcoxonMethod
    /// Differences left after dropping zeros.
    public var nonzeroCount: Int
    public var zeroCount: Int
}

public struct PairedTTestResult: Sendable, Equatable {
    /// mean/(sd/√n); ±∞ when every difference is the same non-zero number (p = 0), 0 when all are zero (p = 1).
    public var statistic: Double
    public var degreesOfFreedom: Int
    public var pValue: Double
}

public struct PairComparison: Sendable, Equatable {
    public var baseline: String
    public var variant: String
    /// mean(variant − baseline) in the metric's units.
    public var meanDifference: Double
    /// Blocks where the variant is better / equal / worse than the baseline (direction-aware).
    public var wins: Int
    public var ties: Int
    public var losses: Int
    public var wilcoxon: WilcoxonResult
    public var tTest: PairedTTestResult
    /// Holm-adjusted across all pairs of the analysis.
    public var wilcoxonHolmPValue: Double
    public var tTestHolmPValue: Double
}

public enum PairTests {
    /// Two-sided Wilcoxon signed-rank test on paired differences.
    public static func wilcoxon(_ differences: [Double]) -> WilcoxonResult {
        let zeros = differences.filter { $0 == 0 }.count
        let d = differences.filter { $0 != 0 }
        let n = d.count
        guard n > 0 else {
            return WilcoxonResult(statistic: 0, pValue: 1, method: .exact, nonzeroCount: 0, zeroCount: zeros)
        }
        let ranks = Ranking.ranks(d.map(abs), lowerIsBetter: true)
        let plus = zip(d, ranks).filter { $0.0 > 0 }.reduce(0) { $0 + $1.1 }
        let total = Double(n * (n + 1)) / 2
        let statistic = min(plus, total - plus)
        let ties = Ranking.tieGroupSizes(d.map(abs))
        if ties.isEmpty && zeros == 0 && n <= 50 {
            // Null distribution of T⁺: counts of subsets of {1…n} by sum (dynamic programming, in Double).
            let maxSum = n * (n + 1) / 2
            var counts = [Double](repeating: 0, count: maxSum + 1)
            counts[0] = 1
            for r in 1...n {
                for s in stride(from: maxSum, through: r, by: -1) { counts[s] += counts[s - r] }
            }
            let all = pow(2.0, Double(n))
            let t = Int(plus.rounded())
            let lower = counts[0...t].reduce(0, +) / all
            let upper = counts[t...maxSum].reduce(0, +) / all
            return WilcoxonResult(
                statistic: statistic, pValue: min(1, 2 * min(lower, upper)), method: .exact, nonzeroCount: n,
                zeroCount: zeros)
        }
        if differences.count <= 13 {
            // Every sign assignment of the observed ranks is equally likely under the null.
            var lower = 0
            var upper = 0
            let tolerance = 1e-9 * total
            for mask in 0..<(1 << n) {
                var sum = 0.0
                for i in 0..<n where mask & (1 << i) != 0 { sum += ranks[i] }
                if sum <= plus + tolerance { lower += 1 }
                if sum >= plus - tolerance { upper += 1 }
            }
            let all = Double(1 << n)
            return WilcoxonResult(
                statistic: statistic, pValue: min(1, 2 * Double(min(lower, upper)) / all), method: .exactConditional,
                nonzeroCount: n, zeroCount: zeros)
        }
        let nn = Double(n)
        let tieTerm = ties.reduce(0.0) { $0 + Double($1 * $1 * $1 - $1) } / 48
        let variance = nn * (nn + 1) * (2 * nn + 1) / 24 - tieTerm
        let z = variance > 0 ? (plus - nn * (nn + 1) / 4) / variance.squareRoot() : 0
        return WilcoxonResult(
            statistic: statistic, pValue: min(1, 2 * GSL.normalUpperTail(abs(z))), method: .normalApproximation,
            nonzeroCount: n, zeroCount: zeros)
    }

    /// The smallest Holm-adjusted Wilcoxon p that any of `pairs` comparisons over `blocks` blocks can
    /// reach: m · p_min, where p_min = 2/2ⁿ (exact, n ≤ 50: every difference of one sign) is the test's
    /// floor. When it is not below α, no pair can be significant by Wilcoxon–Holm, whatever the data
    /// (6 blocks and 12 pairs: 12 · 2/64 = 0.375).
    public static func smallestWilcoxonHolmPValue(blocks: Int, pairs: Int) -> Double {
        guard blocks >= 1, pairs >= 1 else { return 1 }
        let floor = wilcoxon((1...blocks).map(Double.init)).pValue
        return min(1, Double(pairs) * floor)
    }

    /// Two-sided paired t-test on differences (needs n ≥ 2).
    public static func pairedT(_ differences: [Double]) -> PairedTTestResult {
        let n = differences.count
        precondition(n >= 2, "PairTests.pairedT expected at least 2 differences, got \(n)")
        let mean = differences.reduce(0, +) / Double(n)
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let df = n - 1
        // Differences equal up to rounding (e.g. 0.29999999999999716 and 0.3000000000000043) have no spread.
        let scale = differences.map(abs).max() ?? 0
        if variance.squareRoot() <= 1e-12 * scale || variance == 0 {
            if mean == 0 || scale == 0 { return PairedTTestResult(statistic: 0, degreesOfFreedom: df, pValue: 1) }
            return PairedTTestResult(statistic: mean > 0 ? .infinity : -.infinity, degreesOfFreedom: df, pValue: 0)
        }
        let t = mean / (variance / Double(n)).squareRoot()
        return PairedTTestResult(
            statistic: t, degreesOfFreedom: df,
            pValue: min(1, 2 * GSL.tUpperTail(abs(t), degreesOfFreedom: Double(df))))
    }

    /// Every pair across the blocks of `table`, with Holm adjustment across the pairs.
    public static func compare(_ table: BlockTable, pairs: [ModelPair]) -> [PairComparison] {
        var results: [PairComparison] = []
        for pair in pairs {
            guard let b = table.models.firstIndex(of: pair.baseline), let v = table.models.firstIndex(of: pair.variant)
            else { continue }
            let differences = table.values.map { $0[v] - $0[b] }
            let wins = differences.filter { table.lowerIsBetter ? $0 < 0 : $0 > 0 }.count
            let ties = differences.filter { $0 == 0 }.count
            results.append(
                PairComparison(
                    baseline: pair.baseline, variant: pair.variant,
                    meanDifference: differences.reduce(0, +) / Double(differences.count),
                    wins: wins, ties: ties, losses: differences.count - wins - ties,
                    wilcoxon: wilcoxon(differences), tTest: pairedT(differences),
                    wilcoxonHolmPValue: 1, tTestHolmPValue: 1))
        }
        let wilcoxonHolm = Holm.adjust(results.map(\.wilcoxon.pValue))
        let tHolm = Holm.adjust(results.map(\.tTest.pValue))
        for i in results.indices {
            results[i].wilcoxonHolmPValue = wilcoxonHolm[i]
            results[i].tTestHolmPValue = tHolm[i]
        }
        return results
    }
}
