// A list of LayerSpecs built into NeuralCore layers and run in order. One builder for every part of
// every zoo network (stem, branches, shortcuts, head), so a layout change is a spec change only.
// Legend: x N×C×H×W on the tape; each step's output shape is its LayerSpec's `output`.
import NeuralCore

final class LayerChain {
    enum Step {
        case conv(Conv2D)
        /// BN, fused with a ReLU that follows it in the spec.
        case batchNorm(BatchNorm2D, relu: Bool)
        case relu
        case squeezeExcitation(SqueezeExcitation)
        case hierarchical(Res2Hierarchy)
        case maxPool(kernelSize: Int, stride: Int, padding: Int)
        case globalAveragePool
        case linear(Linear)
    }

    let specs: [LayerSpec]
    let steps: [Step]

    /// Declares the layers' parameters in `store` in spec order, named `name.index.weight` etc.
    init(_ specs: [LayerSpec], store: ParameterStore, name: String) {
        self.specs = specs
        var steps: [Step] = []
        var i = 0
        while i < specs.count {
            let path = "\(name).\(i)"
            switch specs[i] {
            case .conv(let c):
                steps.append(.conv(Conv2D(
                    store, name: path, inputChannels: c.inputChannels, outputChannels: c.outputChannels,
                    kernelSize: c.kernelSize, stride: c.stride, padding: c.padding, groups: c.groups, bias: c.bias)))
            case .batchNorm(let channels):
                let fuse = i + 1 < specs.count && specs[i + 1] == .relu
                steps.append(.batchNorm(BatchNorm2D(store, name: path, channels: channels), relu: fuse))
                if fuse { i += 1 }
            case .relu:
                steps.append(.relu)
            case .squeezeExcitation(let channels, let hidden):
                // NeuralCore's SE has C / reduction hidden units; min(16, C) gives max(1, C/16) = hidden.
                let reduction = channels / hidden
                precondition(channels / reduction == hidden, "SE \(path): \(channels)→\(hidden) is not C / reduction")
                steps.append(.squeezeExcitation(SqueezeExcitation(store, name: path, channels: channels, reduction: reduction)))
            case .hierarchical(let h):
                steps.append(.hierarchical(Res2Hierarchy(h, store: store, name: path)))
            case .maxPool(let k, let s, let p):
                steps.append(.maxPool(kernelSize: k, stride: s, padding: p))
            case .globalAveragePool:
                steps.append(.globalAveragePool)
            case .linear(let inputs, let outputs):
                steps.append(.linear(Linear(store, name: path, inputFeatures: inputs, outputFeatures: outputs, bias: true)))
            }
            i += 1
        }
        self.steps = steps
    }

    var isEmpty: Bool { steps.isEmpty }

    /// The chain's last batch norm (a residual branch's: the one whose γ scales the branch at init).
    var lastBatchNorm: BatchNorm2D? {
        for step in steps.reversed() { if case .batchNorm(let bn, _) = step { return bn } }
        return nil
    }

    func forward(_ x: Tensor, _ tape: Tape) -> Tensor {
        var y = x
        for step in steps {
            switch step {
            case .conv(let conv): y = conv.forward(y, tape)
            case .batchNorm(let bn, let relu): y = bn.forward(y, tape, relu: relu)
            case .relu: y = tape.relu(y)
            case .squeezeExcitation(let se): y = se.forward(y, tape)
            case .hierarchical(let h): y = h.forward(y, tape)
            case .maxPool(let k, let s, let p): y = tape.maxPool(y, kernel: k, stride: s, padding: p)
            case .globalAveragePool: y = tape.globalAveragePool(y)
            case .linear(let linear): y = linear.forward(y, tape)
            }
        }
        return y
    }
}

/// Res2Net's hierarchical 3×3s (ZOO-SPEC Res2NeXt): x split into s chunks x1..xs of M/s channels;
/// y1 = x1; y2 = ReLU(BN(K2(x2))); y_i = ReLU(BN(K_i(x_i + y_{i−1}))); output concat(y1..ys), N×M×H×W.
final class Res2Hierarchy {
    let spec: HierarchicalSpec
    let convs: [Conv2D]
    let norms: [BatchNorm2D]

    init(_ spec: HierarchicalSpec, store: ParameterStore, name: String) {
        self.spec = spec
        var convs: [Conv2D] = []
        var norms: [BatchNorm2D] = []
        let k = spec.kernel
        for i in 2...spec.scales {
            convs.append(Conv2D(
                store, name: "\(name).conv\(i)", inputChannels: k.inputChannels, outputChannels: k.outputChannels,
                kernelSize: k.kernelSize, stride: k.stride, padding: k.padding, groups: k.groups, bias: k.bias))
            norms.append(BatchNorm2D(store, name: "\(name).bn\(i)", channels: k.outputChannels))
        }
        self.convs = convs
        self.norms = norms
    }

    func forward(_ x: Tensor, _ tape: Tape) -> Tensor {
        let parts = tape.splitChannels(x, parts: spec.scales)  // s × (N×M/s×H×W)
        var ys = [parts[0]]
        for i in 1..<spec.scales {
            let input = i == 1 ? parts[1] : tape.add(parts[i], ys[i - 1])
            ys.append(norms[i - 1].forward(convs[i - 1].forward(input, tape), tape, relu: true))
        }
        return tape.concatChannels(ys)
    }
}
