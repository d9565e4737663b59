// An independent check of the expansion: give every block a concrete random matrix W_j, run the block's
// syntax tree forward (relu dropped) from X_{L−i} = e_c with every other earlier output zero, and compare
// the Jacobian ∂X_L/∂X_{L−i} column by column with the polynomial evaluated at those matrices (in order,
// W_L leftmost). The forward pass evaluates the tree directly; it does not use LinearRecursion.
import Testing
@testable import Formulas

@Suite struct JacobianCheckTests {
    typealias Matrix = [[Double]]
    static let n = 3

    /// Small integer entries in −2 … 2 from a fixed linear congruential sequence (exact in Double).
    static func matrices(count: Int, seed: UInt64) -> [Matrix] {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(Int((state >> 33) % 5) - 2)
        }
        return (0..<count).map { _ in (0..<n).map { _ in (0..<n).map { _ in next() } } }
    }

    static func multiply(_ a: Matrix, _ b: Matrix) -> Matrix {
        (0..<n).map { r in (0..<n).map { c in (0..<n).reduce(0) { $0 + a[r][$1] * b[$1][c] } } }
    }

    static func apply(_ a: Matrix, _ v: [Double]) -> [Double] {
        (0..<n).map { r in (0..<n).reduce(0) { $0 + a[r][$1] * v[$1] } }
    }

    /// Forward pass of the design at blocks L−i+1 … L with X_{L−i} = e_c; returns X_L.
    static func forward(_ f: BlockFormula, lag i: Int, column c: Int, w: (Int) -> Matrix, last L: Int) -> [Double] {
        var x: [Int: [Double]] = [:]
        var aux: [String: [Int: [Double]]] = [:]
        let defs = f.auxiliaryDefinitions
        let zero = [Double](repeating: 0, count: n)
        func output(_ j: Int) -> [Double] {
            if j < L - i { return zero }
            if j == L - i { return (0..<n).map { $0 == c ? 1 : 0 } }
            if let v = x[j] { return v }
            let v = eval(f.output, at: j)
            x[j] = v
            return v
        }
        func auxiliary(_ name: String, _ j: Int) -> [Double] {
            if let v = aux[name]?[j] { return v }
            let v = eval(defs[name]!, at: j)
            aux[name, default: [:]][j] = v
            return v
        }
        func eval(_ e: FormulaExpression, at j: Int) -> [Double] {
            switch e {
            case .output(let l): return output(j - l)
            case .stem: return zero  // X_0, far before L − i, held fixed at zero
            case .auxiliary(let name, let l): return auxiliary(name, j - l)
            case .branch(let l, let input): return apply(w(j - l), eval(input, at: j))
            case .relu(let inner): return eval(inner, at: j)
            case .scaled(let k, let inner): return eval(inner, at: j).map { $0 * k.doubleValue }
            case .sum(let ts): return ts.map { eval($0, at: j) }.reduce(zero) { a, b in zip(a, b).map(+) }
            }
        }
        return output(L)
    }

    /// Σ coefficient · W_{L−p1}·W_{L−p2}·…
    static func evaluate(_ p: WordPolynomial, w: (Int) -> Matrix, last L: Int) -> Matrix {
        let identity: Matrix = (0..<n).map { r in (0..<n).map { $0 == r ? 1 : 0 } }
        var sum: Matrix = (0..<n).map { _ in [Double](repeating: 0, count: n) }
        for (m, coefficient) in p.terms {
            let product = m.reduce(identity) { multiply($0, w(L - $1)) }
            for r in 0..<n { for c in 0..<n { sum[r][c] += coefficient.doubleValue * product[r][c] } }
        }
        return sum
    }

    static let extraFormulas = [
        "X[i] = W[i](X[i-1] + 0.25 * X[i-3]) - 0.5 * W[i-2](X[i-3] + 0.25 * X[i-5])",
        "Y[i] = relu(X[i-1] - X[i-2]); X[i] = X[i-1] + W[i] Y[i] + W[i-1] Y[i-1] + 0.5 * Y[i-2]",
        "X[i] = W[i](X[i-1] + X[i-2]) + W[i-1](X[i-2] + X[i-3]) - X[i-3] + X[0]",
    ]

    @Test(arguments: NamedDesign.allCases.map(\.formulaText) + extraFormulas)
    func expansionMatchesTheForwardJacobian(_ text: String) throws {
        let f = try BlockFormula.parse(text)
        let L = 100
        let ws = JacobianCheckTests.matrices(count: L + 1, seed: 20_240_000 + UInt64(text.count))
        let w = { (j: Int) in ws[j] }
        let analysis = try FormulaAnalysis(f, depth: 6)
        for lag in analysis.lags {
            let expected = JacobianCheckTests.evaluate(lag.polynomial, w: w, last: L)
            for c in 0..<JacobianCheckTests.n {
                let column = JacobianCheckTests.forward(f, lag: lag.lag, column: c, w: w, last: L)
                for r in 0..<JacobianCheckTests.n {
                    #expect(abs(column[r] - expected[r][c]) <= 1e-9 * max(1, abs(expected[r][c])), "\(text) lag \(lag.lag) [\(r),\(c)]")
                }
            }
        }
    }
}
