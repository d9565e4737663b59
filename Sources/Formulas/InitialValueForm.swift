// What the paper does with initial values (§5.2, Eq. 21): run the recursion from the stem with no
// history (X_j = 0 for j < 0, no block j ≤ 0, so the "s" formula gives X_1 = (1 + W_1) X_0), write each
// X_q as a polynomial in X_0, and look for a first-order form X_q = (a + b·W_q) X_{q−1} + c·X_0 that
// gives the same X_q for every q. For "s" it is Eq. (21), X_q = W_q X_{q−1} + X_0: the same function
// of X_0, a different architecture (only X_0 reaches across blocks), as the per-lag paths show.
import Foundation

/// X_q = P_q X_0 for q = 0 … blocks, factors indexed by absolute block number (W_1, W_2, …).
public struct FunctionExpansion: Equatable, Sendable {
    /// expansions[q] = P_q; P_0 = 1.
    public let expansions: [WordPolynomial]

    public init(_ design: BlockFormula, blocks: Int) throws {
        precondition(blocks >= 1, "a function expansion needs at least one block, got \(blocks)")
        let r = try LinearRecursion(design)
        var p: [WordPolynomial] = [.one]
        for q in 1...blocks {
            // Relative factor offset o at block q is block q − o; blocks j ≤ 0 do not exist (zero maps).
            func absolute(_ o: Int) -> Int? { q - o >= 1 ? q - o : nil }
            var pq = try r.stem.mapFactors(absolute)
            for (k, a) in r.coefficients where q - k >= 0 {
                try pq.add(try a.mapFactors(absolute).multiplied(by: p[q - k]))
            }
            p.append(pq)
        }
        expansions = p
    }

    /// The first block q ≥ 1 at which the two differ, or nil when X_1 … X_blocks agree.
    public func firstDifference(from other: FunctionExpansion) -> Int? {
        (1..<min(expansions.count, other.expansions.count)).first { expansions[$0] != other.expansions[$0] }
    }
}

/// The first-order form X_q = (a + b·W_q) X_{q−1} + c·X_0 of a design, when one exists.
public struct InitialValueForm: Equatable, Sendable {
    /// The form as a design (`X[i] = W[i] X[i-1] + X[0]` for "s"), nil when there is none.
    public let formula: BlockFormula?
    public let a: Rational?
    public let b: Rational?
    public let c: Rational?
    /// The blocks checked: X_1 … X_blocks.
    public let blocks: Int
    /// The first block whose X_q the form gets wrong (X_1 only can differ), nil when all agree.
    public let firstDifference: Int?

    /// Solves for a, b, c exactly over q = 2 … blocks (every monomial of
    /// P_q = a·P_{q−1} + b·W_q·P_{q−1} + c is one linear equation), then checks X_1 … X_blocks.
    public init(_ design: BlockFormula, blocks: Int) throws {
        precondition(blocks >= 2, "the first-order form needs at least two blocks, got \(blocks)")
        self.blocks = blocks
        let f = try FunctionExpansion(design, blocks: blocks)
        // Rows [b, a, c | rhs]: b first so that, when P_{q−1} is a constant for every q, c is the free unknown set to 0.
        var rows: [[Rational]] = []
        for q in 2...blocks {
            let prev = f.expansions[q - 1]
            let withW = prev.leftMultiplied(byFactor: q)
            let target = f.expansions[q]
            var monomials = Set(prev.terms.keys).union(withW.terms.keys).union(target.terms.keys)
            monomials.insert([])
            for m in monomials {
                rows.append([
                    withW.coefficient(of: m), prev.coefficient(of: m), m.isEmpty ? .one : .zero, target.coefficient(of: m),
                ])
            }
        }
        guard let solution = try InitialValueForm.solve(rows, unknowns: 3) else {
            formula = nil
            a = nil
            b = nil
            c = nil
            firstDifference = nil
            return
        }
        let (bb, aa, cc) = (solution[0], solution[1], solution[2])
        a = aa
        b = bb
        c = cc
        // X[i] = b W[i] X[i-1] + a X[i-1] + c X[0], built as a tree (a constant such as 1/3 has no decimal text).
        var parts: [FormulaExpression] = []
        func scaled(_ r: Rational, _ e: FormulaExpression) -> FormulaExpression { r == .one ? e : .scaled(r, e) }
        if !bb.isZero { parts.append(scaled(bb, .branch(lag: 0, input: .output(lag: 1)))) }
        if !aa.isZero { parts.append(scaled(aa, .output(lag: 1))) }
        if !cc.isZero { parts.append(scaled(cc, .stem)) }
        let rhs: FormulaExpression = parts.count == 1 ? parts[0] : parts.isEmpty ? .scaled(.zero, .output(lag: 1)) : .sum(parts)
        let form = BlockFormula(validated: [FormulaStatement(name: "X", expression: rhs)])
        formula = form
        firstDifference = try FunctionExpansion(form, blocks: blocks).firstDifference(from: f)
    }

    /// Gaussian elimination over the rationals; nil when inconsistent, free unknowns set to 0.
    static func solve(_ input: [[Rational]], unknowns n: Int) throws -> [Rational]? {
        var m = input
        var pivotRow = 0
        var pivotOf = [Int?](repeating: nil, count: n)
        for col in 0..<n {
            guard let r = (pivotRow..<m.count).first(where: { !m[$0][col].isZero }) else { continue }
            m.swapAt(pivotRow, r)
            let p = m[pivotRow][col]
            m[pivotRow] = try m[pivotRow].map { try $0.divided(by: p) }
            for i in 0..<m.count where i != pivotRow && !m[i][col].isZero {
                let f = m[i][col]
                for j in 0...n { m[i][j] = try m[i][j].subtracting(f.multiplied(by: m[pivotRow][j])) }
            }
            pivotOf[col] = pivotRow
            pivotRow += 1
        }
        // Inconsistent when a row reads 0 = non-zero.
        for i in pivotRow..<m.count where !m[i][n].isZero { return nil }
        return (0..<n).map { col in pivotOf[col].map { m[$0][n] } ?? .zero }
    }
}

/// The initial-value form as JSON (`recstats formula analyze --initial-values`). Keys: `formula` (null when
/// there is no first-order form), `a`, `b`, `c` (exact), `blocks_checked`, `same_function` (X_1 … X_blocks
/// equal as polynomials in X_0), `lags` (the form's own expansion per lag, as in the analysis).
public struct InitialValueSummary: Codable, Equatable, Sendable {
    public let formula: String?
    public let a: String?
    public let b: String?
    public let c: String?
    public let blocksChecked: Int
    public let sameFunction: Bool
    public let lags: [LagExpansion]?

    /// Checks X_1 … X_{min(depth + 2, 10)} and expands the form to `depth` lags.
    public init(_ design: BlockFormula, depth: Int) throws {
        let blocks = min(depth + 2, 10)
        let form = try InitialValueForm(design, blocks: blocks)
        formula = form.formula?.description
        a = form.a?.description
        b = form.b?.description
        c = form.c?.description
        blocksChecked = blocks
        sameFunction = form.formula != nil && form.firstDifference == nil
        lags = try form.formula.map { try FormulaAnalysis($0, depth: depth).lags }
    }

    enum CodingKeys: String, CodingKey {
        case formula, a, b, c, lags
        case blocksChecked = "blocks_checked"
        case sameFunction = "same_function"
    }

    public func encode(to encoder: Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(formula, forKey: .formula)
        try k.encode(a, forKey: .a)
        try k.encode(b, forKey: .b)
        try k.encode(c, forKey: .c)
        try k.encode(blocksChecked, forKey: .blocksChecked)
        try k.encode(sameFunction, forKey: .sameFunction)
        try k.encode(lags, forKey: .lags)
    }
}
