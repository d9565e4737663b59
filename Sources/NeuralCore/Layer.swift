// The layer protocol and how to build and train a network with NeuralCore.
//
// HOW TO COMPOSE A NETWORK
// - A model owns one `ParameterStore(seed:)`. Each layer is built with the store and a unique name
//   (`Conv2D(store, name: "layer1.0.conv1", inputChannels: 64, outputChannels: 64, kernelSize: 3,
//   stride: 1, padding: 1, groups: 1, bias: false)`); it declares its parameters there, initialised at
//   once in declaration order with PyTorch's defaults from the store's seeded generator. So build
//   layers in a fixed order: the same seed then gives the same weights.
// - Forward is a plain function of tensors: `layer.forward(x, tape)` or `layer(x, tape)`; functional
//   operations are methods on the tape: `tape.relu`, `tape.sigmoid`, `tape.add`, `tape.subtract`,
//   `tape.scaleChannels`, `tape.splitChannels(x, parts: 4)`, `tape.concatChannels`,
//   `tape.globalAveragePool`, `tape.averagePool`, `tape.maxPool`, `tape.softmaxCrossEntropy`.
//   `bn.forward(x, tape, relu: true)` is BN followed by ReLU, fused. A block is any type with a forward
//   that takes and returns tensors, e.g. an "s" block: `func forward(_ x: (Tensor, Tensor), _ tape: Tape)
//   -> (Tensor, Tensor)`. Use a tensor as often as you like (residuals): gradients accumulate.
// - The mode is the tape's: `Tape(mode: .training)` records backward closures and BN uses batch
//   statistics; `Tape(mode: .evaluation)` records nothing and BN uses running statistics.
//
// ONE TRAINING STEP
//   let store = ParameterStore(seed: 1); let net = MyNet(store)      // layers declare parameters
//   let sgd = SGD(store, momentum: 0.9, weightDecay: 5e-4, nesterov: false)
//   let tape = Tape(mode: .training)                                 // reuse across steps
//   let x = Tensor(shape: Shape(n: 128, c: 3, h: 32, w: 32))         // fill with x.copySample(n, fromCHW:)
//   store.zeroGradients()
//   let logits = net.forward(x, tape)
//   let loss = tape.softmaxCrossEntropy(logits, labels: labels)      // 1×1×1×1; read loss.data[0]
//   tape.backward(from: loss)                                        // gradients into store.gradients
//   sgd.step(learningRate: schedule.learningRate(epoch: e))
//   let top1 = Accuracy.correct(logits, labels: labels, k: 1)        // read outputs before reset
//   tape.reset()                                                     // buffers back to the pool
// Evaluation: a second `Tape(mode: .evaluation)`, forward, read logits, `reset()`.
// Tensors are N×C×H×W logically, stored channel-major (see Tensor.swift); use `copySample`, the
// subscript or `nchw()`, never raw indexing with an NCHW formula. MACs of conv/linear layers run on a
// tape are in `tape.forwardMACs`. Threads: call `Parallel.configure(threads: t)` once before training
// (it also picks OpenBLAS's AVX-512 kernels on CPUs OpenBLAS 0.3.21 does not recognise). Results are
// bit-identical for the same seed and thread count.

/// A layer maps one tensor to one tensor on a tape (recording its backward when training).
public protocol Layer: AnyObject {
    func forward(_ x: Tensor, _ tape: Tape) -> Tensor
}

extension Layer {
    public func callAsFunction(_ x: Tensor, _ tape: Tape) -> Tensor { forward(x, tape) }
}

/// Layers applied one after another.
public final class Sequential: Layer {
    public let layers: [Layer]
    public init(_ layers: [Layer]) { self.layers = layers }
    public func forward(_ x: Tensor, _ tape: Tape) -> Tensor { layers.reduce(x) { $1.forward($0, tape) } }
}

/// ReLU as a layer (for `Sequential`); `tape.relu` is the same operation.
public final class ReLU: Layer {
    public init() {}
    public func forward(_ x: Tensor, _ tape: Tape) -> Tensor { tape.relu(x) }
}
