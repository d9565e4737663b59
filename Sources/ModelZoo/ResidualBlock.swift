// The one residual block of the zoo, built from a BlockPlan: basic, bottleneck, SE (both styles),
// ResNeXt and Res2NeXt differ only in the plan's branch; the "s" architecture is the shortcut2 flag.
// Legend: x, x0, x1 N×C_in×H×W; branch, sum, out N×C_out×H'×W' (H' = H / stride).
import NeuralCore

public final class ResidualBlock {
    public let plan: BlockPlan
    let branch: LayerChain
    /// Empty chain = identity.
    let shortcut: LayerChain
    /// nil outside "s" models; an empty chain is the identity.
    let shortcut2: LayerChain?

    /// Declares the block's parameters in `store`; `residualGamma` is the initial γ of the branch's last
    /// BN (ZooOptions.residualGamma; constants draw nothing, so the other parameters do not change).
    public init(_ plan: BlockPlan, store: ParameterStore, name: String, residualGamma: Float = 1) {
        self.plan = plan
        branch = LayerChain(plan.branch, store: store, name: name + ".branch")
        shortcut = LayerChain(plan.shortcut, store: store, name: name + ".shortcut")
        shortcut2 = plan.shortcut2.map { LayerChain($0, store: store, name: name + ".shortcut2") }
        if residualGamma != 1, let bn = branch.lastBatchNorm {
            store.value(bn.weight).update(repeating: residualGamma, count: bn.channels)
        }
    }

    public var isS: Bool { shortcut2 != nil }

    /// out = ReLU(branch(x) + shortcut(x)).
    public func forward(_ x: Tensor, _ tape: Tape) -> Tensor {
        precondition(!isS, "ResidualBlock \(plan.name) is an \"s\" block: call forward(x0, x1, …)")
        return tape.addReLU(branch.forward(x, tape), shortcut.forward(x, tape))
    }

    /// The "s" block (ZOO-SPEC): sum = branch(x1) + shortcut(x1); out = ReLU(sum) − shortcut2(x0);
    /// returns (sum, out) in the published form (A.5's in-place add), (branch, out) in the formula form.
    public func forward(_ x0: Tensor, _ x1: Tensor, _ tape: Tape, form: SForm) -> (Tensor, Tensor) {
        guard let shortcut2 else { preconditionFailure("ResidualBlock \(plan.name) is not an \"s\" block") }
        precondition(x0.shape == x1.shape, "\"s\" block \(plan.name) expected x0 and x1 of equal shape, got \(x0.shape) and \(x1.shape)")
        let b = branch.forward(x1, tape)
        let sum = tape.add(b, shortcut.forward(x1, tape))
        let out = tape.subtract(tape.relu(sum), shortcut2.forward(x0, tape))
        return (form == .published ? sum : b, out)
    }
}
