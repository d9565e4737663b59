// The hand-written block code the design interpreter replaced (issue 15), kept here verbatim as the
// reference the exactness test holds the interpreter to, and as the block-level API BlockGradientTests
// checks the chains with. Only the tests use it; the library has one mechanism, the formula.
import NeuralCore
@testable import ModelZoo

/// The old plan's shortcut and shortcut2 of a block, by the old rule: a projection where the stride is
/// not 1 or the channels change; shortcut2 is built like the shortcut, without BN in Res2NeXt.
struct LegacyShortcuts {
    let shortcut: [LayerSpec]
    let shortcut2: [LayerSpec]?

    init(_ block: BlockPlan, spec: ModelSpec) {
        let cin = block.input.channels, out = block.output.channels
        let stride = block.input.height / block.output.height
        let needsProjection = stride != 1 || cin != out
        let projection = LayerSpec.conv(ConvSpec(cin, out, kernelSize: 1, stride: stride, bias: spec.convBias))
        shortcut = needsProjection ? [projection, .batchNorm(channels: out)] : []
        shortcut2 = spec.isS ? (needsProjection ? [projection] + (spec.shortcut2HasBatchNorm ? [.batchNorm(channels: out)] : []) : []) : nil
    }
}

/// A zoo network built and run the pre-issue-15 way: stem, per block branch, shortcut, shortcut2, head.
final class LegacyNetwork {
    let plan: NetworkPlan
    let store: ParameterStore
    let stem: LayerChain
    let blocks: [(branch: LayerChain, shortcut: LayerChain, shortcut2: LayerChain?)]
    let head: LayerChain

    init(plan: NetworkPlan, seed: UInt64) {
        self.plan = plan
        let store = ParameterStore(seed: seed)
        self.store = store
        stem = LayerChain(plan.stem, store: store, name: "stem")
        blocks = plan.blocks.map { b in
            let legacy = LegacyShortcuts(b, spec: plan.spec)
            return (
                LayerChain(b.branch, store: store, name: b.name + ".branch"),
                LayerChain(legacy.shortcut, store: store, name: b.name + ".shortcut"),
                legacy.shortcut2.map { LayerChain($0, store: store, name: b.name + ".shortcut2") })
        }
        head = LayerChain(plan.head, store: store, name: "head")
    }

    func forward(_ x: Tensor, _ tape: Tape) -> Tensor {
        let h = stem.forward(x, tape)
        var out = h
        if plan.spec.isS {
            var x0 = h
            for block in blocks {
                let b = block.branch.forward(out, tape)
                let sum = tape.add(b, block.shortcut.forward(out, tape))
                let o = tape.subtract(tape.relu(sum), block.shortcut2!.forward(x0, tape))
                x0 = plan.options.sForm == .published ? sum : b
                out = o
            }
        } else {
            for block in blocks { out = tape.addReLU(block.branch.forward(out, tape), block.shortcut.forward(out, tape)) }
        }
        return head.forward(out, tape)
    }
}

extension ResidualBlock {
    /// out = ReLU(branch(x) + shortcut(x)).
    func forward(_ x: Tensor, _ tape: Tape) -> Tensor {
        tape.addReLU(branch.forward(x, tape), shortcut.forward(x, tape))
    }

    /// The "s" block: sum = branch(x1) + shortcut(x1); out = ReLU(sum) − shortcut2(x0); returns (sum, out)
    /// in the published form, (branch, out) in the formula form. An absent shortcut2 is the identity.
    func forward(_ x0: Tensor, _ x1: Tensor, _ tape: Tape, form: SForm) -> (Tensor, Tensor) {
        let b = branch.forward(x1, tape)
        let sum = tape.add(b, shortcut.forward(x1, tape))
        let s2 = shortcut2.map { $0.forward(x0, tape) } ?? x0
        let out = tape.subtract(tape.relu(sum), s2)
        return (form == .published ? sum : b, out)
    }
}
