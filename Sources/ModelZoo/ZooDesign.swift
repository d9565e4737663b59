// A design applied to a zoo family: the recursion formula that says how blocks combine (issue 15).
// The family provides each block's residual branch W[i]; the formula says what block i outputs.
//
// Shapes. Every value belongs to a block: X[j], S[j] (an auxiliary at block j) and W[j]·(…) have the shape
// of block j's output; block 0 is the stem. An expression's natural block is the latest block any of its
// terms belongs to (a sum of X[i-1] and W[i] X[i-1] belongs to block i). X[i]'s statement is evaluated
// into block i's output shape, an auxiliary's into its natural block's shape, W[i]'s input into block i's
// input shape. A leaf term (X[i-k], X[0], S[i-k], W[i-k] …) whose shape differs from the shape wanted
// there goes through its own projection: a 1×1 conv with the combined stride (bias where the family has
// one) + BN, built like the family's shortcut when the term is W[i]'s own input (named `shortcut`), and
// like ZOO-SPEC's shortcut2 otherwise (no BN in Res2NeXt; named `shortcut2`, `shortcut3`, … in order of
// first use). One projection per distinct term and target shape: a term written twice is projected once.
//
// Boundary rule: every value of a block j ≤ 0 — X[j], S[j], and W[j] applied to anything — is the stem's
// output X[0]. For "s" this is the paper's start from the pair (stem, stem).
//
// W[i-k] (k ≥ 1) re-uses block i−k's branch output (the parser checks it takes the shifted input), and
// ReLU is applied only where the formula writes relu(…).
import Formulas

/// A named formula.
public struct ZooDesign: Sendable, Equatable, Hashable {
    public let name: String
    public let formula: BlockFormula

    public init(name: String, formula: BlockFormula) {
        self.name = name
        self.formula = formula
    }

    public static func named(_ d: NamedDesign) -> ZooDesign { ZooDesign(name: d.rawValue, formula: d.formula()) }

    /// The design a published model id computes: `resnet` for a baseline; for an "s" model `s-published`
    /// (the A.5 code, `--s-form published`) or `s` (Eq. 18 as written, `--s-form formula`).
    public static func published(_ id: ModelID, form: SForm) -> ZooDesign {
        guard id.isSVariant else { return named(.resnet) }
        return named(form == .published ? .sPublished : .s)
    }

    /// W[i]'s input as written (it may name an auxiliary of block i), or nil when block i applies no W.
    var branchInputAsWritten: FormulaExpression? {
        for s in formula.statements {
            if let b = s.expression.branches.first(where: { $0.lag == 0 }) { return b.input }
        }
        return nil
    }
}

/// A projection of one term of a block's formula into the shape wanted where it is used.
public struct TermProjection: Sendable, Equatable {
    /// `shortcut` (W[i]'s input, the family's shortcut), `shortcut2`, `shortcut3`, …: the parameter prefix.
    public let name: String
    /// The term as written, e.g. `W[i-1] X[i-2]`.
    public let term: String
    public let input: FeatureShape
    public let output: FeatureShape
    public let layers: [LayerSpec]

    /// How the interpreter finds it: the term and the shape it is projected to.
    var key: String { DesignWalk.key(term, output) }
}

/// The structure both the plan (which projections exist) and the network (which to apply) walk, so the
/// two cannot disagree: natural blocks, targets, leaves in evaluation order.
struct DesignWalk {
    let formula: BlockFormula
    let definitions: [String: FormulaExpression]
    let branchInput: FormulaExpression?
    let branchInputCanonical: FormulaExpression?
    private var naturalCache: [String: Int] = [:]

    init(_ design: ZooDesign) {
        formula = design.formula
        definitions = design.formula.auxiliaryDefinitions
        branchInput = design.branchInputAsWritten
        branchInputCanonical = try? design.formula.branchInput?.canonical()
    }

    static func key(_ term: String, _ shape: FeatureShape) -> String { "\(term) → \(shape)" }

    /// The block an expression evaluated at block i belongs to (0 = the stem).
    mutating func natural(_ e: FormulaExpression, at i: Int) -> Int {
        switch e {
        case .output(let l), .branch(let l, _): return max(0, i - l)
        case .stem: return 0
        case .auxiliary(let n, let l):
            let j = i - l
            if j <= 0 { return 0 }
            let k = "\(n)@\(j)"
            if let v = naturalCache[k] { return v }
            let v = natural(definitions[n]!, at: j)
            naturalCache[k] = v
            return v
        case .relu(let x), .scaled(_, let x): return natural(x, at: i)
        case .sum(let ts): return ts.map { natural($0, at: i) }.max() ?? 0
        }
    }

    /// Whether a leaf is W[i]'s own input (its projection is then the family's shortcut).
    func isBranchInput(_ leaf: FormulaExpression) -> Bool {
        guard let b = branchInputCanonical else { return false }
        return (try? leaf.inlined(definitions).canonical()) == b
    }

    /// The leaves of `e` in evaluation order, each with the block whose shape it is evaluated into.
    static func leaves(_ e: FormulaExpression, target: Int, _ visit: (FormulaExpression, Int) throws -> Void) rethrows {
        switch e {
        case .output, .stem, .auxiliary, .branch: try visit(e, target)
        case .relu(let x), .scaled(_, let x): try leaves(x, target: target, visit)
        case .sum(let ts): for t in ts { try leaves(t, target: target, visit) }
        }
    }
}
