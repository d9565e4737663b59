// Ranks within blocks (ties get the average rank), the Friedman test and the Iman–Davenport F.
// Demšar (2006), §3.2.2: χ²_F = 12N/(k(k+1)) [Σ_j R_j² − k(k+1)²/4] (the paper's appendix A.1 prints
// k(k−1) in the denominator by mistake); tie correction C = 1 − Σ_blocks Σ_groups (t³ − t)/(N k (k² − 1))
// (Hollander & Wolfe; what scipy.stats.friedmanchisquare reports); F_F = (N−1)χ²_F / (N(k−1) − χ²_F)
// on (k−1, (k−1)(N−1)) degrees of freedom (Iman & Davenport 1980), from Demšar's uncorrected χ²_F as
// in his worked example (χ²_F = 9.28, F_F = 3.69) and in the paper.
import Foundation

public enum Ranking {
    /// Ranks 1…n of `values` (1 = best), ties sharing the average of the ranks they span.
    public static func ranks(_ values: [Double], lowerIsBetter: Bool) -> [Double] {
        let order = values.indices.sorted { a, b in
            lowerIsBetter ? values[a] < values[b] : values[a] > values[b]
        }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let average = Double(start + end + 2) / 2  // ranks start+1 … end+1
            for i in start...end { ranks[order[i]] = average }
            start = end + 1
        }
        return ranks
    }

    /// The sizes of the groups of equal values (only groups larger than one).
    public static func tieGroupSizes(_ values: [Double]) -> [Int] {
        var counts: [Double: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        return counts.values.filter { $0 > 1 }.sorted()
    }
}

/// Friedman's test over N blocks and k treatments (scipy: `friedmanchisquare`).
public struct FriedmanResult: Sendable, Equatable {
    /// Demšar's χ²_F, without tie correction.
    public var statistic: Double
    /// χ²_F divided by the tie correction (equal to `statistic` without ties; scipy's statistic).
    public var tieCorrectedStatistic: Double
    /// k − 1.
    public var degreesOfFreedom: Int
    /// P(χ²_{k−1} ≥ tie-corrected statistic) — scipy's p-value; equals `uncorrectedPValue` without ties.
    public var pValue: Double
    /// P(χ²_{k−1} ≥ statistic).
    public var uncorrectedPValue: Double
    /// 1 − Σ(t³ − t)/(N k (k² − 1)); 1 without ties, 0 when every block is one big tie.
    public var tieCorrection: Double
}

/// Iman and Davenport's F_F; infinite when every block ranks the models the same way.
public struct ImanDavenportResult: Sendable, Equatable {
    public enum Statistic: Sendable, Equatable {
        case finite(Double)
        /// χ²_F reached its maximum N(k−1): every block ranks the models identically, so F_F = ∞, p = 0.
        case infinitePerfectAgreement
    }

    public var statistic: Statistic
    /// (k − 1, (k − 1)(N − 1)).
    public var degreesOfFreedom: (numerator: Int, denominator: Int)
    public var pValue: Double

    /// The finite F, or nil when it is infinite.
    public var f: Double? {
        if case .finite(let value) = statistic { return value }
        return nil
    }

    public static func == (a: ImanDavenportResult, b: ImanDavenportResult) -> Bool {
        a.statistic == b.statistic && a.degreesOfFreedom == b.degreesOfFreedom && a.pValue == b.pValue
    }
}

public enum FriedmanTest {
    /// Ranks of every block, `ranks[b][m]`.
    public static func ranks(of table: BlockTable) -> [[Double]] {
        table.values.map { Ranking.ranks($0, lowerIsBetter: table.lowerIsBetter) }
    }

    /// Average rank of each model over the blocks.
    public static func averageRanks(_ ranks: [[Double]]) -> [Double] {
        guard let k = ranks.first?.count else { return [] }
        var sums = [Double](repeating: 0, count: k)
        for row in ranks { for m in 0..<k { sums[m] += row[m] } }
        return sums.map { $0 / Double(ranks.count) }
    }

    /// Friedman's χ²_F on a model × block table. Needs k ≥ 2 models and N ≥ 2 blocks.
    public static func test(_ table: BlockTable) throws -> FriedmanResult {
        try requireShape(table, test: "Friedman test")
        let k = Double(table.models.count)
        let n = Double(table.blocks.count)
        let averages = averageRanks(ranks(of: table))
        let sumSquares = averages.reduce(0) { $0 + $1 * $1 }
        // Clamp the rounding residue of a table where all models are equal (Σ R² = k(k+1)²/4 exactly).
        let chi = max(0, 12 * n / (k * (k + 1)) * (sumSquares - k * (k + 1) * (k + 1) / 4))
        var tieSum = 0.0
        for row in table.values {
            for t in Ranking.tieGroupSizes(row) { tieSum += Double(t * t * t - t) }
        }
        let correction = 1 - tieSum / (n * k * (k * k - 1))
        // Every block one big tie: no evidence of any difference (χ² = 0, p = 1), not 0/0.
        let corrected = correction > 1e-12 ? chi / correction : 0
        let df = table.models.count - 1
        return FriedmanResult(
            statistic: chi, tieCorrectedStatistic: corrected, degreesOfFreedom: df,
            pValue: GSL.chiSquareUpperTail(corrected, degreesOfFreedom: Double(df)),
            uncorrectedPValue: GSL.chiSquareUpperTail(chi, degreesOfFreedom: Double(df)),
            tieCorrection: correction)
    }

    /// Iman–Davenport F_F from Demšar's (uncorrected) χ²_F (N blocks, k models).
    public static func imanDavenport(_ friedman: FriedmanResult, models k: Int, blocks n: Int) throws -> ImanDavenportResult {
        guard k >= 2 else { throw StatsError.tooFewModels(test: "Iman–Davenport test", needed: 2, models: []) }
        guard n >= 2 else { throw StatsError.tooFewBlocks(test: "Iman–Davenport test", needed: 2, found: n, dropped: 0) }
        let chi = friedman.statistic
        let df1 = k - 1
        let df2 = (k - 1) * (n - 1)
        let maximum = Double(n * (k - 1))
        let denominator = maximum - chi
        if denominator <= 1e-9 * maximum {
            return ImanDavenportResult(statistic: .infinitePerfectAgreement, degreesOfFreedom: (df1, df2), pValue: 0)
        }
        let f = Double(n - 1) * chi / denominator
        return ImanDavenportResult(
            statistic: .finite(f), degreesOfFreedom: (df1, df2),
            pValue: GSL.fUpperTail(f, df1: Double(df1), df2: Double(df2)))
    }

    static func requireShape(_ table: BlockTable, test: String) throws {
        guard table.models.count >= 2 else {
            throw StatsError.tooFewModels(test: test, needed: 2, models: table.models)
        }
        guard table.blocks.count >= 2 else {
            throw StatsError.tooFewBlocks(test: test, needed: 2, found: table.blocks.count, dropped: table.droppedBlocks.count)
        }
    }
}
