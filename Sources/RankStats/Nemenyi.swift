// Nemenyi's all-pairs post-hoc test on average ranks (Demšar 2006, §3.2.2): two models differ when
// their average ranks differ by at least CD = q_α √(k(k+1)/(6N)); pairwise p-values come from the
// studentized range: p = P(R_{k,∞} > √2 |R_i − R_j| / √(k(k+1)/(6N))) (as scikit-posthocs does).
import Foundation

public struct NemenyiResult: Sendable, Equatable {
    public var alpha: Double
    /// q_α = q_{α,k,∞}/√2.
    public var qAlpha: Double
    /// √(k(k+1)/(6N)), the standard error of a difference of average ranks.
    public var standardError: Double
    /// q_α · standardError.
    public var criticalDifference: Double
    /// pValues[i][j] for models i and j (1 on the diagonal).
    public var pValues: [[Double]]
    /// Model indices sorted by average rank, best (lowest rank) first.
    public var rankOrder: [Int]
    /// Maximal groups of models whose average ranks differ by less than the CD, as ranges of positions
    /// in `rankOrder` (the bars of a CD diagram). A model close to no other forms a group of its own.
    public var groups: [ClosedRange<Int>]

    /// The groups as model indices (into the analysis's `models`).
    public var groupMembers: [[Int]] { groups.map { $0.map { rankOrder[$0] } } }
}

public enum NemenyiTest {
    public static func test(averageRanks: [Double], blocks n: Int, alpha: Double) throws -> NemenyiResult {
        let k = averageRanks.count
        guard k >= 2 else { throw StatsError.tooFewModels(test: "Nemenyi test", needed: 2, models: []) }
        guard n >= 1 else { throw StatsError.tooFewBlocks(test: "Nemenyi test", needed: 1, found: n, dropped: 0) }
        let q = try StudentizedRange.nemenyiCriticalValue(alpha: alpha, k: k)
        let se = (Double(k * (k + 1)) / (6 * Double(n))).squareRoot()
        let cd = q * se
        var p = [[Double]](repeating: [Double](repeating: 1, count: k), count: k)
        for i in 0..<k {
            for j in (i + 1)..<k where averageRanks[i] != averageRanks[j] {
                let value = try StudentizedRange.survival(
                    2.0.squareRoot() * abs(averageRanks[i] - averageRanks[j]) / se, k: k)
                p[i][j] = value
                p[j][i] = value
            }
        }
        let order = averageRanks.indices.sorted { averageRanks[$0] < averageRanks[$1] || (averageRanks[$0] == averageRanks[$1] && $0 < $1) }
        return NemenyiResult(
            alpha: alpha, qAlpha: q, standardError: se, criticalDifference: cd, pValues: p, rankOrder: order,
            groups: groups(sortedRanks: order.map { averageRanks[$0] }, criticalDifference: cd))
    }

    /// Maximal runs of sorted ranks whose spread is below `criticalDifference`. In sorted order a run
    /// i…j is a clique exactly when r_j − r_i < CD, and it is maximal when no earlier run contains it.
    public static func groups(sortedRanks r: [Double], criticalDifference cd: Double) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        var lastEnd = -1
        for i in r.indices {
            var j = i
            while j + 1 < r.count && r[j + 1] - r[i] < cd { j += 1 }
            if j > lastEnd {
                result.append(i...j)
                lastEnd = j
            }
        }
        return result
    }
}
