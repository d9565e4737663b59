// Finite-difference gradient checks of every layer and operation on tiny shapes (N = 2, C = 3…6,
// H = W = 5…7), inputs and parameters.
import Testing
@testable import NeuralCore

@Suite struct LayerGradientTests {
    struct ConvCase: CustomStringConvertible, Sendable {
        var cin: Int, cout: Int, kernel: Int, stride: Int, padding: Int, groups: Int, bias: Bool, size: Int
        var budget = 1 << 22
        var description: String { "\(cin)→\(cout) k\(kernel) s\(stride) p\(padding) g\(groups) bias \(bias) \(size)×\(size) budget \(budget)" }
    }

    static let convCases: [ConvCase] = [
        ConvCase(cin: 3, cout: 4, kernel: 3, stride: 1, padding: 1, groups: 1, bias: true, size: 5),
        ConvCase(cin: 3, cout: 4, kernel: 3, stride: 2, padding: 1, groups: 1, bias: false, size: 6),
        ConvCase(cin: 4, cout: 6, kernel: 3, stride: 1, padding: 1, groups: 2, bias: false, size: 5),
        ConvCase(cin: 4, cout: 4, kernel: 3, stride: 2, padding: 1, groups: 4, bias: true, size: 7),
        ConvCase(cin: 3, cout: 5, kernel: 1, stride: 1, padding: 0, groups: 1, bias: true, size: 5),
        ConvCase(cin: 4, cout: 6, kernel: 1, stride: 1, padding: 0, groups: 2, bias: false, size: 5),
        ConvCase(cin: 3, cout: 4, kernel: 1, stride: 2, padding: 0, groups: 1, bias: false, size: 7),
        ConvCase(cin: 3, cout: 2, kernel: 7, stride: 2, padding: 3, groups: 1, bias: false, size: 7),
        ConvCase(cin: 3, cout: 3, kernel: 3, stride: 1, padding: 0, groups: 1, bias: false, size: 5),
        // More than 128 output channels per group: the untransposed weight-gradient path.
        ConvCase(cin: 2, cout: 130, kernel: 3, stride: 1, padding: 1, groups: 1, bias: false, size: 3),
        ConvCase(cin: 2, cout: 130, kernel: 1, stride: 1, padding: 0, groups: 1, bias: true, size: 3),
        // Stride 1, "same" padding: shifted block copies (two-column borders with a 5×5 kernel).
        ConvCase(cin: 2, cout: 2, kernel: 3, stride: 1, padding: 1, groups: 1, bias: false, size: 17),
        ConvCase(cin: 2, cout: 3, kernel: 5, stride: 1, padding: 2, groups: 1, bias: true, size: 9),
        // A kernel wider than the map: the outer taps read padding only.
        ConvCase(cin: 1, cout: 2, kernel: 19, stride: 1, padding: 9, groups: 1, bias: false, size: 8),
        // Output 17 wide, stride 2: im2col and col2im copy rows instead of walking a gather table.
        ConvCase(cin: 2, cout: 3, kernel: 3, stride: 2, padding: 1, groups: 1, bias: false, size: 33),
        // A budget of one image's columns forces one GEMM per image (the chunked path).
        ConvCase(cin: 3, cout: 4, kernel: 3, stride: 1, padding: 1, groups: 1, bias: false, size: 5, budget: 27 * 25),
    ]

    /// The case's convolution, its parameters and an input batch of 2.
    static func convolution(_ c: ConvCase) -> (ParameterStore, Conv2D, Tensor) {
        useTwoThreads()
        let store = ParameterStore(seed: 1)
        let conv = Conv2D(store, name: "conv", inputChannels: c.cin, outputChannels: c.cout, kernelSize: c.kernel,
                          stride: c.stride, padding: c.padding, groups: c.groups, bias: c.bias)
        conv.columnBudget = c.budget
        return (store, conv, GradientCheck.input(Shape(n: 2, c: c.cin, h: c.size, w: c.size), seed: 2))
    }

    @Test(arguments: convCases) func conv2D(_ c: ConvCase) {
        let (store, conv, x) = Self.convolution(c)
        // Backward reading forward's kept columns, and rebuilding them (no column budget).
        GradientCheck().check(inputs: [x], store: store) { conv(x, $0) }
        GradientCheck(columnBudget: 0).check(inputs: [x], store: store) { conv(x, $0) }
    }

    /// x also feeds a later operation, whose backward runs first: the conv must add to dX, not write it.
    @Test(arguments: convCases.filter { $0.stride == 1 && 2 * $0.padding == $0.kernel - 1 })
    func conv2DAccumulatesIntoAUsedGradient(_ c: ConvCase) {
        let (store, conv, x) = Self.convolution(c)
        GradientCheck().check(inputs: [x], store: store) { t in t.concatChannels([conv(x, t), t.sigmoid(x)]) }
    }

    // Direct convolution written from the definition, against the GEMM path (values, not gradients).
    @Test func conv2DMatchesDirectSum() {
        let store = ParameterStore(seed: 3)
        let conv = Conv2D(store, name: "c", inputChannels: 4, outputChannels: 6, kernelSize: 3, stride: 2, padding: 1, groups: 2, bias: true)
        let s = Shape(n: 2, c: 4, h: 7, w: 6)
        let x = GradientCheck.input(s, seed: 4)
        let tape = Tape(mode: .evaluation)
        let y = conv(x, tape)
        #expect(y.shape == Shape(n: 2, c: 6, h: 4, w: 3))
        let w = store.value(conv.weight), b = store.value(conv.bias!)
        for n in 0..<2 { for o in 0..<6 { for i in 0..<4 { for j in 0..<3 {
            let g = o / 3
            var acc = Double(b[o])
            for ci in 0..<2 { for a in 0..<3 { for bb in 0..<3 {
                let r = i * 2 - 1 + a, q = j * 2 - 1 + bb
                if r < 0 || r >= 7 || q < 0 || q >= 6 { continue }
                acc += Double(w[((o * 2 + ci) * 3 + a) * 3 + bb]) * Double(x[n, g * 2 + ci, r, q])
            } } }
            #expect(abs(Double(y[n, o, i, j]) - acc) < 1e-5)
        } } } }
    }

    @Test(arguments: [false, true]) func batchNormTraining(_ relu: Bool) {
        useTwoThreads()
        let store = ParameterStore(seed: 5)
        let bn = BatchNorm2D(store, name: "bn", channels: 3)
        // Non-trivial affine parameters so their gradients are tested away from 1 and 0.
        for c in 0..<3 { store.value(bn.weight)[c] = 0.5 + Float(c) * 0.4; store.value(bn.bias)[c] = Float(c) * 0.3 - 0.2 }
        let x = GradientCheck.input(Shape(n: 2, c: 3, h: 5, w: 5), seed: 6)
        GradientCheck(epsilon: 5e-3).check(inputs: [x], store: store) { bn.forward(x, $0, relu: relu) }
        // x also feeds a later sigmoid: BN's dx is then added to what is there.
        GradientCheck(epsilon: 5e-3).check(inputs: [x], store: store) { t in
            t.concatChannels([bn.forward(x, t, relu: relu), t.sigmoid(x)])
        }
    }

    @Test func linear() {
        let store = ParameterStore(seed: 7)
        let fc = Linear(store, name: "fc", inputFeatures: 5, outputFeatures: 4)
        let x = GradientCheck.input(Shape(n: 3, c: 5), seed: 8)
        GradientCheck().check(inputs: [x], store: store) { fc(x, $0) }
    }

    @Test func reluAndSigmoid() {
        let x = GradientCheck.input(Shape(n: 2, c: 3, h: 4, w: 4), seed: 9, awayFromZero: true)
        GradientCheck().check(inputs: [x], store: nil) { $0.relu(x) }
        GradientCheck().check(inputs: [x], store: nil) { $0.sigmoid(x) }
        // Second contributions: ReLU's dx after the sigmoid's, and the sigmoid's after the ReLU's.
        GradientCheck().check(inputs: [x], store: nil) { t in t.concatChannels([t.relu(x), t.sigmoid(x)]) }
        GradientCheck().check(inputs: [x], store: nil) { t in t.concatChannels([t.sigmoid(x), t.relu(x)]) }
    }

    @Test func addReLU() {
        let a = GradientCheck.input(Shape(n: 2, c: 3, h: 4, w: 4), seed: 22, awayFromZero: true)
        // |b| < 0.05 keeps a + b at least 0.05 from the kink (ε = 0.01).
        var g = RandomGenerator(seed: 23)
        let b = Tensor(nchw: (0..<a.shape.count).map { _ in g.uniform(-0.05, 0.05) }, shape: a.shape, requiresGradient: true)
        GradientCheck().check(inputs: [a, b], store: nil) { $0.addReLU(a, b) }
        // ReLU(a + a) and inputs that already hold a gradient when the join's backward runs.
        GradientCheck().check(inputs: [a], store: nil) { $0.addReLU(a, a) }
        GradientCheck().check(inputs: [a, b], store: nil) { t in t.concatChannels([t.addReLU(a, b), t.sigmoid(a), t.sigmoid(b)]) }
        // Against its definition: the same values as ReLU(a + b).
        let tape = Tape(mode: .evaluation)
        #expect(tape.addReLU(a, b).nchw() == tape.relu(tape.add(a, b)).nchw())
    }

    @Test func addSubtractAndReuse() {
        let a = GradientCheck.input(Shape(n: 2, c: 3, h: 5, w: 5), seed: 10)
        let b = GradientCheck.input(Shape(n: 2, c: 3, h: 5, w: 5), seed: 11)
        // a appears twice: gradients must accumulate (∂/∂a of (a + b) − (a·2 via add) …).
        GradientCheck().check(inputs: [a, b], store: nil) { t in t.subtract(t.add(a, b), t.add(a, t.sigmoid(b))) }
        // One tensor on both sides: add(x, x) passes 2·dy, subtract(x, x) nothing.
        GradientCheck().check(inputs: [a, b], store: nil) { t in
            let s = t.sigmoid(b)
            return t.concatChannels([t.add(a, a), t.subtract(s, s)])
        }
    }

    @Test func scaleChannels() {
        let x = GradientCheck.input(Shape(n: 2, c: 4, h: 5, w: 5), seed: 12)
        let s = GradientCheck.input(Shape(n: 2, c: 4), seed: 13)
        GradientCheck().check(inputs: [x, s], store: nil) { $0.scaleChannels(x, by: s) }
    }

    @Test func splitAndConcat() {
        let x = GradientCheck.input(Shape(n: 2, c: 8, h: 5, w: 5), seed: 14)
        // Res2Net pattern: chunks reused and recombined out of order.
        GradientCheck().check(inputs: [x], store: nil) { t in
            let p = t.splitChannels(x, parts: 4)
            return t.concatChannels([p[3], t.add(p[1], p[2]), p[0], p[1]])
        }
    }

    @Test func pooling() {
        let x = GradientCheck.input(Shape(n: 2, c: 3, h: 6, w: 6), seed: 15)
        GradientCheck().check(inputs: [x], store: nil) { $0.globalAveragePool(x) }
        GradientCheck().check(inputs: [x], store: nil) { $0.averagePool(x, kernel: 2) }
        GradientCheck().check(inputs: [x], store: nil) { $0.averagePool(x, kernel: 3, stride: 2) }
    }

    @Test func maxPool() {
        // Distinct values 0.05 apart (a shuffled ramp) so a ±ε perturbation never changes a window's maximum.
        let s = Shape(n: 2, c: 3, h: 7, w: 7)
        var g = RandomGenerator(seed: 16)
        let values = (0..<s.count).map { Float($0) * 0.05 }.shuffled(using: &g)
        let x = Tensor(nchw: values, shape: s, requiresGradient: true)
        GradientCheck().check(inputs: [x], store: nil) { $0.maxPool(x, kernel: 3, stride: 2, padding: 1) }
        let evaluation = Tape(mode: .evaluation)
        let y = evaluation.maxPool(x, kernel: 3, stride: 2, padding: 1)
        #expect(y.shape == Shape(n: 2, c: 3, h: 4, w: 4))
        // Output (0, 0, 0, 0) is the maximum of x[0, 0, 0...1, 0...1] (window rows/cols −1…1).
        #expect(y[0, 0, 0, 0] == max(max(x[0, 0, 0, 0], x[0, 0, 0, 1]), max(x[0, 0, 1, 0], x[0, 0, 1, 1])))
    }

    @Test func squeezeExcitation() {
        let store = ParameterStore(seed: 17)
        let se = SqueezeExcitation(store, name: "se", channels: 6, reduction: 2)
        let x = GradientCheck.input(Shape(n: 2, c: 6, h: 5, w: 5), seed: 18)
        GradientCheck().check(inputs: [x], store: store) { se(x, $0) }
    }

    @Test func softmaxCrossEntropy() {
        let x = GradientCheck.input(Shape(n: 3, c: 5), seed: 19)
        GradientCheck().check(inputs: [x], store: nil) { $0.softmaxCrossEntropy(x, labels: [4, 0, 2]) }
    }

    @Test func smallNetworkEndToEnd() {
        useTwoThreads()
        let store = ParameterStore(seed: 20)
        let conv1 = Conv2D(store, name: "c1", inputChannels: 3, outputChannels: 4, kernelSize: 3, stride: 2)
        let bn1 = BatchNorm2D(store, name: "bn1", channels: 4)
        let conv2 = Conv2D(store, name: "c2", inputChannels: 4, outputChannels: 4, kernelSize: 1)
        let fc = Linear(store, name: "fc", inputFeatures: 4, outputFeatures: 3)
        let x = GradientCheck.input(Shape(n: 2, c: 3, h: 6, w: 6), seed: 21)
        // Smooth ops only (sigmoid, not ReLU) so finite differences never straddle a kink.
        GradientCheck(epsilon: 5e-3).check(inputs: [x], store: store) { t in
            let h = t.sigmoid(bn1(conv1(x, t), t))
            let y = t.add(h, conv2(h, t))
            return t.softmaxCrossEntropy(fc(t.globalAveragePool(y), t), labels: [2, 0])
        }
    }
}
