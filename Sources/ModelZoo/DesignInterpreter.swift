// Runs a design's formula through a network's blocks (ZooDesign.swift has the rules). Per block i:
// W[i] is applied first to its input, then the auxiliaries in order (one that is needed earlier is
// evaluated on first use), then X[i]. Sums add in the order written (c = ±1 by add/subtract, other
// constants by a scale), relu(a + b) of two plain terms is one fused add-ReLU, and a leaf whose shape
// differs from the one wanted is projected once per block by its TermProjection.
// Legend: every value N×C×H×W; block 0 is the stem's output.
import Formulas
import NeuralCore

struct DesignInterpreter {
    let design: ZooDesign
    let stem: Tensor
    /// Per block j ≥ 1 (index j−1): output, branch output, auxiliaries.
    private var outputs: [Tensor] = []
    private var branches: [Tensor] = []
    private var auxiliaries: [[String: Tensor]] = []
    private var walk: DesignWalk

    init(design: ZooDesign, stem: Tensor) {
        self.design = design
        self.stem = stem
        walk = DesignWalk(design)
    }

    /// Runs every block; returns the last block's X.
    static func run(_ design: ZooDesign, blocks: [ResidualBlock], stem: Tensor, shapes: [FeatureShape], _ tape: Tape) -> Tensor {
        var interpreter = DesignInterpreter(design: design, stem: stem)
        for (n, block) in blocks.enumerated() {
            interpreter.block(n + 1, block, shapes: shapes, tape)
        }
        return interpreter.outputs.last ?? stem
    }

    private mutating func block(_ i: Int, _ block: ResidualBlock, shapes: [FeatureShape], _ tape: Tape) {
        var current: [String: Tensor] = [:]
        var projected: [String: Tensor] = [:]
        var ownBranch: Tensor? = nil
        var walk = self.walk
        let me = self

        func shape(_ j: Int) -> FeatureShape { shapes[max(0, j)] }

        func leaf(_ e: FormulaExpression, _ t: Int) -> Tensor {
            let raw: Tensor
            switch e {
            case .output(let l):
                raw = i - l <= 0 ? me.stem : me.outputs[i - l - 1]
            case .stem:
                raw = me.stem
            case .auxiliary(let n, let l):
                if i - l <= 0 { raw = me.stem } else if l == 0 { raw = auxiliary(n) } else { raw = me.auxiliaries[i - l - 1][n]! }
            case .branch(let l, _):
                if i - l <= 0 { raw = me.stem } else if l == 0 { raw = ownBranch! } else { raw = me.branches[i - l - 1] }
            default:
                preconditionFailure("DesignInterpreter: \(e) is not a leaf")
            }
            let to = shape(t)
            let s = raw.shape
            if s.c == to.channels && s.h == to.height && s.w == to.width { return raw }
            let key = DesignWalk.key(e.description, to)
            if let v = projected[key] { return v }
            guard let chain = block.projections[key] else {
                preconditionFailure("\(block.plan.name): no projection for \(key) (the plan and the interpreter disagree)")
            }
            let v = chain.forward(raw, tape)
            projected[key] = v
            return v
        }

        func evaluate(_ e: FormulaExpression, _ t: Int) -> Tensor {
            switch e {
            case .output, .stem, .auxiliary, .branch:
                return leaf(e, t)
            case .relu(let inner):
                if case .sum(let ts) = inner, ts.count == 2, !ts.contains(where: { if case .scaled = $0 { return true } else { return false } }) {
                    let a = evaluate(ts[0], t)
                    let b = evaluate(ts[1], t)
                    return tape.addReLU(a, b)
                }
                return tape.relu(evaluate(inner, t))
            case .scaled(let c, let inner):
                let v = evaluate(inner, t)
                return c == .one ? v : tape.scale(v, by: Float(c.doubleValue))
            case .sum(let ts):
                var acc: Tensor? = nil
                for term in ts {
                    var c = Rational.one
                    var base = term
                    if case .scaled(let k, let inner) = term { c = k; base = inner }
                    let v = evaluate(base, t)
                    if let a = acc {
                        if c == .one {
                            acc = tape.add(a, v)
                        } else if c.numerator == -c.denominator {
                            acc = tape.subtract(a, v)
                        } else {
                            acc = tape.add(a, tape.scale(v, by: Float(c.doubleValue)))
                        }
                    } else {
                        acc = c == .one ? v : tape.scale(v, by: Float(c.doubleValue))
                    }
                }
                return acc!
            }
        }

        func auxiliary(_ n: String) -> Tensor {
            if let v = current[n] { return v }
            let definition = walk.definitions[n]!
            let v = evaluate(definition, walk.natural(definition, at: i))
            current[n] = v
            return v
        }

        // W[i] first (the plan refused a design without one).
        let input = evaluate(walk.branchInput!, i - 1)
        ownBranch = block.branch.forward(input, tape)
        for s in design.formula.statements.dropLast() { _ = auxiliary(s.name) }
        let out = evaluate(design.formula.output, i)
        outputs.append(out)
        branches.append(ownBranch!)
        auxiliaries.append(current)
        self.walk = walk
    }
}
