// Finite-difference gradient check of whole networks: blocks chained through identity shortcuts, where
// one block's output gradient also feeds the next block's branch, which the single-block checks
// (BlockGradientTests) do not exercise. L = Σ r·logits w.r.t. the images and every parameter, at a size
// where each BN still normalises a few values (4×4 images, batch 2); deeper nets at larger sizes put too
// many ReLU kinks and near-degenerate BNs within ε for float32 differences to be a derivative.
import NeuralCore
import Testing
@testable import ModelZoo

@Suite(.serialized) struct NetworkGradientTests {
    init() {
        Parallel.configure(threads: 2)
    }

    @Test(arguments: [ModelID.resnet18, .resnet18s])
    func wholeNetworkGradients(id: ModelID) throws {
        let network = try ZooNetwork(id, options: ZooOptions(width: 1.0 / 16, classes: 3, imageSize: 4), seed: 3)
        let x = GradientInputs.tensor(Shape(n: 2, c: 3, h: 4, w: 4), seed: 21)
        FiniteDifference(maximumChecks: 400).check(inputs: [x], store: network.store) { tape in network.forward(x, tape) }
    }
}
