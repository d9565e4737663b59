// The studentized range distribution with infinite degrees of freedom (the range of k independent
// standard normals), and Nemenyi's q_α = q_{α,k,∞}/√2 (Demšar 2006, §3.2.2 and Table 5).
// CDF (Hartley 1942; Lund & Lund 1983, Appl. Statist. 32, AS 190):
//     P(R ≤ q) = k ∫_{−∞}^{∞} φ(z) [Φ(z) − Φ(z − q)]^{k−1} dz,
// integrated with GSL's QAGI and inverted with GSL's Brent solver.
import Foundation

public enum StudentizedRange {
    /// P(R ≤ q) for the range R of k ≥ 2 independent standard normals.
    public static func cdf(_ q: Double, k: Int) throws -> Double {
        precondition(k >= 2, "StudentizedRange.cdf expected k ≥ 2, got \(k)")
        guard q > 0 else { return 0 }
        if q.isInfinite { return 1 }
        let power = Double(k - 1)
        let integral = try GSL.integrateOverRealLine(
            { z in
                // Φ(z) − Φ(z − q), from the upper tails where z > 0 to avoid cancelling two numbers near 1.
                let inside = z > 0
                    ? GSL.normalUpperTail(z - q) - GSL.normalUpperTail(z)
                    : GSL.normalLowerTail(z) - GSL.normalLowerTail(z - q)
                return inside > 0 ? GSL.normalDensity(z) * pow(inside, power) : 0
            }, what: "the studentized range CDF (k = \(k), q = \(q))")
        return min(1, max(0, Double(k) * integral))
    }

    /// P(R > q).
    public static func survival(_ q: Double, k: Int) throws -> Double {
        max(0, 1 - (try cdf(q, k: k)))
    }

    /// The q with P(R ≤ q) = 1 − α (the upper-α point of the range).
    public static func quantile(alpha: Double, k: Int) throws -> Double {
        precondition(k >= 2, "StudentizedRange.quantile expected k ≥ 2, got \(k)")
        guard alpha > 0 && alpha < 1 else {
            throw StatsError.invalidOption("alpha must lie strictly between 0 and 1, got \(alpha)")
        }
        let target = 1 - alpha
        // Bracket: the range is at least 0; double the upper end until the CDF passes the target.
        var upper = 4.0
        while try cdf(upper, k: k) < target {
            upper *= 2
            if upper > 1e4 {
                throw StatsError.numerical(what: "the studentized range quantile (k = \(k), α = \(alpha))",
                                           reason: "no upper bracket below 1e4")
            }
        }
        var failure: Error?
        let root = try GSL.brentRoot(
            { q in
                do { return try cdf(q, k: k) - target } catch {
                    failure = error
                    return .nan
                }
            }, lower: 0, upper: upper, tolerance: 1e-10,
            what: "the studentized range quantile (k = \(k), α = \(alpha))")
        if let failure { throw failure }
        return root
    }

    /// Nemenyi's critical value q_α = q_{α,k,∞}/√2 (Demšar's Table 5a; the paper's Table 4).
    public static func nemenyiCriticalValue(alpha: Double, k: Int) throws -> Double {
        try quantile(alpha: alpha, k: k) / 2.0.squareRoot()
    }
}
