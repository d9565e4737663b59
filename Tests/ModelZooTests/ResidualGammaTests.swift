// ZooOptions.residualGamma: the initial γ of each residual branch's last BN, and nothing else.
// Checked by its definition: which entries of the store hold γ, and what a block with γ = 0 computes
// (BN then outputs β = 0, so a plain block with an identity shortcut returns ReLU(x) = x for x ≥ 0).
import NeuralCore
import Testing
@testable import ModelZoo

@Suite(.serialized) struct ResidualGammaTests {
    init() {
        Parallel.configure(threads: 2)
    }

    /// Only the branches' last BN weights change; every other parameter keeps its value from the seed.
    @Test(arguments: [ModelID.resnet18, .resnet50s, .seresnet34, .res2next29_6c24w])
    func onlyTheBranchesLastBatchNormWeightChanges(id: ModelID) throws {
        let base = try ZooNetwork(id, options: ZooOptions(width: 1.0 / 16, classes: 10), seed: 4)
        let damped = try ZooNetwork(id, options: ZooOptions(width: 1.0 / 16, classes: 10, residualGamma: 0.25), seed: 4)
        #expect(base.store.parameters.map(\.name) == damped.store.parameters.map(\.name))
        // The last BN of each branch, by the plan: the highest-indexed batchNorm spec of the branch.
        var lastBatchNorms = Set<String>()
        for block in base.plan.blocks {
            let index = try #require(block.branch.lastIndex { if case .batchNorm = $0 { true } else { false } })
            lastBatchNorms.insert("\(block.name).branch.\(index).weight")
        }
        #expect(lastBatchNorms.count == base.plan.blocks.count)
        for (p, q) in zip(base.store.parameters, damped.store.parameters) {
            let a = Array(UnsafeBufferPointer(start: base.store.value(p), count: p.count))
            let b = Array(UnsafeBufferPointer(start: damped.store.value(q), count: q.count))
            if lastBatchNorms.contains(p.name) {
                #expect(a.allSatisfy { $0 == 1 } && b.allSatisfy { $0 == 0.25 }, "\(p.name)")
            } else {
                #expect(a == b, "\(p.name)")
            }
        }
    }

    /// With γ = 0 an identity-shortcut block (stage 1, block 2) passes a non-negative input through
    /// unchanged, the SE-after-ReLU style (SEResNet34) included: its branch is exactly zero.
    @Test(arguments: [ModelID.resnet18, .resnet50, .seresnet34, .resnext29_2x64d])
    func zeroGammaMakesIdentityBlocksPassTheirInput(id: ModelID) throws {
        let plan = try NetworkPlan(id, options: ZooOptions(width: 1.0 / 16, classes: 10, imageSize: 8))
        let blockPlan = plan.blocks[1]
        #expect(blockPlan.shortcut.isEmpty)
        let block = ResidualBlock(blockPlan, store: ParameterStore(seed: 9), name: blockPlan.name, residualGamma: 0)
        let i = blockPlan.input
        var g = RandomGenerator(seed: 10)
        let shape = Shape(n: 3, c: i.channels, h: i.height, w: i.width)
        let x = Tensor(nchw: (0..<shape.count).map { _ in g.unitFloat() }, shape: shape)
        let tape = Tape(mode: .training)
        defer { tape.reset() }
        #expect(block.forward(x, tape).nchw() == x.nchw())
    }
}
