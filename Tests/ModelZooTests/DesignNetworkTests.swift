// Formula networks beyond the published two: gradients by finite differences, and parameter/MAC counts
// against a hand count. The gradient check is NetworkGradientTests' per-tensor directional derivative
// (see there why not per entry); 16×16 images, batch 4, so every BN normalises ≥ 16 values.
import Formulas
import GradientSupport
import NeuralCore
import Testing
@testable import ModelZoo

struct DesignCase: CustomTestStringConvertible, Sendable {
    let model: ModelID
    let design: String
    let formula: String
    var testDescription: String { "\(model.rawValue)+\(design)" }
}

/// lagged: lags 1, 2 and 3 (W[i-2] X[i-3] re-uses block i−2's branch), each projected across stage changes.
/// auxiliary: an auxiliary S re-used one block later, and X[0] projected into every stage.
/// Families: basic (ResNet18), bottleneck (ResNeXt29 2×64d: the bottleneck with a grouped 3×3; ResNet50's
/// 16 bottlenecks are too curved for a float32 directional difference, measured here as in
/// NetworkGradientTests: stem BN shift 35.7, 34.8, 35.6, 36.1 against |g| = 37.2), SE (SEResNet18), Res2NeXt.
let designCases: [DesignCase] = [ModelID.resnet18, .resnext29_2x64d, .seresnet18, .res2next29_6c24w].flatMap { id in
    [
        DesignCase(model: id, design: "lagged", formula: "X[i] = relu(X[i-1] + W[i] X[i-1]) - 0.5 * W[i-2] X[i-3] + 0.25 * (X[i-1] - X[i-2])"),
        DesignCase(model: id, design: "auxiliary", formula: "S[i] = X[i-1] + W[i] X[i-1]; X[i] = relu(S[i]) - 0.5 * S[i-1] + 0.25 * X[0]"),
    ]
}

@Suite(.serialized) struct DesignNetworkTests {
    init() {
        Parallel.configure(threads: 2)
    }

    @Test(arguments: designCases)
    func formulaNetworkGradients(_ c: DesignCase) throws {
        let design = ZooDesign(name: c.design, formula: try BlockFormula.parse(c.formula))
        let options = ZooOptions(width: 1.0 / 16, classes: 3, imageSize: 16)
        let network = try ZooNetwork(c.model, options: options, design: design, seed: 3)
        // The stage changes put projections on the lagged terms (shortcut2, shortcut3, …).
        #expect(network.plan.blocks.contains { $0.projections.contains { $0.name != "shortcut" } })
        let x = FiniteDifference.input(Shape(n: 4, c: 3, h: 16, w: 16), seed: 21)
        let checked = DirectionalCheck.check(store: network.store) { network.forward(x, $0) }
        // Every projection of the lagged terms received a gradient and was checked.
        #expect(checked.contains { $0.contains(".shortcut2.") })
    }

    /// resnet18 at width 1/16 (stages 4, 8, 16, 32 channels at 32, 16, 8, 4 pixels) with heavy-ball
    /// X[i] = relu(X[i-1] + W[i] X[i-1] + 0.5 (X[i-1] − X[i-2])): X[i-1] is W[i]'s input (the baseline's
    /// shortcut, counted once although written twice); X[i-2] differs in shape from X[i] in both blocks
    /// of stages 2–4 (block 1 of a stage: X[i-2] is inside the previous stage; block 2: X[i-2] is the
    /// previous stage's output), each a 1×1 conv (no bias) + BN: stage 2: 2·(4·8 + 2·8) = 96 parameters,
    /// 2·4·8·16·16 = 16384 MACs; stage 3: 2·(8·16 + 2·16) = 320, 2·8·16·8·8 = 16384; stage 4:
    /// 2·(16·32 + 2·32) = 1152, 2·16·32·4·4 = 16384. Extra over resnet18: 1568 parameters, 49152 MACs.
    @Test func heavyBallCountsByHand() throws {
        let options = ZooOptions(width: 1.0 / 16)
        let baseline = try NetworkPlan(.resnet18, options: options)
        let plan = try NetworkPlan(.resnet18, options: options, design: .named(.heavyBall))
        #expect(plan.parameters - baseline.parameters == 1568)
        #expect(plan.macsPerImage - baseline.macsPerImage == 49152)
        #expect(plan.blocks.map { $0.projections.count } == [0, 0, 2, 1, 2, 1, 2, 1])
    }

    /// res2next29-6c24w (m = 1; stem 96 channels; stage outputs 384, 768, 1536) with A.4.2,
    /// X[i] = W[i] X[i-1] + W[i-1] X[i-2]: no X[i-1] term, so none of the baseline's three shortcuts
    /// (96→384, 384→768 stride 2, 768→1536 stride 2, each 1×1 conv + BN); instead W[i-1] X[i-2] (X[0] at
    /// block 1) is projected at exactly those blocks with the same 1×1 convs but, as ZOO-SPEC's shortcut2
    /// in Res2NeXt, no BN: parameters = baseline − 2·(384 + 768 + 1536) = baseline − 5376; MACs equal
    /// (BN is not counted).
    @Test func a42CountsByHand() throws {
        let baseline = try NetworkPlan(.res2next29_6c24w)
        let plan = try NetworkPlan(.res2next29_6c24w, design: .named(.a42))
        #expect(baseline.parameters - plan.parameters == 5376)
        #expect(plan.macsPerImage == baseline.macsPerImage)
    }

    /// A formula that never applies W[i] parses but cannot be built.
    @Test func designWithoutOwnBranchIsRefused() throws {
        let design = ZooDesign(name: "no-branch", formula: try BlockFormula.parse("X[i] = X[i-1] + 0.5 * X[i-2]"))
        #expect(throws: ZooError.unbuildableDesign(
            design: "no-branch", reason: "the formula X[i] = X[i-1] + 0.5 * X[i-2] never applies W[i], so block i would have no branch of its own")) {
            try NetworkPlan(.resnet18, design: design)
        }
    }
}
