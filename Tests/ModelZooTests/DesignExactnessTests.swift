// The 24 published models through the design interpreter are bit for bit the hand-written models they
// replaced (LegacyBlocks.swift): same parameter names, shapes and initial values, same logits, same
// parameter gradients and BN running statistics, for both "s" forms. Width 1/16, 8×8 images, batch 2.
import Formulas
import GradientSupport
import NeuralCore
import Testing
@testable import ModelZoo

struct ExactnessCase: CustomTestStringConvertible, Sendable {
    let model: ModelID
    let form: SForm
    var testDescription: String { "\(model.rawValue) (\(form))" }
    static var all: [ExactnessCase] {
        ModelID.allCases.flatMap { id in id.isSVariant ? [ExactnessCase(model: id, form: .published), ExactnessCase(model: id, form: .formula)] : [ExactnessCase(model: id, form: .published)] }
    }
}

@Suite(.serialized) struct DesignExactnessTests {
    init() {
        Parallel.configure(threads: 2)
    }

    @Test(arguments: ExactnessCase.all)
    func publishedModelsAreBitIdentical(_ c: ExactnessCase) throws {
        let options = ZooOptions(width: 1.0 / 16, classes: 5, sForm: c.form, imageSize: 8)
        let network = try ZooNetwork(c.model, options: options, seed: 9)
        #expect(network.plan.design.name == (c.model.isSVariant ? (c.form == .published ? "s-published" : "s") : "resnet"))
        let legacy = LegacyNetwork(plan: network.plan, seed: 9)

        #expect(network.store.parameters.map(\.name) == legacy.store.parameters.map(\.name))
        #expect(network.store.parameters.map(\.shape) == legacy.store.parameters.map(\.shape))
        #expect(network.store.snapshot() == legacy.store.snapshot())

        let x = FiniteDifference.input(Shape(n: 2, c: 3, h: 8, w: 8), seed: 4)
        func run(_ forward: (Tensor, Tape) -> Tensor, _ store: ParameterStore) -> (logits: [Float], gradients: [Float], buffers: [Float]) {
            let tape = Tape(mode: .training)
            defer { tape.reset() }
            let logits = forward(x, tape)
            var generator = RandomGenerator(seed: 31)
            let r = (0..<logits.shape.count).map { _ in generator.uniform(-1, 1) }
            store.zeroGradients()
            tape.backward(from: logits, seed: r)
            return (logits.nchw(), Array(UnsafeBufferPointer(start: store.gradients, count: store.count)), store.bufferSnapshot())
        }
        let new = run(network.forward, network.store)
        let old = run(legacy.forward, legacy.store)
        #expect(new.logits == old.logits)
        #expect(new.gradients == old.gradients)
        #expect(new.buffers == old.buffers)
        #expect(new.gradients.contains { $0 != 0 })
    }
}
