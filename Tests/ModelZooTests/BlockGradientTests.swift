// Finite-difference gradient checks of every block kind (basic, bottleneck, SE after the last BN, SE
// after the branch ReLU in basic and bottleneck, ResNeXt, Res2NeXt), each plain and in both "s" forms,
// at tiny widths: L = Σ r·f with fixed random r; tape backward's ∂L/∂x and ∂L/∂θ against central
// differences (L(v+ε) − L(v−ε))/2ε, loss accumulated in Double.
import GradientSupport
import NeuralCore
import Testing
@testable import ModelZoo

extension FiniteDifference {
    /// The blocks' and networks' setting: ε = 1e-3, tolerances 5e-3 + 3e-2·|g|, at most `maximumChecks`
    /// entries per tensor, and ReLU kinks skipped up to a third of the entries (with batch 2 and 2×2 maps a
    /// BN normalises 8 values per channel and up to ~27% of entries see a kink: bottleneck, stage 2).
    static func blocks(maximumChecks: Int = 250) -> FiniteDifference {
        FiniteDifference(
            epsilon: 1e-3, absoluteTolerance: 5e-3, relativeTolerance: 3e-2, maximumChecks: maximumChecks,
            maximumKinkShare: 1.0 / 3, probeSeed: 77)
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
            let x1 = FiniteDifference.input(shape, seed: 11)
            if variant == .plain {
                FiniteDifference.blocks().check(inputs: [x1], store: store) { tape in residual.forward(x1, tape) }
            } else {
                let x0 = FiniteDifference.input(shape, seed: 12)
                // Both outputs at once: concat(first, out) along channels.
                FiniteDifference.blocks().check(inputs: [x0, x1], store: store) { tape in
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
        let x0 = FiniteDifference.input(shape, seed: 1), x1 = FiniteDifference.input(shape, seed: 2)
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

