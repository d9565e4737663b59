// ∂X_L/∂X_{L−i} against the paper's equations and against hand expansions written in the comments.
// Paths are offsets from L, left to right: [0, 1] is W_L·W_{L−1}.
import Foundation
import Testing
@testable import Formulas

@Suite struct AnalysisTests {
    func analysis(_ d: NamedDesign, depth: Int) throws -> FormulaAnalysis {
        try FormulaAnalysis(d.formula(), name: d.rawValue, depth: depth)
    }

    /// The exact polynomial from (path, coefficient) pairs.
    func poly(_ terms: [([Int], Rational)]) -> WordPolynomial {
        WordPolynomial(terms: Dictionary(uniqueKeysWithValues: terms))
    }

    func ones(_ paths: [[Int]]) -> WordPolynomial { poly(paths.map { ($0, .one) }) }

    @Test func resnetHasBinomialPathCounts() throws {
        // Eq. (10)–(11): ∂X_L/∂X_{L−i} = Π (1 + W_{L−j}) = Σ_k S^i_k W, C(i, k) paths of k blocks, each
        // with coefficient 1. C(i, k) by Pascal's rule, independent of the code under test.
        let a = try analysis(.resnet, depth: 12)
        var pascal = [1]
        for lag in a.lags {
            pascal = [1] + zip(pascal, pascal.dropFirst() + [0]).map { $0 + $1 }.dropLast() + [1]
            #expect(lag.pathsByLength == pascal, "lag \(lag.lag)")
            #expect(lag.terms.allSatisfy { $0.coefficientExact == "1" && $0.coefficient == 1 })
        }
        // Lag 3 written out: the C(3,2) = 3 two-block paths of Eq. (11)'s example S²₃.
        let three = a.lags[2].polynomial
        #expect(three == ones([[], [0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]]))
    }

    @Test func plainHasOnePathThroughEveryBlock() throws {
        // Eq. (6): ∂X_L/∂X_{L−i} = W_L·W_{L−1}·…·W_{L−i+1}, one path of length i.
        let a = try analysis(.plain, depth: 10)
        for lag in a.lags {
            #expect(lag.polynomial == ones([Array(0..<lag.lag)]))
            #expect(lag.pathsByLength == [Int](repeating: 0, count: lag.lag) + [1])
        }
    }

    @Test func sHasOnePathOfEachLength() throws {
        // Eq. (12): ∂X_L/∂X_{L−i} = 1 + W_L + W_L·W_{L−1} + … + W_L·…·W_{L−i+1}: the prefixes [0..<k].
        let a = try analysis(.s, depth: 30)
        for lag in a.lags {
            #expect(lag.polynomial == ones((0...lag.lag).map { Array(0..<$0) }), "lag \(lag.lag)")
            #expect(lag.pathsByLength == [Int](repeating: 1, count: lag.lag + 1))
        }
        #expect(a.lags[1].rendered == "1 + W_L + W_L·W_{L−1}")
    }

    @Test func eq15CancelsWLminus1() throws {
        // Eq. (15) at i = 2: (1 + W_L)(1 + W_{L−1}) − W_{L−1}. The product alone holds W_{L−1} with
        // coefficient 1; the second term removes it exactly, leaving 1 + W_L + W_L·W_{L−1}.
        let product = try ones([[], [0]]).multiplied(by: ones([[], [1]]))
        #expect(product.coefficient(of: [1]) == .one)
        #expect(product.coefficient(of: [1, 0]) == .zero)  // non-commuting: W_{L−1}·W_L never arises
        let lag2 = try analysis(.s, depth: 2).lags[1]
        #expect(lag2.polynomial.coefficient(of: [1]) == .zero)
        #expect(!lag2.terms.contains { $0.path == [1] })
        var expected = product
        try expected.add(ones([[1]]), times: Rational(-1))
        #expect(lag2.polynomial == expected)
    }

    @Test func appendixA41() throws {
        // X_j = W_j X_{j−1} + X_{j−2}: A_1 = W_j, A_2 = 1, D_i = D_{i−1}·W_{L−i+1} + D_{i−2}.
        // D_1 = W_L                                  → [0, 1]
        // D_2 = W_L·W_{L−1} + 1                      → [1, 0, 1]
        // D_3 = W_L·W_{L−1}·W_{L−2} + W_{L−2} + W_L  → [0, 2, 0, 1]
        // D_4 = D_3·W_{L−3} + D_2 = W0W1W2W3 + W2W3 + W0W3 + W0W1 + 1                     → [1, 0, 3, 0, 1]
        // D_5 = D_4·W_{L−4} + D_3 = W0W1W2W3W4 + W2W3W4 + W0W3W4 + W0W1W4 + W4 + W0W1W2 + W2 + W0 → [0, 3, 0, 4, 0, 1]
        let a = try analysis(.a41, depth: 5)
        #expect(a.lags.map(\.pathsByLength) == [[0, 1], [1, 0, 1], [0, 2, 0, 1], [1, 0, 3, 0, 1], [0, 3, 0, 4, 0, 1]])
        #expect(a.lags[2].polynomial == ones([[0, 1, 2], [2], [0]]))
        #expect(a.lags[4].polynomial == ones([[0, 1, 2, 3, 4], [2, 3, 4], [0, 3, 4], [0, 1, 4], [4], [0, 1, 2], [2], [0]]))
    }

    @Test func appendixA42() throws {
        // X_j = W_j X_{j−1} + W_{j−1} X_{j−2}: D_i = (D_{i−1} + D_{i−2})·W_{L−i+1}, D_0 = 1.
        // D_1 = W0; D_2 = W0W1 + W1; D_3 = (W0W1 + W1 + W0)·W2;
        // D_4 = (W0W1W2 + W1W2 + W0W2 + W0W1 + W1)·W3;
        // D_5 = (D_4 + D_3)·W4 = (W0W1W2W3 + W1W2W3 + W0W2W3 + W0W1W3 + W1W3 + W0W1W2 + W1W2 + W0W2)·W4.
        let a = try analysis(.a42, depth: 5)
        #expect(a.lags.map(\.pathsByLength) == [[0, 1], [0, 1, 1], [0, 0, 2, 1], [0, 0, 1, 3, 1], [0, 0, 0, 3, 4, 1]])
        #expect(a.lags[1].polynomial == ones([[0, 1], [1]]))
        #expect(a.lags[3].polynomial == ones([[0, 1, 2, 3], [1, 2, 3], [0, 2, 3], [0, 1, 3], [1, 3]]))
    }

    @Test func sPublishedAsTheA5CodeComputes() throws {
        // X_j = S_j − S_{j−1}, S_j = (1 + W_j) X_{j−1}: A_1 = 1 + W_j, A_2 = −(1 + W_{j−1}),
        // so D_i = (D_{i−1} − D_{i−2})·(1 + W_{L−i+1}).
        // D_1 = 1 + W0
        // D_2 = (1 + W0)(1 + W1) − (1 + W1) = W0 + W0W1            (no identity path from X_{L−2})
        // D_3 = (W0 + W0W1 − 1 − W0)(1 + W2) = W0W1 + W0W1W2 − 1 − W2
        // D_4 = (D_3 − D_2)(1 + W3) = (W0W1W2 − 1 − W2 − W0)(1 + W3)
        //     = W0W1W2 + W0W1W2W3 − 1 − W3 − W2 − W2W3 − W0 − W0W3  → [1, 3, 2, 1, 1]
        let a = try analysis(.sPublished, depth: 4)
        let m1 = Rational(-1)
        #expect(a.lags[0].polynomial == ones([[], [0]]))
        #expect(a.lags[1].polynomial == ones([[0], [0, 1]]))
        #expect(a.lags[2].polynomial == poly([([0, 1], .one), ([0, 1, 2], .one), ([], m1), ([2], m1)]))
        #expect(a.lags[3].polynomial == poly([
            ([0, 1, 2], .one), ([0, 1, 2, 3], .one), ([], m1), ([3], m1), ([2], m1), ([2, 3], m1), ([0], m1), ([0, 3], m1),
        ]))
        #expect(a.lags.map(\.pathsByLength) == [[1, 1], [0, 1, 1], [1, 1, 1, 1], [1, 3, 2, 1, 1]])
        #expect(a.lags[2].terms.first { $0.path == [] }?.coefficientExact == "-1")
    }

    @Test func heavyBallAndNesterovCoefficients() throws {
        // Heavy ball, β = 1/2: X_j = (3/2 + W_j) X_{j−1} − 1/2 X_{j−2}.
        // D_1 = 3/2 + W0; D_2 = (3/2 + W0)(3/2 + W1) − 1/2 = 7/4 + 3/2 W0 + 3/2 W1 + W0W1.
        let h = try analysis(.heavyBall, depth: 2)
        let r = { (n: Int, d: Int) in try Rational(n, d) }
        #expect(h.lags[0].polynomial == poly([([], try r(3, 2)), ([0], .one)]))
        #expect(h.lags[1].polynomial == poly([([], try r(7, 4)), ([0], try r(3, 2)), ([1], try r(3, 2)), ([0, 1], .one)]))
        // Nesterov, β = 1/2: Y_j = 3/2 X_{j−1} − 1/2 X_{j−2}, X_j = (1 + W_j) Y_j:
        // A_1 = 3/2 (1 + W_j), A_2 = −1/2 (1 + W_j).
        // D_1 = 3/2 + 3/2 W0; D_2 = 9/4 (1 + W0)(1 + W1) − 1/2 (1 + W0) = 7/4 + 7/4 W0 + 9/4 W1 + 9/4 W0W1.
        let n = try analysis(.nesterov, depth: 2)
        #expect(n.lags[0].polynomial == poly([([], try r(3, 2)), ([0], try r(3, 2))]))
        #expect(n.lags[1].polynomial == poly([([], try r(7, 4)), ([0], try r(7, 4)), ([1], try r(9, 4)), ([0, 1], try r(9, 4))]))
        #expect(n.lags[1].terms.first { $0.path == [1] }?.coefficient == 2.25)
    }

    @Test func eq21InitialValues() throws {
        // §5.2: with X_1 = (1 + W_1) X_0, Eq. (18) becomes X_q = W_q X_{q−1} + X_0 (Eq. 21): a = 0, b = 1, c = 1.
        let s = NamedDesign.s.formula()
        let form = try InitialValueForm(s, blocks: 8)
        #expect(form.a == .zero && form.b == .one && form.c == .one)
        #expect(form.formula?.description == "X[i] = W[i] X[i-1] + X[0]")
        #expect(form.firstDifference == nil)
        // Same function: X_1 = (1 + W_1) X_0; X_2 = W_2 X_1 + X_0 = (1 + W_2 + W_2·W_1) X_0.
        let f = try FunctionExpansion(s, blocks: 2)
        #expect(f.expansions[1] == ones([[], [1]]))
        #expect(f.expansions[2] == ones([[], [2], [2, 1]]))
        #expect(try FunctionExpansion(#require(form.formula), blocks: 8).firstDifference(from: FunctionExpansion(s, blocks: 8)) == nil)
        // Different architecture: Eq. (21) has one path per lag, through every block (X_0 is held fixed).
        let paths = try FormulaAnalysis(#require(form.formula), depth: 4)
        #expect(paths.lags.map(\.pathsByLength) == [[0, 1], [0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0, 1]])
        // ResNet is already first order: a = b = 1, c = 0. A.4.1 has no such form.
        let resnet = try InitialValueForm(NamedDesign.resnet.formula(), blocks: 6)
        #expect(resnet.a == .one && resnet.b == .one && resnet.c == .zero)
        #expect(try InitialValueForm(NamedDesign.a41.formula(), blocks: 6).formula == nil)
    }

    @Test func limits() throws {
        let deep = #expect(throws: FormulaError.self) { try analysis(.s, depth: 31) }
        #expect(deep?.kind == .depthOutOfRange)
        #expect(throws: FormulaError.self) { try analysis(.s, depth: 0) }
        // ResNet's lag 17 has 2^17 = 131,072 terms, over the 100,000 listed; lag 16 has 65,536.
        let big = #expect(throws: FormulaError.self) { try analysis(.resnet, depth: 17) }
        #expect(big?.kind == .tooManyTerms)
        #expect(try analysis(.resnet, depth: 16).lags[15].terms.count == 65_536)
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let a = try FormulaAnalysis(BlockFormula.parse("X[i] = W[i] X[i-1] + X[i-2]"), depth: 2)
        let data = try JSONEncoder().encode(a)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["formula", "name", "depth", "lags"])
        #expect(object["name"] is NSNull)
        let lags = try #require(object["lags"] as? [[String: Any]])
        #expect(Set(lags[0].keys) == ["lag", "terms", "paths_by_length"])
        let terms = try #require(lags[1]["terms"] as? [[String: Any]])
        #expect(Set(terms[0].keys) == ["path", "coefficient", "coefficient_exact"])
        #expect(lags[1]["paths_by_length"] as? [Int] == [1, 0, 1])
        #expect(try JSONDecoder().decode(FormulaAnalysis.self, from: data) == a)
    }

    @Test func wordsDoNotCommute() throws {
        let ab = try ones([[0]]).multiplied(by: ones([[1]]))
        let ba = try ones([[1]]).multiplied(by: ones([[0]]))
        #expect(ab != ba)
        #expect(ab.rendered() == "W_L·W_{L−1}")
    }
}
