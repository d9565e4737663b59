// Polynomials in non-commuting operators W_j with exact rational coefficients. A monomial is the
// ordered list of its factors' indices, left to right (W_a·W_b ≠ W_b·W_a); the empty list is the
// identity 1. The analysis indexes factors by their offset from the last block (W_L → 0, W_{L−1} → 1);
// the initial-value expansions index them by absolute block number.
import Foundation

public struct WordPolynomial: Equatable, Sendable {
    /// Non-zero coefficients only.
    public private(set) var terms: [[Int]: Rational]

    public init() { terms = [:] }

    public static let one = WordPolynomial(constant: .one)

    public init(constant c: Rational) {
        terms = c.isZero ? [:] : [[]: c]
    }

    /// The single factor W_index.
    public init(factor index: Int) { terms = [[index]: .one] }

    public init(terms: [[Int]: Rational]) { self.terms = terms.filter { !$0.value.isZero } }

    public var isZero: Bool { terms.isEmpty }

    public func coefficient(of monomial: [Int]) -> Rational { terms[monomial] ?? .zero }

    /// Monomials by length, then lexicographically: 1, W_0, W_1, W_0·W_1, …
    public var sortedMonomials: [[Int]] {
        terms.keys.sorted { a, b in a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b) }
    }

    public mutating func add(_ other: WordPolynomial, times scale: Rational = .one) throws {
        for (m, c) in other.terms {
            let sum = try coefficient(of: m).adding(c.multiplied(by: scale))
            terms[m] = sum.isZero ? nil : sum
        }
    }

    public func adding(_ other: WordPolynomial) throws -> WordPolynomial {
        var r = self
        try r.add(other)
        return r
    }

    public func scaled(by c: Rational) throws -> WordPolynomial {
        guard !c.isZero else { return WordPolynomial() }
        return WordPolynomial(terms: try terms.mapValues { try $0.multiplied(by: c) })
    }

    /// self · other: every monomial of self followed by every monomial of other (series connection).
    public func multiplied(by other: WordPolynomial) throws -> WordPolynomial {
        var r = [[Int]: Rational]()
        for (a, ca) in terms {
            for (b, cb) in other.terms {
                let m = a + b
                let sum = try (r[m] ?? .zero).adding(ca.multiplied(by: cb))
                r[m] = sum.isZero ? nil : sum
            }
        }
        return WordPolynomial(terms: r)
    }

    /// W_index · self.
    public func leftMultiplied(byFactor index: Int) -> WordPolynomial {
        WordPolynomial(terms: Dictionary(uniqueKeysWithValues: terms.map { ([index] + $0.key, $0.value) }))
    }

    /// Every factor index transformed (an offset shift, or relative → absolute); a monomial mapped to nil is dropped.
    public func mapFactors(_ f: (Int) -> Int?) throws -> WordPolynomial {
        var r = WordPolynomial()
        for (m, c) in terms {
            var mapped: [Int] = []
            var keep = true
            for x in m {
                guard let y = f(x) else { keep = false; break }
                mapped.append(y)
            }
            if keep { try r.add(WordPolynomial(terms: [mapped: c])) }
        }
        return r
    }

    /// `1 + W_L + W_L·W_{L−1}` (offsets from L), or with `absolute` true `1 + W_1 + W_2·W_1`.
    public func rendered(absolute: Bool = false) -> String {
        guard !isZero else { return "0" }
        var out = ""
        for (n, m) in sortedMonomials.enumerated() {
            let c = terms[m]!
            let negative = c.numerator < 0
            let magnitude = negative ? (try? c.negated()) ?? c : c
            if n == 0 {
                out += negative ? "−" : ""
            } else {
                out += negative ? " − " : " + "
            }
            let word = m.map { absolute ? WordPolynomial.absoluteFactor($0) : WordPolynomial.offsetFactor($0) }
                .joined(separator: "·")
            if m.isEmpty {
                out += magnitude.description
            } else if magnitude == .one {
                out += word
            } else {
                out += magnitude.description + "·" + word
            }
        }
        return out
    }

    /// W_L, W_{L−1}, W_{L−12} (offset from L).
    public static func offsetFactor(_ k: Int) -> String { k == 0 ? "W_L" : "W_{L−\(k)}" }
    /// W_3, W_{12}.
    public static func absoluteFactor(_ j: Int) -> String { j >= 0 && j < 10 ? "W_\(j)" : "W_{\(j)}" }
}
