// A zoo model built from its NetworkPlan: parameters in one ParameterStore, forward to logits.
// Legend: x N×3×S×S images; logits N×classes×1×1.
import NeuralCore

public final class ZooNetwork: Layer {
    public let plan: NetworkPlan
    public let store: ParameterStore
    let stem: LayerChain
    public let blocks: [ResidualBlock]
    let head: LayerChain

    /// Builds `id` with `options`, its parameters initialised from `seed` (PyTorch's default
    /// initialisers; each residual branch's last BN γ from `options.residualGamma`).
    public convenience init(_ id: ModelID, options: ZooOptions = ZooOptions(), design: ZooDesign? = nil, seed: UInt64) throws {
        self.init(plan: try NetworkPlan(id, options: options, design: design), store: ParameterStore(seed: seed))
    }

    /// Builds a plan's layers into `store` in a fixed order: stem, blocks, head.
    public init(plan: NetworkPlan, store: ParameterStore) {
        self.plan = plan
        self.store = store
        stem = LayerChain(plan.stem, store: store, name: "stem")
        let gamma = Float(plan.options.residualGamma)
        blocks = plan.blocks.map { ResidualBlock($0, store: store, name: $0.name, residualGamma: gamma) }
        head = LayerChain(plan.head, store: store, name: "head")
    }

    public var inputShape: FeatureShape { plan.input }

    /// Logits for a batch: the stem, the blocks combined by the plan's design (DesignInterpreter), the
    /// head on the last block's X.
    public func forward(_ x: Tensor, _ tape: Tape) -> Tensor {
        let input = plan.input
        precondition(
            x.shape.c == input.channels && x.shape.h == input.height && x.shape.w == input.width,
            "\(plan.id.rawValue) expected N×\(input) input, got \(x.shape)")
        let h = stem.forward(x, tape)
        let shapes = [NetworkPlan.output(of: plan.stem, from: plan.input)] + plan.blocks.map(\.output)
        let out = DesignInterpreter.run(plan.design, blocks: blocks, stem: h, shapes: shapes, tape)
        return head.forward(out, tape)
    }
}
