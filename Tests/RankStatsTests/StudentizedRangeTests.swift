// q_α against Demšar (2006) Table 5a and scipy; the CDF against closed forms.
import Foundation
import Testing
@testable import RankStats

@Suite struct StudentizedRangeTests {
    // Demšar (2006), Table 5a (three decimals). Its k = 7, α = 0.05 entry 2.949 is 2.9483 to four
    // decimals (scipy 1.17: studentized_range.ppf(0.95, 7, inf)/√2 = 2.94832), so the tolerance is
    // one unit in the third decimal plus rounding.
    static let demsar05: [(Int, Double)] = [
        (2, 1.960), (3, 2.343), (4, 2.569), (5, 2.728), (6, 2.850), (7, 2.949), (8, 3.031), (9, 3.102), (10, 3.164),
    ]
    static let demsar10: [(Int, Double)] = [
        (2, 1.645), (3, 2.052), (4, 2.291), (5, 2.459), (6, 2.589), (7, 2.693), (8, 2.780), (9, 2.855), (10, 2.920),
    ]

    @Test(arguments: demsar05)
    func demsarTableAlpha05(k: Int, expected: Double) throws {
        let q = try StudentizedRange.nemenyiCriticalValue(alpha: 0.05, k: k)
        #expect(abs(q - expected) <= 0.0011, "k = \(k): \(q) vs Demšar \(expected)")
    }

    @Test(arguments: demsar10)
    func demsarTableAlpha10(k: Int, expected: Double) throws {
        let q = try StudentizedRange.nemenyiCriticalValue(alpha: 0.10, k: k)
        #expect(abs(q - expected) <= 0.0006, "k = \(k): \(q) vs Demšar \(expected)")
    }

    // The paper's Table 4 prints 2.334 for k = 3; the right value is 2.343.
    @Test func paperTable4TypoIsCorrected() throws {
        let q = try StudentizedRange.nemenyiCriticalValue(alpha: 0.05, k: 3)
        #expect(abs(q - 2.343700586378409) < 1e-6)  // scipy: studentized_range.ppf(0.95, 3, inf)/sqrt(2)
        #expect(abs(q - 2.334) > 0.005)
    }

    // scipy 1.17.1: studentized_range.ppf(0.95, 24, np.inf)/np.sqrt(2) = 3.6372523316885754
    //               studentized_range.ppf(0.90, 50, np.inf)/np.sqrt(2) = 3.7877496141945874
    @Test func largeK() throws {
        #expect(abs(try StudentizedRange.nemenyiCriticalValue(alpha: 0.05, k: 24) - 3.6372523316885754) < 1e-6)
        #expect(abs(try StudentizedRange.nemenyiCriticalValue(alpha: 0.10, k: 50) - 3.7877496141945874) < 1e-6)
    }

    // k = 2: the range of two standard normals is √2|Z|, so P(R ≤ q) = 2Φ(q/√2) − 1; q_α/√2 … = z_{α/2}.
    @Test func twoModelsIsTheNormalRange() throws {
        for q in [0.5, 1.0, 2.0, 3.5] {
            let expected = erf(q / 2)  // 2Φ(q/√2) − 1 = erf(q/2)
            #expect(abs(try StudentizedRange.cdf(q, k: 2) - expected) < 1e-10)
        }
        #expect(abs(try StudentizedRange.nemenyiCriticalValue(alpha: 0.05, k: 2) - 1.959963984540054) < 1e-8)
    }

    @Test func invalidAlphaIsAnError() {
        #expect(throws: StatsError.self) { try StudentizedRange.quantile(alpha: 0, k: 3) }
        #expect(throws: StatsError.self) { try StudentizedRange.quantile(alpha: 1.5, k: 3) }
    }
}
