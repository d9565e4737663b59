// Loss and accuracy values, BN statistics, SGD, schedules, initialisation, determinism, overfitting.
// Expected numbers are hand calculations (python3's math module for the decimals, as noted).
import Testing
@testable import NeuralCore

@Suite struct TrainingTests {
    @Test func tensorLayoutRoundTrip() {
        let values = (0..<(2 * 3 * 2 * 2)).map(Float.init)
        let t = Tensor(nchw: values, shape: Shape(n: 2, c: 3, h: 2, w: 2))
        #expect(t.nchw() == values)
        #expect(t[1, 2, 1, 0] == Float(((1 * 3 + 2) * 2 + 1) * 2))
        // Channel-major: channel 1 of sample 0 follows channel 0 of sample 1.
        #expect(t.data[4 * 2] == values[4])
    }

    @Test func crossEntropyValue() {
        // Sample 0: logits 1, 2, 3, label 2 → log(1 + e⁻¹ + e⁻²) = 0.4076059644443804;
        // sample 1: logits 0, 0, 0, label 0 → log 3. Mean 0.7531091265562451 (python3 math).
        let logits = Tensor(nchw: [1, 2, 3, 0, 0, 0], shape: Shape(n: 2, c: 3))
        let tape = Tape(mode: .evaluation)
        let loss = tape.softmaxCrossEntropy(logits, labels: [2, 0])
        #expect(abs(loss.data[0] - 0.7531091265562451) < 1e-6)
    }

    @Test func topKAccuracy() {
        // Sample 0: label 1 is 2nd largest; sample 1: label 3 is the largest; sample 2: label 0 is 4th.
        let logits = Tensor(nchw: [0.1, 0.5, 0.9, 0.0, 0.2, 0.1, 0.0, 0.7, 0.0, 0.3, 0.2, 0.1],
                            shape: Shape(n: 3, c: 4))
        #expect(Accuracy.correct(logits, labels: [1, 3, 0], k: 1) == 1)
        #expect(Accuracy.correct(logits, labels: [1, 3, 0], k: 2) == 2)
        #expect(Accuracy.correct(logits, labels: [1, 3, 0], k: 4) == 3)
    }

    @Test func batchNormStatistics() {
        // One channel, values 1, 2, 3, 6: mean 3, biased variance 3.5, unbiased 14/3.
        // Running mean 0.1·3 = 0.3, running variance 0.9·1 + 0.1·14/3. Training output of x = 1:
        // (1 − 3)/√(3.5 + 1e−5) = −1.0690434404458735; evaluation output of x = 1:
        // (1 − 0.3)/√(0.9 + 0.1·14/3 + 1e−5) = 0.598777055294055 (python3 math).
        let store = ParameterStore(seed: 1)
        let bn = BatchNorm2D(store, name: "bn", channels: 1)
        let x = Tensor(nchw: [1, 2, 3, 6], shape: Shape(n: 4, c: 1))
        let train = Tape(mode: .training)
        let y = bn(x, train)
        #expect(abs(y.data[0] - -1.0690434404458735) < 1e-5)
        #expect(abs(store.buffer(bn.runningMean)[0] - 0.3) < 1e-6)
        #expect(abs(store.buffer(bn.runningVariance)[0] - (0.9 + 0.1 * 14 / 3)) < 1e-6)
        let evaluation = Tape(mode: .evaluation)
        let z = bn(x, evaluation)
        #expect(abs(z.data[0] - 0.598777055294055) < 1e-5)
    }

    @Test(arguments: [false, true]) func sgdMatchesPyTorchRule(_ nesterov: Bool) {
        // θ₀ = 1, ∇ = 0.5 each step, η = 0.1, μ = 0.9, λ = 0.01 (hand calculation):
        // plain: g₁ = 0.51, b₁ = 0.51, θ₁ = 0.949; g₂ = 0.50949, b₂ = 0.96849, θ₂ = 0.852151.
        // Nesterov: θ₁ = 1 − 0.1·(0.51 + 0.9·0.51) = 0.9031; g₂ = 0.509031, b₂ = 0.968031,
        // θ₂ = 0.9031 − 0.1·(0.509031 + 0.9·0.968031) = 0.76507411.
        let store = ParameterStore(seed: 1)
        let p = store.add("p", shape: [1], initializer: .constant(1))
        let sgd = SGD(store, momentum: 0.9, weightDecay: 0.01, nesterov: nesterov)
        store.gradient(p)[0] = 0.5
        sgd.step(learningRate: 0.1)
        #expect(abs(store.value(p)[0] - (nesterov ? 0.9031 : 0.949)) < 1e-6)
        sgd.step(learningRate: 0.1)
        #expect(abs(store.value(p)[0] - (nesterov ? 0.76507411 : 0.852151)) < 1e-6)
    }

    @Test func schedules() {
        let cosine = LearningRateSchedule.cosine(base: 0.1, epochs: 200)
        #expect(abs(cosine.learningRate(epoch: 0) - 0.1) < 1e-12)
        #expect(abs(cosine.learningRate(epoch: 50) - 0.08535533905932738) < 1e-12)   // 0.05·(1 + cos π/4)
        #expect(abs(cosine.learningRate(epoch: 100) - 0.05) < 1e-12)
        let step = LearningRateSchedule.stepEvery(30, base: 0.1, epochs: 90)
        #expect(abs(step.learningRate(epoch: 29) - 0.1) < 1e-12)
        #expect(abs(step.learningRate(epoch: 30) - 0.01) < 1e-12)
        #expect(abs(step.learningRate(epoch: 89) - 0.001) < 1e-12)
        let warm = LearningRateSchedule.cosine(base: 0.1, epochs: 200, warmupEpochs: 5)
        #expect(abs(warm.learningRate(epoch: 0) - 0.02) < 1e-12)
        #expect(abs(warm.learningRate(epoch: 5) - cosine.learningRate(epoch: 5)) < 1e-12)
    }

    @Test func pytorchDefaultInitialisation() {
        // kaiming_uniform_(a=√5) on fan_in 576 is U(±1/24): variance (1/24)²/3 = 1/1728.
        let store = ParameterStore(seed: 42)
        let conv = Conv2D(store, name: "c", inputChannels: 64, outputChannels: 64, kernelSize: 3, bias: true)
        let bn = BatchNorm2D(store, name: "bn", channels: 64)
        let w = UnsafeBufferPointer(start: store.value(conv.weight), count: conv.weight.count)
        #expect(w.allSatisfy { abs($0) <= 1 / 24 })
        let mean = w.reduce(0.0) { $0 + Double($1) } / Double(w.count)
        let variance = w.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(w.count)
        #expect(abs(mean) < 0.002)
        #expect(abs(variance * 1728 - 1) < 0.05)
        #expect(UnsafeBufferPointer(start: store.value(conv.bias!), count: 64).allSatisfy { abs($0) <= 1 / 24 })
        #expect(UnsafeBufferPointer(start: store.value(bn.weight), count: 64).allSatisfy { $0 == 1 })
        #expect(UnsafeBufferPointer(start: store.value(bn.bias), count: 64).allSatisfy { $0 == 0 })
        #expect(store.parameters.map(\.name) == ["c.weight", "c.bias", "bn.weight", "bn.bias"])
        #expect(store.count == 64 * 64 * 9 + 64 + 128)
    }

    /// conv3×3(3→8)-BN-ReLU-conv3×3(8→8, s2)-BN-ReLU-GAP-Linear(8→4): a tiny CNN for training tests.
    final class TinyNet {
        let store: ParameterStore
        let c1: Conv2D, b1: BatchNorm2D, c2: Conv2D, b2: BatchNorm2D, fc: Linear
        init(seed: UInt64) {
            store = ParameterStore(seed: seed)
            c1 = Conv2D(store, name: "c1", inputChannels: 3, outputChannels: 8, kernelSize: 3)
            b1 = BatchNorm2D(store, name: "b1", channels: 8)
            c2 = Conv2D(store, name: "c2", inputChannels: 8, outputChannels: 8, kernelSize: 3, stride: 2)
            b2 = BatchNorm2D(store, name: "b2", channels: 8)
            fc = Linear(store, name: "fc", inputFeatures: 8, outputFeatures: 4)
        }
        func forward(_ x: Tensor, _ t: Tape) -> Tensor {
            let h = b2.forward(c2(b1.forward(c1(x, t), t, relu: true), t), t, relu: true)
            return fc(t.globalAveragePool(h), t)
        }
    }

    static func batch(seed: UInt64) -> (Tensor, [Int32]) {
        var g = RandomGenerator(seed: seed)
        let s = Shape(n: 8, c: 3, h: 8, w: 8)
        let x = Tensor(nchw: (0..<s.count).map { _ in g.normal() }, shape: s)
        return (x, (0..<8).map { Int32($0 % 4) })
    }

    static func train(seed: UInt64, steps: Int) -> (losses: [Float], net: TinyNet) {
        let net = TinyNet(seed: seed)
        let (x, labels) = batch(seed: 7)
        let sgd = SGD(net.store, momentum: 0.9, weightDecay: 5e-4)
        let tape = Tape(mode: .training)
        var losses: [Float] = []
        for _ in 0..<steps {
            net.store.zeroGradients()
            let loss = tape.softmaxCrossEntropy(net.forward(x, tape), labels: labels)
            losses.append(loss.data[0])
            tape.backward(from: loss)
            sgd.step(learningRate: 0.05)
            tape.reset()
        }
        return (losses, net)
    }

    @Test func smallNetworkOverfitsABatch() throws {
        useTwoThreads()
        let (losses, net) = Self.train(seed: 3, steps: 150)
        // Chance level for 4 classes is ln 4 ≈ 1.386.
        #expect(losses[0] > 1.0)
        let last = try #require(losses.last)
        #expect(last < 0.05, "loss after 150 steps \(last)")
        // In training mode the memorised batch is classified perfectly.
        let (x, labels) = Self.batch(seed: 7)
        let tape = Tape(mode: .training)
        #expect(Accuracy.correct(net.forward(x, tape), labels: labels, k: 1) == 8)
    }

    @Test func sameSeedSameWeights() {
        useTwoThreads()
        let a = Self.train(seed: 11, steps: 4), b = Self.train(seed: 11, steps: 4), c = Self.train(seed: 12, steps: 1)
        #expect(a.losses == b.losses)
        #expect(a.net.store.snapshot() == b.net.store.snapshot())
        #expect(a.net.store.bufferSnapshot() == b.net.store.bufferSnapshot())
        #expect(a.net.store.snapshot() != c.net.store.snapshot())
    }
}
