// A design as a syntax tree: the statements defining one block i, auxiliaries first, `X[i]` last.
// The tree keeps the architecture — where the ReLU sits, which block's branch W is applied to which
// input — so part 2 can build the network from it; `LinearRecursion` is its activation-free expansion.
import Foundation

/// One right-hand side. Lags count blocks back from the current block i (`X[i-2]` has lag 2).
public indirect enum FormulaExpression: Hashable, Codable, Sendable {
    /// `X[i-lag]`, lag ≥ 1: an earlier block's output.
    case output(lag: Int)
    /// `X[0]`: the stem's output, the network's input to the first block.
    case stem
    /// `S[i-lag]`, lag ≥ 0: an auxiliary defined by an earlier statement (at block i−lag).
    case auxiliary(name: String, lag: Int)
    /// `W[i-lag] input`: block i−lag's residual branch applied to `input` (lag 0: this block's own).
    case branch(lag: Int, input: FormulaExpression)
    /// `relu(…)`.
    case relu(FormulaExpression)
    /// A rational constant times an expression.
    case scaled(Rational, FormulaExpression)
    /// Two or more terms added.
    case sum([FormulaExpression])

    /// The same expression one `by` blocks earlier: every lag grows by `by`; `X[0]` stays.
    public func shifted(by k: Int) -> FormulaExpression {
        switch self {
        case .output(let l): return .output(lag: l + k)
        case .stem: return .stem
        case .auxiliary(let n, let l): return .auxiliary(name: n, lag: l + k)
        case .branch(let l, let e): return .branch(lag: l + k, input: e.shifted(by: k))
        case .relu(let e): return .relu(e.shifted(by: k))
        case .scaled(let c, let e): return .scaled(c, e.shifted(by: k))
        case .sum(let ts): return .sum(ts.map { $0.shifted(by: k) })
        }
    }

    /// Auxiliaries replaced by their (shifted) definitions, looked up in `definitions`.
    public func inlined(_ definitions: [String: FormulaExpression]) -> FormulaExpression {
        switch self {
        case .output, .stem: return self
        case .auxiliary(let n, let l):
            guard let d = definitions[n] else { preconditionFailure("auxiliary \(n) has no definition") }
            return d.inlined(definitions).shifted(by: l)
        case .branch(let l, let e): return .branch(lag: l, input: e.inlined(definitions))
        case .relu(let e): return .relu(e.inlined(definitions))
        case .scaled(let c, let e): return .scaled(c, e.inlined(definitions))
        case .sum(let ts): return .sum(ts.map { $0.inlined(definitions) })
        }
    }

    /// A canonical form for comparing two inputs as architecture: nested sums flattened, equal terms
    /// combined with their constants, zero terms dropped, terms sorted. `W(a + b)` and `W a + W b` stay different.
    public func canonical() throws -> FormulaExpression {
        var combined: [FormulaExpression: Rational] = [:]
        func bump(_ e: FormulaExpression, _ c: Rational) throws { combined[e] = try combined[e, default: .zero].adding(c) }
        func collect(_ e: FormulaExpression, _ c: Rational) throws {
            switch e {
            case .sum(let ts): for t in ts { try collect(t, c) }
            case .scaled(let k, let inner): try collect(inner, c.multiplied(by: k))
            case .branch(let l, let input): try bump(.branch(lag: l, input: input.canonical()), c)
            case .relu(let inner): try bump(.relu(inner.canonical()), c)
            default: try bump(e, c)
            }
        }
        try collect(self, .one)
        let terms = combined.filter { !$0.value.isZero }.sorted { $0.key.description < $1.key.description }
            .map { $0.value == .one ? $0.key : FormulaExpression.scaled($0.value, $0.key) }
        switch terms.count {
        case 0: return .scaled(.zero, .stem)
        case 1: return terms[0]
        default: return .sum(terms)
        }
    }

    /// The largest lag of any `X` or `W` reference (0 when there is none).
    public var maxLag: Int {
        switch self {
        case .output(let l): return l
        case .stem: return 0
        case .auxiliary(_, let l): return l
        case .branch(let l, let e): return max(l, e.maxLag)
        case .relu(let e), .scaled(_, let e): return e.maxLag
        case .sum(let ts): return ts.map(\.maxLag).max() ?? 0
        }
    }

    /// Every branch application inside, outermost first: (lag, input).
    public var branches: [(lag: Int, input: FormulaExpression)] {
        switch self {
        case .output, .stem, .auxiliary: return []
        case .branch(let l, let e): return [(l, e)] + e.branches
        case .relu(let e), .scaled(_, let e): return e.branches
        case .sum(let ts): return ts.flatMap(\.branches)
        }
    }
}

extension FormulaExpression: CustomStringConvertible {
    /// The normalised text, which parses back to the same tree: `relu(X[i-1] + W[i] X[i-1]) - W[i-1] X[i-2]`.
    public var description: String {
        switch self {
        case .sum(let ts):
            var out = ""
            for (n, t) in ts.enumerated() {
                if case .scaled(let c, let inner) = t, c.numerator < 0, let m = try? c.negated() {
                    let rest = m == .one ? inner.operand : FormulaExpression.scaled(m, inner).description
                    out += n == 0 ? "-" + rest : " - " + rest
                } else {
                    out += n == 0 ? t.description : " + " + t.description
                }
            }
            return out
        case .scaled(let c, let e):
            if c == .one { return e.description }
            if let m = try? c.negated(), m == .one { return "-" + e.operand }
            return "\(c.decimalString ?? c.description) * \(e.operand)"
        default: return operand
        }
    }

    /// Atomic text, parenthesised when it is a sum or a scaled term.
    var operand: String {
        switch self {
        case .output(let l): return "X[\(FormulaExpression.index(l))]"
        case .stem: return "X[0]"
        case .auxiliary(let n, let l): return "\(n)[\(FormulaExpression.index(l))]"
        case .branch(let l, let e): return "W[\(FormulaExpression.index(l))] \(e.operand)"
        case .relu(let e): return "relu(\(e.description))"
        case .scaled, .sum: return "(\(description))"
        }
    }

    static func index(_ lag: Int) -> String { lag == 0 ? "i" : "i-\(lag)" }
}

/// One statement: `name[i] = expression`.
public struct FormulaStatement: Hashable, Codable, Sendable, CustomStringConvertible {
    public var name: String
    public var expression: FormulaExpression

    public init(name: String, expression: FormulaExpression) {
        self.name = name
        self.expression = expression
    }

    public var description: String { "\(name)[i] = \(expression)" }
}

/// A validated design: auxiliaries in order of definition, then `X[i]`. Build one with `BlockFormula.parse`.
public struct BlockFormula: Hashable, Codable, Sendable, CustomStringConvertible {
    public let statements: [FormulaStatement]

    /// Trusts that the statements were validated (the parser is the way in).
    init(validated statements: [FormulaStatement]) {
        precondition(statements.last?.name == "X", "a BlockFormula ends with the statement defining X[i]")
        self.statements = statements
    }

    /// The right-hand side of `X[i] = …` as written.
    public var output: FormulaExpression { statements.last!.expression }

    public var auxiliaryDefinitions: [String: FormulaExpression] {
        Dictionary(uniqueKeysWithValues: statements.dropLast().map { ($0.name, $0.expression) })
    }

    /// `X[i]` with every auxiliary replaced by its shifted definition: the block's whole computation.
    public var inlinedOutput: FormulaExpression { output.inlined(auxiliaryDefinitions) }

    /// What block i applies its own branch `W[i]` to (inlined), or nil when it has no branch.
    public var branchInput: FormulaExpression? {
        inlinedOutput.branches.first { $0.lag == 0 }?.input
    }

    /// How many blocks back the block reads, auxiliaries inlined.
    public var maxLag: Int { inlinedOutput.maxLag }

    /// The normalised text: statements joined by "; ".
    public var description: String { statements.map(\.description).joined(separator: "; ") }

    enum CodingKeys: String, CodingKey { case statements }

    /// Decoding validates like parsing does (a stored design is re-read through the parser), so a
    /// decoded `BlockFormula` holds the same guarantees as a parsed one.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let decoded = try c.decode([FormulaStatement].self, forKey: .statements)
        let text = decoded.map(\.description).joined(separator: "; ")
        let parsed: BlockFormula
        do {
            parsed = try BlockFormula.parse(text, maxLag: 30)
        } catch let error as FormulaError {
            throw DecodingError.dataCorruptedError(forKey: .statements, in: c, debugDescription: "the design \(text) is not valid: \(error.message)")
        }
        guard parsed.statements == decoded else {
            throw DecodingError.dataCorruptedError(forKey: .statements, in: c, debugDescription: "the design \(text) does not read back as written (it normalises to \(parsed))")
        }
        self = parsed
    }
}
