// Finite-difference gradient checks of every block kind (basic, bottleneck, SE after the last BN, SE
// after the branch ReLU in basic and bottleneck, ResNeXt, Res2NeXt), each plain and in both "s" forms,
// at tiny widths: L = Σ r·f with fixed random r; tape backward's ∂L/∂x and ∂L/∂θ against central
// differences (L(v+ε) − L(v−ε))/2ε, loss accumulated in Double.
import NeuralCore
import Testing
@testable import ModelZoo

struct FiniteDifference {
    var epsilon: Float = 1e-3
    var absoluteTolerance = 5e-3
    var relativeTolerance = 3e-2
    /// At most this many entries checked per input tensor and in the parameter store (evenly spread).
    var maximumChecks = 250
    /// Largest share of entries that may sit at a ReLU kink (see `check`). With batch 2 and 2×2 maps a BN
    /// normalises 8 values per channel and up to ~27% of entries see a kink (bottleneck, stage 2).
    var maximumKinkShare = 1.0 / 3

    /// Checks the gradients of L = Σ r·f(tape) w.r.t. `inputs` and every parameter in `store` (an evenly
    /// spread subset when there are many). ReLU makes L piecewise smooth, and with tiny batches a BN
    /// output often lies within ε of a kink; there the one-sided slopes (L(v+ε) − L(v))/ε and
    /// (L(v) − L(v−ε))/ε disagree and no difference quotient is the derivative, so such an entry is
    /// skipped (at most `maximumKinkShare` of them). The skip rule reads only L, never the analytic
    /// gradient, so it cannot hide a wrong gradient; it only lowers coverage. Elsewhere the central
    /// difference must agree.
    /// Returns the largest error / allowed ratio.
    @discardableResult
    func check(inputs: [Tensor], store: ParameterStore, sourceLocation: SourceLocation = #_sourceLocation,
               _ f: (Tape) -> Tensor) -> Double {
        let tape = Tape(mode: .training)
        let probe = f(tape)
        var g = RandomGenerator(seed: 77)
        let r = (0..<probe.shape.count).map { _ in g.uniform(-1, 1) }
        store.zeroGradients()
        tape.backward(from: probe, seed: r)
        let inputGradients = inputs.map { t -> [Float] in
            guard let gp = t.gradient else { return [Float](repeating: 0, count: t.shape.count) }
            return Array(UnsafeBufferPointer(start: gp, count: t.shape.count))
        }
        let parameterGradients = Array(UnsafeBufferPointer(start: store.gradients, count: store.count))
        tape.reset()

        func loss() -> Double {
            let out = f(tape).nchw()
            tape.reset()
            var acc = 0.0
            for i in 0..<out.count { acc += Double(r[i]) * Double(out[i]) }
            return acc
        }
        let center = loss()
        func allowed(_ a: Double, _ b: Double) -> Double {
            absoluteTolerance + relativeTolerance * max(abs(a), abs(b))
        }
        var worst = 0.0, checked = 0, kinks = 0
        func compare(_ p: UnsafeMutablePointer<Float>, _ analytic: Float, _ what: @autoclosure () -> String) {
            let saved = p.pointee
            p.pointee = saved + epsilon
            let plus = loss()
            p.pointee = saved - epsilon
            let minus = loss()
            p.pointee = saved
            let right = (plus - center) / Double(epsilon), left = (center - minus) / Double(epsilon)
            checked += 1
            if abs(right - left) > allowed(right, left) {
                kinks += 1
                return
            }
            let a = Double(analytic), n = (right + left) / 2
            let ratio = abs(a - n) / allowed(a, n)
            worst = max(worst, ratio)
            if ratio > 1 { Issue.record("\(what()): analytic \(a), numeric \(n)", sourceLocation: sourceLocation) }
        }
        func spread(_ count: Int) -> [Int] {
            count <= maximumChecks ? Array(0..<count) : (0..<maximumChecks).map { $0 * count / maximumChecks }
        }
        for (k, t) in inputs.enumerated() {
            for i in spread(t.shape.count) { compare(t.data + i, inputGradients[k][i], "input \(k)[\(i)]") }
        }
        for i in spread(store.count) {
            let name = store.parameters.last { $0.offset <= i }?.name ?? "?"
            compare(store.values + i, parameterGradients[i], "parameter \(name) at \(i)")
        }
        #expect(Double(kinks) <= maximumKinkShare * Double(checked), "\(kinks) of \(checked) entries at a kink", sourceLocation: sourceLocation)
        return worst
    }
}

/// A block kind, the model it comes from and a width that makes it tiny.
struct BlockCase: CustomTestStringConvertible, Sendable {
    let label: String
    let model: ModelID
    let width: Double
    var testDescription: String { label }
}

let blockCases = [
    BlockCase(label: "basic", model: .resnet18, width: 1.0 / 16),
    BlockCase(label: "bottleneck", model: .resnet50, width: 1.0 / 16),
    BlockCase(label: "SE after last BN (SEResNet18)", model: .seresnet18, width: 1.0 / 8),
    BlockCase(label: "SE after branch ReLU, basic (SEResNet34)", model: .seresnet34, width: 1.0 / 8),
    BlockCase(label: "SE after branch ReLU, bottleneck (SEResNet50)", model: .seresnet50, width: 1.0 / 16),
    BlockCase(label: "ResNeXt", model: .resnext29_2x64d, width: 1.0 / 16),
    BlockCase(label: "Res2NeXt", model: .res2next29_6c24w, width: 1.0 / 24),
]

enum BlockVariant: String, CaseIterable, Sendable { case plain, sPublished, sFormula }

@Suite(.serialized) struct BlockGradientTests {
    init() {
        Parallel.configure(threads: 2)
    }

    /// The first block of stage 2 (stride 2, projection shortcut, and shortcut2 in "s") and the second
    /// (identity shortcuts) of the family's tiny network; batch 2, stage-2 input 4×4.
    @Test(arguments: blockCases, BlockVariant.allCases)
    func blockGradients(block: BlockCase, variant: BlockVariant) throws {
        let id = variant == .plain ? block.model : try #require(block.model.sVariant)
        let options = ZooOptions(width: block.width, classes: 3, sForm: variant == .sFormula ? .formula : .published, imageSize: 4)
        let plan = try NetworkPlan(id, options: options)
        let stage2 = plan.blocks.filter { $0.stage == 2 }
        #expect(stage2.count >= 2)
        for (index, blockPlan) in stage2.prefix(2).enumerated() {
            #expect(!blockPlan.shortcut.isEmpty == (index == 0))
            let store = ParameterStore(seed: 5)
            let residual = ResidualBlock(blockPlan, store: store, name: blockPlan.name)
            let i = blockPlan.input
            let shape = Shape(n: 2, c: i.channels, h: i.height, w: i.width)
            let x1 = GradientInputs.tensor(shape, seed: 11)
            if variant == .plain {
                FiniteDifference().check(inputs: [x1], store: store) { tape in residual.forward(x1, tape) }
            } else {
                let x0 = GradientInputs.tensor(shape, seed: 12)
                // Both outputs at once: concat(first, out) along channels.
                FiniteDifference().check(inputs: [x0, x1], store: store) { tape in
                    let (first, out) = residual.forward(x0, x1, tape, form: options.sForm)
                    return tape.concatChannels([first, out])
                }
            }
        }
    }

    /// The two "s" forms differ exactly in what they pass on: published passes branch + shortcut(x1),
    /// formula the branch; `out` is the same. Checked against a hand composition of the block's parts.
    @Test func sFormsPassOnSumOrBranch() throws {
        let plan = try NetworkPlan(.resnet18s, options: ZooOptions(width: 1.0 / 16, imageSize: 4))
        let blockPlan = plan.blocks[2]  // stage 2, block 1: projections on both shortcuts
        let store = ParameterStore(seed: 5)
        let block = ResidualBlock(blockPlan, store: store, name: "b")
        let i = blockPlan.input
        let shape = Shape(n: 2, c: i.channels, h: i.height, w: i.width)
        let x0 = GradientInputs.tensor(shape, seed: 1), x1 = GradientInputs.tensor(shape, seed: 2)
        let tape = Tape(mode: .evaluation)
        defer { tape.reset() }
        let (sum, out) = block.forward(x0, x1, tape, form: .published)
        let (branch, out2) = block.forward(x0, x1, tape, form: .formula)
        let b = block.branch.forward(x1, tape).nchw()
        let s1 = block.shortcut.forward(x1, tape).nchw()
        let s2 = try #require(block.shortcut2).forward(x0, tape).nchw()
        #expect(branch.nchw() == b)
        #expect(out.nchw() == out2.nchw())
        for (k, v) in sum.nchw().enumerated() {
            #expect(abs(v - (b[k] + s1[k])) <= 1e-6)
            #expect(abs(out.nchw()[k] - (max(0, b[k] + s1[k]) - s2[k])) <= 1e-6)
        }
    }
}

enum GradientInputs {
    /// Values in [−1, 1) that require gradients.
    static func tensor(_ shape: Shape, seed: UInt64) -> Tensor {
        var g = RandomGenerator(seed: seed)
        return Tensor(nchw: (0..<shape.count).map { _ in g.uniform(-1, 1) }, shape: shape, requiresGradient: true)
    }
}
