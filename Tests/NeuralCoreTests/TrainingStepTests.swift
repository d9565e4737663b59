// The one training step every loop calls: a finite loss moves each weight by −lr·∂L/∂w (plain SGD, first
// step), a non-finite loss leaves the weights as they were.
import Testing
@testable import NeuralCore

@Suite struct TrainingStepTests {
    @Test func aStepMovesEveryWeightByMinusLearningRateTimesItsGradient() {
        let store = ParameterStore(seed: 5)
        let linear = Linear(store, name: "fc", inputFeatures: 3, outputFeatures: 2)
        let x = Tensor(nchw: [0.5, -1, 2, 1, 0.25, -0.5], shape: Shape(n: 2, c: 3, h: 1, w: 1))
        let labels: [Int32] = [0, 1]
        // The gradient at the starting weights, from one backward on its own tape (checked by LayerGradientTests).
        let probe = Tape(mode: .training)
        store.zeroGradients()
        probe.backward(from: probe.softmaxCrossEntropy(linear.forward(x, probe), labels: labels))
        let gradient = Array(UnsafeBufferPointer(start: store.gradients, count: store.count))
        probe.reset()
        let before = store.snapshot()
        let tape = Tape(mode: .training)
        let step = TrainingStep.run({ linear.forward(x, $0) }, labels: labels, tape: tape, optimizer: SGD(store), learningRate: 0.1)
        #expect(step.isFinite && step.logits.shape.count == 4)
        tape.reset()
        let after = store.snapshot()
        for i in 0..<store.count { #expect(after[i] == before[i] - 0.1 * gradient[i], "weight \(i)") }
    }

    @Test func aNonFiniteLossLeavesTheWeightsAlone() {
        let store = ParameterStore(seed: 5)
        let linear = Linear(store, name: "fc", inputFeatures: 3, outputFeatures: 2)
        let x = Tensor(nchw: [.nan, 0, 0, 1, 1, 1], shape: Shape(n: 2, c: 3, h: 1, w: 1))
        let before = store.snapshot()
        let tape = Tape(mode: .training)
        let step = TrainingStep.run({ linear.forward(x, $0) }, labels: [0, 1], tape: tape, optimizer: SGD(store), learningRate: 0.1)
        tape.reset()
        #expect(!step.isFinite)
        #expect(store.snapshot() == before)
    }
}
