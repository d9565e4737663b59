// One block of a zoo network, built from a BlockPlan: the family's residual branch W and the projections
// its design needs. How the block combines values is its design's formula, run by `DesignInterpreter`
// (ZooNetwork.forward); `resnet` and the two "s" forms are formulas like any other (ZooDesign.swift).
import NeuralCore

public final class ResidualBlock {
    public let plan: BlockPlan
    let branch: LayerChain
    /// By TermProjection.key; declared in the plan's order (shortcut, shortcut2, …) after the branch.
    let projections: [String: LayerChain]
    /// The family's shortcut (empty chain = identity or no such term).
    let shortcut: LayerChain
    /// The "s" block's second projection, nil when the design has none here.
    let shortcut2: LayerChain?

    /// Declares the block's parameters in `store`; `residualGamma` is the initial γ of the branch's last
    /// BN (ZooOptions.residualGamma; constants draw nothing, so the other parameters do not change).
    public init(_ plan: BlockPlan, store: ParameterStore, name: String, residualGamma: Float = 1) {
        self.plan = plan
        branch = LayerChain(plan.branch, store: store, name: name + ".branch")
        var chains: [String: LayerChain] = [:]
        var byName: [String: LayerChain] = [:]
        for p in plan.projections {
            let chain = LayerChain(p.layers, store: store, name: name + "." + p.name)
            chains[p.key] = chain
            byName[p.name] = chain
        }
        projections = chains
        shortcut = byName["shortcut"] ?? LayerChain([], store: store, name: name + ".shortcut")
        shortcut2 = byName["shortcut2"]
        if residualGamma != 1, let bn = branch.lastBatchNorm {
            store.value(bn.weight).update(repeating: residualGamma, count: bn.channels)
        }
    }
}
