// The paper's §3 analysis done exactly: ∂X_L/∂X_{L−i} for i = 1 … depth, earlier outputs held fixed,
// as a polynomial in W_L … W_{L−i+1}. Each monomial is a path (Eq. 11: addition is parallel connection,
// multiplication is series connection); paths are counted by length. Activations are dropped (§3.2).
//
// With X_j = Σ_k A_k(j) X_{j−k}, the chain rule over every block between L−i and L gives
//   D_0 = 1,   D_i = Σ_{t = i−m … i−1} D_t · A_{i−t}(L−t)                  (m = the largest lag)
// which for the "s" formula is Eq. (15), with the factors in composition order (W_L leftmost).
// L is taken large (L > depth + lag), so X_0 is an earlier output held fixed.
import Foundation

/// One monomial of an expansion: W factors left to right as offsets from L (W_L → 0, W_{L−1} → 1).
public struct PathTerm: Equatable, Sendable, Codable {
    public let path: [Int]
    public let coefficient: Double
    public let coefficientExact: String

    public init(path: [Int], coefficient: Rational) {
        self.path = path
        self.coefficient = coefficient.doubleValue
        coefficientExact = coefficient.description
    }

    enum CodingKeys: String, CodingKey {
        case path, coefficient
        case coefficientExact = "coefficient_exact"
    }
}

/// ∂X_L/∂X_{L−lag}: its terms and the number of paths of each length 0 … lag.
public struct LagExpansion: Equatable, Sendable, Codable {
    public let lag: Int
    public let terms: [PathTerm]
    /// pathsByLength[k] = distinct monomials with k factors and a non-zero coefficient, k = 0 … lag.
    public let pathsByLength: [Int]
    /// The exact polynomial (not encoded: `terms` carries it).
    public let polynomial: WordPolynomial

    public init(lag: Int, polynomial: WordPolynomial) {
        self.lag = lag
        self.polynomial = polynomial
        terms = polynomial.sortedMonomials.map { PathTerm(path: $0, coefficient: polynomial.coefficient(of: $0)) }
        var counts = [Int](repeating: 0, count: lag + 1)
        for m in polynomial.terms.keys {
            if m.count < counts.count { counts[m.count] += 1 } else {
                counts += [Int](repeating: 0, count: m.count - counts.count + 1)
                counts[m.count] += 1
            }
        }
        pathsByLength = counts
    }

    /// `1 + W_L + W_L·W_{L−1}`.
    public var rendered: String { polynomial.rendered() }

    /// `∂X_L/∂X_{L−2}`.
    public var derivativeName: String { "∂X_L/∂X_{L−\(lag)}" }

    enum CodingKeys: String, CodingKey {
        case lag, terms
        case pathsByLength = "paths_by_length"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lag = try c.decode(Int.self, forKey: .lag)
        terms = try c.decode([PathTerm].self, forKey: .terms)
        pathsByLength = try c.decode([Int].self, forKey: .pathsByLength)
        var p: [[Int]: Rational] = [:]
        for t in terms {
            let parts = t.coefficientExact.split(separator: "/")
            guard let n = Int(parts[0]), let d = parts.count == 2 ? Int(parts[1]) : 1 else {
                throw DecodingError.dataCorruptedError(forKey: .terms, in: c, debugDescription: "'\(t.coefficientExact)' is not a rational p/q")
            }
            p[t.path] = try Rational(n, d)
        }
        polynomial = WordPolynomial(terms: p)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lag, forKey: .lag)
        try c.encode(terms, forKey: .terms)
        try c.encode(pathsByLength, forKey: .pathsByLength)
    }
}

/// The analysis of one design: its normalised formula and the expansion at each lag 1 … depth.
public struct FormulaAnalysis: Equatable, Sendable, Codable {
    public static let maxDepth = 30
    /// The most terms one lag's expansion may list (ResNet reaches it at lag 17: 2^17 terms).
    public static let maxTerms = 100_000

    /// The normalised formula text.
    public let formula: String
    /// The named design's name, nil for a formula written out.
    public let name: String?
    public let depth: Int
    public let lags: [LagExpansion]

    /// Analyses `design` for lags 1 … depth (1 ≤ depth ≤ 30).
    public init(_ design: BlockFormula, name: String? = nil, depth: Int) throws {
        guard (1...FormulaAnalysis.maxDepth).contains(depth) else {
            throw FormulaError(.depthOutOfRange, "the depth must lie in 1 … \(FormulaAnalysis.maxDepth), got \(depth)")
        }
        let recursion = try LinearRecursion(design)
        formula = design.description
        self.name = name
        self.depth = depth
        let m = recursion.maxLag
        var d: [WordPolynomial] = [.one]  // d[t] = ∂X_L/∂X_{L−t}
        var lags: [LagExpansion] = []
        for i in 1...depth {
            var di = WordPolynomial()
            for t in max(0, i - m)..<i {
                // A_{i−t}(L−t): factor offsets relative to block L−t become offsets from L by adding t.
                let a = try recursion.coefficient(lag: i - t).mapFactors { $0 + t }
                guard !a.isZero, !d[t].isZero else { continue }
                try di.add(try d[t].multiplied(by: a))
                if di.terms.count > FormulaAnalysis.maxTerms {
                    throw FormulaError(
                        .tooManyTerms,
                        "∂X_L/∂X_{L−\(i)} of \(name ?? design.description) has more than \(FormulaAnalysis.maxTerms) terms, more than the analysis lists; use a smaller depth (lag \(i - 1) fits)")
                }
            }
            d.append(di)
            lags.append(LagExpansion(lag: i, polynomial: di))
        }
        self.lags = lags
    }

    enum CodingKeys: String, CodingKey { case formula, name, depth, lags }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formula = try c.decode(String.self, forKey: .formula)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        depth = try c.decode(Int.self, forKey: .depth)
        lags = try c.decode([LagExpansion].self, forKey: .lags)
    }

    /// `name` is written as null for a formula written out, so every document has the same keys.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formula, forKey: .formula)
        try c.encode(name, forKey: .name)
        try c.encode(depth, forKey: .depth)
        try c.encode(lags, forKey: .lags)
    }
}
