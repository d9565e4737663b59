// Gradient check of whole networks: blocks chained through identity shortcuts, where one block's output
// gradient also feeds the next block's branch (and, in "s" models, the block after it through x0), which
// the single-block checks (BlockGradientTests) do not exercise.
//
// Why per tensor and not per entry: an entry-by-entry central difference through eight or more blocks
// is not a derivative in float32. At 4×4 images the last stages see 1×1 maps, and a BN over two values
// is a step (both normalise to ±1 unless they nearly coincide, where its slope is 1/√ε ≈ 316): measured
// on ResNet18 (plain) over seeds 3–10, the per-entry check failed for most seeds at ε = 1e-3, 3e-4 and
// 1e-4, while every tensor's directional derivative below agreed. So the check moves one parameter
// tensor at a time along its analytic gradient g_T: d/dt L(θ + t·g_T/|g_T|) at 0 must equal |g_T|, the
// identity that any wrong component of g_T breaks (a wrong ĝ gives g·ĝ/|ĝ| instead of |ĝ|). Maps are kept
// ≥ 2×2 (16×16 images, batch 4: each BN normalises ≥ 16 values). The cases below pass for seeds 3–8;
// ResNet50s (16 bottleneck blocks) is too curved for a float32 step of 3e-5 on some seeds (its stage-1 BN
// still converged towards |g|, 5.87 → 6.62 of 6.93), so its bottleneck is left to BlockGradientTests.
import GradientSupport
import NeuralCore
import Testing
@testable import ModelZoo

struct NetworkCase: CustomTestStringConvertible, Sendable {
    let model: ModelID
    let form: SForm
    var testDescription: String { "\(model.rawValue) (\(form))" }
}

@Suite(.serialized) struct NetworkGradientTests {
    init() {
        Parallel.configure(threads: 2)
    }

    @Test(arguments: [
        NetworkCase(model: .resnet18, form: .published),
        NetworkCase(model: .resnet18s, form: .published),
        NetworkCase(model: .resnet18s, form: .formula),
        NetworkCase(model: .res2next29_6c24w_s, form: .formula),
    ])
    func wholeNetworkGradients(_ c: NetworkCase) throws {
        let options = ZooOptions(width: 1.0 / 16, classes: 3, sForm: c.form, imageSize: 16)
        let network = try ZooNetwork(c.model, options: options, seed: 3)
        let x = FiniteDifference.input(Shape(n: 4, c: 3, h: 16, w: 16), seed: 21)
        DirectionalCheck.check(store: network.store) { network.forward(x, $0) }
    }
}
