// The paper's checkable claims as data (Liao et al., "Analyze and Design Network Architectures by
// Recursion Formulas"): where each stands, what it says in a few words, the sentence quoted from the
// text, and which check of `PaperAudit` tests it. Also the two printed artefacts the audit compares
// with exact values: appendix A.1's formulas and Table 4's q_α. Nothing here computes.
import Foundation

/// Which computation tests a claim (one per claim; `PaperAudit` runs it).
public enum ClaimCheck: String, Sendable, CaseIterable, Codable {
    /// Friedman and Iman–Davenport on Table 1 (top-1, blocks = data sets).
    case friedmanOnTable1 = "friedman-table1"
    /// Nemenyi CD on Table 1 at α = 0.05 and 0.10: which pairs differ, and the twins.
    case nemenyiOnTable1 = "nemenyi-table1"
    /// Every "s" twin above its baseline in every cell of Table 1.
    case twinsBetterInTable1 = "twins-better-table1"
    /// Every SEResNet "s" twin above its baseline in every cell of Table 2.
    case seResNetTwinsBetterInTable2 = "seresnet-twins-better-table2"
    /// Appendix A.1's χ², F and CD formulas evaluated against Demšar's on Table 1.
    case appendixFormulas = "appendix-a1-formulas"
    /// Table 4's q_α cells against the studentized range.
    case qAlphaTable = "table4-q-alpha"
    /// Table 2's cells against the means of the per-seed Tables 5–7.
    case table2IsSeedMean = "table2-seed-means"
    /// Table 8's parameter counts and FLOPs against the model zoo's exact counts.
    case table8Costs = "table8-costs"
    /// Per pair and data set over the seeds: paired t-test, Holm-adjusted.
    case significantImprovement = "significant-improvement"
    /// Eq. (12) for the recursion as written, Eqs. (18)–(20): one path per length.
    case onePathPerLength = "eq12-one-path-per-length"
    /// The A.5 code (`s-published`) against Eq. (12).
    case publishedCodePaths = "a5-code-paths"
}

public struct PaperClaim: Sendable, Equatable {
    public var check: ClaimCheck
    /// Section, table, figure or equation: "§5.3.2, Figure 4".
    public var location: String
    /// The claim in a few words, as the audit page lists it.
    public var statement: String
    /// The paper's own sentence (or formula), quoted.
    public var quote: String
}

public enum PaperClaims {
    /// The claims in the order the audit page lists them.
    public static let all: [PaperClaim] = [
        PaperClaim(
            check: .friedmanOnTable1, location: "§5.3.2, Table 1",
            statement: "The Friedman test rejects equal performance of the eight ResNets of Table 1",
            quote: "In order to verify the significance of the new architecture, we conduct Friedman test and Nemenyi "
                + "test on the networks."),
        PaperClaim(
            check: .nemenyiOnTable1, location: "§5.3.2, Figure 4",
            statement: "The Nemenyi test separates ResNet34/50/101 from their “s” twins",
            quote: "It can be seen that ResNet34/50/101 and ResNet34s/50s/101s have no overlapping area respectively. "
                + "[…] It proves that the performance of the new architecture has been significantly improved compared to ResNet."),
        PaperClaim(
            check: .twinsBetterInTable1, location: "§5.3.1, Table 1",
            statement: "Every “s” ResNet beats its baseline, steadily",
            quote: "The networks with newly designed architecture achieve better performance than ResNets. And there is a "
                + "steady improvement in accuracy on different baselines."),
        PaperClaim(
            check: .seResNetTwinsBetterInTable2, location: "§5.3.3, Table 2",
            statement: "The “s” form improves every SEResNet",
            quote: "The newly designed architecture comprehensively improves the performance of SEResNet networks."),
        PaperClaim(
            check: .appendixFormulas, location: "Appendix A.1",
            statement: "The Friedman, Iman–Davenport and CD formulas",
            quote: "τ_χ² = 12N/(k(k−1)) · (Σ r_i² − k(k+1)²/4);  τ_F = (N−1)τ_χ² / (N(k−1) − τ_χ²);  "
                + "CD = q_α √(k(k+1)/(6N))"),
        PaperClaim(
            check: .qAlphaTable, location: "Appendix A.1, Table 4",
            statement: "Table 4's q_α values",
            quote: "The q_α values are listed in the table 4."),
        PaperClaim(
            check: .table2IsSeedMean, location: "§5.3, A.2, Tables 2 and 5–7",
            statement: "Table 2 summarises the per-seed Tables 5–7",
            quote: "The complete experimental data obtained by using different random seeds is given in the appendix A.2."),
        PaperClaim(
            check: .table8Costs, location: "Appendix A.3, Table 8",
            statement: "Table 8's parameter counts and FLOPs",
            quote: "Table 8: FLOPs and model size on CIFAR100"),
        PaperClaim(
            check: .significantImprovement, location: "Abstract; Tables 5–7",
            statement: "The “s” architecture brings significant improvements",
            quote: "Massive experiments are conducted on CIFAR and ImageNet, which witnesses the significant performance "
                + "improvements provided by the architecture."),
        PaperClaim(
            check: .onePathPerLength, location: "§5.1, Eq. (12), Eqs. (18)–(20)",
            statement: "The recursion gives one path per length",
            quote: "Eq.(12) guarantees that there is only one path per length from X_{L−i} to X_L, which alleviates the redundancy."),
        PaperClaim(
            check: .publishedCodePaths, location: "Appendix A.5",
            statement: "The published code is the architecture of §5 (one path per length)",
            quote: "Here is the Pytorch code of the example in section 5"),
    ]

    /// Table 4 as printed: q_α for k = 2…10 algorithms at α = 0.05 and 0.10.
    public static let printedQAlpha: [(alpha: Double, values: [Double])] = [
        (0.05, [1.960, 2.334, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164]),
        (0.10, [1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.780, 2.855, 2.920]),
    ]
    /// The k of Table 4's first column.
    public static let printedQAlphaFirstK = 2
    /// Demšar (2006) Table 5a, the source the paper cites [26], for the same α and k (three decimals).
    public static let demsarQAlpha: [(alpha: Double, values: [Double])] = [
        (0.05, [1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164]),
        (0.10, [1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.780, 2.855, 2.920]),
    ]
}
