// Post-hoc tests against a control on the rank z-statistics (Demšar 2006, §3.2.2):
// z = (R_i − R_c)/√(k(k+1)/(6N)), two-sided p = 2 P(Z > |z|); Bonferroni–Dunn multiplies p by the number of
// comparisons m (its CD uses q = z_{α/(2m)}), Holm's step-down adjusts the sorted p-values.
import Foundation

/// Which comparisons are made: one chosen model against every other, or each "s" model against its baseline.
public enum ControlMode: Sendable, Equatable {
    case control(String)
    case pairs
}

public struct ControlComparison: Sendable, Equatable {
    public var model: String
    public var control: String
    /// R_model − R_control (negative: the model ranks better).
    public var rankDifference: Double
    public var z: Double
    public var pValue: Double
    public var bonferroniPValue: Double
    public var holmPValue: Double
    public var significantBonferroni: Bool
    public var significantHolm: Bool
}

public struct ControlTestsResult: Sendable, Equatable {
    public var mode: ControlMode
    public var alpha: Double
    public var comparisons: [ControlComparison]
    /// Bonferroni–Dunn critical difference q·√(k(k+1)/(6N)) with q = z_{α/(2m)}; nil without comparisons.
    public var bonferroniDunnCriticalDifference: Double?
}

public enum ControlTests {
    /// `against`: pairs of (model index, control index) into `averageRanks`.
    public static func test(
        models: [String], averageRanks: [Double], blocks n: Int, alpha: Double, mode: ControlMode,
        against: [(model: Int, control: Int)]
    ) -> ControlTestsResult {
        let k = Double(averageRanks.count)
        let se = (k * (k + 1) / (6 * Double(n))).squareRoot()
        let m = against.count
        var comparisons: [ControlComparison] = against.map { pair in
            let difference = averageRanks[pair.model] - averageRanks[pair.control]
            let z = difference / se
            let p = min(1, 2 * GSL.normalUpperTail(abs(z)))
            let bonferroni = min(1, p * Double(m))
            return ControlComparison(
                model: models[pair.model], control: models[pair.control], rankDifference: difference, z: z,
                pValue: p, bonferroniPValue: bonferroni, holmPValue: p,
                significantBonferroni: bonferroni <= alpha, significantHolm: false)
        }
        let holm = Holm.adjust(comparisons.map(\.pValue))
        for i in comparisons.indices {
            comparisons[i].holmPValue = holm[i]
            comparisons[i].significantHolm = holm[i] <= alpha
        }
        let cd = m > 0 ? GSL.normalUpperQuantile(alpha / (2 * Double(m))) * se : nil
        return ControlTestsResult(mode: mode, alpha: alpha, comparisons: comparisons, bonferroniDunnCriticalDifference: cd)
    }
}

/// Holm's (1979) step-down adjustment: with p sorted ascending, p̃_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j)).
/// Rejecting where p̃ ≤ α is Holm's procedure. Returned in the input order.
public enum Holm {
    public static func adjust(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { p[$0] < p[$1] }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 0.0
        for (position, index) in order.enumerated() {
            running = max(running, min(1, Double(m - position) * p[index]))
            adjusted[index] = running
        }
        return adjusted
    }
}
