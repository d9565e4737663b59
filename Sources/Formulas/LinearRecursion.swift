// The paper's §3 step: drop the activations (relu = identity) and read each W[j] as a linear operator.
// A block then computes X_j = Σ_k A_k(j) X_{j−k} + B(j) X_0, with A_k and B polynomials in non-commuting
// W's whose factors are given by their lag from block j (W_j → 0, W_{j−1} → 1).
import Foundation

public struct LinearRecursion: Equatable, Sendable {
    /// A_k for k = 1 … maxLag (zero polynomials where X_{j−k} does not appear).
    public let coefficients: [Int: WordPolynomial]
    /// B: the coefficient of the stem output X_0.
    public let stem: WordPolynomial

    public var maxLag: Int { coefficients.filter { !$0.value.isZero }.keys.max() ?? 0 }

    public func coefficient(lag k: Int) -> WordPolynomial { coefficients[k] ?? WordPolynomial() }

    public init(_ formula: BlockFormula) throws {
        let (c, s) = try LinearRecursion.expand(formula.inlinedOutput)
        coefficients = c
        stem = s
    }

    /// Linear expansion of an inlined expression: X-lag → polynomial, plus the X_0 polynomial.
    static func expand(_ e: FormulaExpression) throws -> ([Int: WordPolynomial], WordPolynomial) {
        switch e {
        case .output(let l): return ([l: .one], WordPolynomial())
        case .stem: return ([:], .one)
        case .auxiliary(let n, _): preconditionFailure("auxiliary \(n) should have been inlined")
        case .branch(let l, let input):
            let (c, s) = try expand(input)
            return (c.mapValues { $0.leftMultiplied(byFactor: l) }, s.leftMultiplied(byFactor: l))
        case .relu(let inner): return try expand(inner)
        case .scaled(let k, let inner):
            let (c, s) = try expand(inner)
            return (try c.mapValues { try $0.scaled(by: k) }, try s.scaled(by: k))
        case .sum(let ts):
            var c: [Int: WordPolynomial] = [:]
            var s = WordPolynomial()
            for t in ts {
                let (tc, tstem) = try expand(t)
                for (l, p) in tc { try c[l, default: WordPolynomial()].add(p) }
                try s.add(tstem)
            }
            return (c.filter { !$0.value.isZero }, s)
        }
    }

    /// `X_j = (1 + W_j) X_{j−1} − W_{j−1} X_{j−2}` (activation-free).
    public var rendered: String {
        var parts: [String] = []
        for k in coefficients.keys.sorted() {
            let p = coefficients[k]!
            guard !p.isZero else { continue }
            parts.append(LinearRecursion.term(p, "X_{j−\(k)}"))
        }
        if !stem.isZero { parts.append(LinearRecursion.term(stem, "X_0")) }
        return "X_j = " + (parts.isEmpty ? "0" : parts.joined(separator: " + "))
            .replacingOccurrences(of: "+ −", with: "− ")
    }

    static func term(_ p: WordPolynomial, _ x: String) -> String {
        let text = p.mapFactorsForDisplay()
        if p.terms.count == 1, let (m, c) = p.terms.first {
            if m.isEmpty { return c == .one ? x : (c == Rational(-1) ? "−" + x : "\(text)·\(x)") }
            return "\(text) \(x)"
        }
        return "(\(text)) \(x)"
    }
}

extension WordPolynomial {
    /// Factors relative to block j: W_j, W_{j−1}.
    func mapFactorsForDisplay() -> String {
        rendered().replacingOccurrences(of: "W_L", with: "W_j").replacingOccurrences(of: "W_{L−", with: "W_{j−")
    }
}
