// What an analysis concludes, computed once: which omnibus test decides and why, whether the models
// differ, and which "s"/variant models beat their baseline under each post-hoc test. `stats` (every
// format) and the report print this value; none of them re-derives a verdict from p-values.
import Foundation
import TableFormat

public struct Conclusions: Sendable, Equatable {
    /// The omnibus test whose p-value decides "the models differ".
    public enum OmnibusTest: String, Sendable, Equatable, Codable {
        case imanDavenport = "iman_davenport"
        case friedman
    }

    public var alpha: Double
    public var omnibusTest: OmnibusTest
    public var omnibusPValue: Double
    /// Why that test decides, one sentence.
    public var omnibusReason: String
    /// omnibusPValue < α.
    public var modelsDiffer: Bool
    /// Variants better than their baseline whose Nemenyi p < α, in pair order.
    public var betterByNemenyi: [String]
    /// Variants better than their baseline whose Holm-adjusted Wilcoxon p < α.
    public var betterByWilcoxonHolm: [String]
    /// Variants better than their baseline whose Holm-adjusted paired t-test p < α.
    public var betterByTTestHolm: [String]
    /// The smallest Holm-adjusted p the exact Wilcoxon test can give with these blocks and pairs
    /// (nil without pairs); when it is ≥ α, "none by Wilcoxon–Holm" says nothing about the data.
    public var wilcoxonHolmFloor: Double?
    /// Models significantly different from the control (Holm), when a control was given or pairs exist.
    public var controlSignificantHolm: [String]

    /// Whether the Wilcoxon–Holm test could reach α at all.
    public var wilcoxonHolmCanReachAlpha: Bool { (wilcoxonHolmFloor ?? 0) < alpha }

    /// The rule: Iman–Davenport decides (Demšar 2006, §3.2.2: Friedman's χ²_F is "undesirably
    /// conservative"), except under perfect agreement, where F_F = ∞ and its p is 0 for any number of
    /// blocks, which says nothing: then Friedman's (tie-corrected) p decides. Significant means p < α.
    static func omnibus(friedman: FriedmanResult, imanDavenport: ImanDavenportResult, alpha: Double)
        -> (test: OmnibusTest, p: Double, reason: String)
    {
        switch imanDavenport.statistic {
        case .finite:
            return (.imanDavenport, imanDavenport.pValue,
                    "Iman–Davenport's F_F decides, as Demšar (2006) recommends: Friedman's χ²_F is too conservative")
        case .infinitePerfectAgreement:
            return (.friedman, friedman.pValue,
                    "every block ranks the models identically, so F_F = ∞ and its p = 0 whatever the number of blocks; Friedman's χ²_F decides instead")
        }
    }

    init(
        models: [String], averageRanks: [Double], lowerIsBetter: Bool, blocks: Int, friedman: FriedmanResult,
        imanDavenport: ImanDavenportResult, nemenyi: NemenyiResult, pairs: [PairComparison], control: ControlTestsResult?
    ) {
        alpha = nemenyi.alpha
        let o = Conclusions.omnibus(friedman: friedman, imanDavenport: imanDavenport, alpha: alpha)
        omnibusTest = o.test
        omnibusPValue = o.p
        omnibusReason = o.reason
        modelsDiffer = o.p < alpha
        var nemenyiWins: [String] = [], wilcoxonWins: [String] = [], tWins: [String] = []
        for pair in pairs {
            guard let b = models.firstIndex(of: pair.baseline), let v = models.firstIndex(of: pair.variant) else { continue }
            if averageRanks[v] < averageRanks[b] && nemenyi.pValues[v][b] < alpha { nemenyiWins.append(pair.variant) }
            let better = lowerIsBetter ? pair.meanDifference < 0 : pair.meanDifference > 0
            if better && pair.wilcoxonHolmPValue < alpha { wilcoxonWins.append(pair.variant) }
            if better && pair.tTestHolmPValue < alpha { tWins.append(pair.variant) }
        }
        betterByNemenyi = nemenyiWins
        betterByWilcoxonHolm = wilcoxonWins
        betterByTTestHolm = tWins
        wilcoxonHolmFloor = pairs.isEmpty ? nil : PairTests.smallestWilcoxonHolmPValue(blocks: blocks, pairs: pairs.count)
        controlSignificantHolm = control?.comparisons.filter(\.significantHolm).map(\.model) ?? []
    }

    /// "the models differ significantly (Iman–Davenport p = 3.90e-32 < α = 0.05)".
    public var sentence: String {
        let name = omnibusTest == .imanDavenport ? "Iman–Davenport" : "Friedman"
        let p = TableWriter.pValue(omnibusPValue)
        let a = "\(alpha)"
        return modelsDiffer
            ? "the models differ significantly (\(name) p = \(p) < α = \(a))"
            : "no significant difference among the models (\(name) p = \(p) ≥ α = \(a))"
    }
}
