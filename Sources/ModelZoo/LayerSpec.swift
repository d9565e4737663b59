// One layer of a zoo network as a plain value: its output shape, parameter count and multiply-accumulates
// per image. The cost counter, `recstats models describe` and the network builder all read these.
// Legend: C channels, H×W spatial size, K kernel, G groups; one image (no batch dimension).

/// C×H×W of one image's activations.
public struct FeatureShape: Sendable, Equatable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    public var count: Int { channels * height * width }
    public var description: String { "\(channels)×\(height)×\(width)" }
}

/// A K×K conv with padding K/2 (integer division, ZOO-SPEC "Conventions").
public struct ConvSpec: Sendable, Equatable {
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernelSize: Int
    public let stride: Int
    public let groups: Int
    public let bias: Bool

    public init(_ inputChannels: Int, _ outputChannels: Int, kernelSize: Int, stride: Int = 1, groups: Int = 1, bias: Bool) {
        precondition(
            inputChannels % groups == 0 && outputChannels % groups == 0,
            "ConvSpec expected channels \(inputChannels)→\(outputChannels) divisible by \(groups) groups")
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.groups = groups
        self.bias = bias
    }

    public var padding: Int { kernelSize / 2 }

    /// C_out · (C_in/G) · K² weights, plus C_out biases.
    public var parameters: Int {
        outputChannels * (inputChannels / groups) * kernelSize * kernelSize + (bias ? outputChannels : 0)
    }

    public func output(_ input: FeatureShape) -> FeatureShape {
        precondition(input.channels == inputChannels, "Conv expected \(inputChannels) channels, got \(input.channels)")
        return FeatureShape(
            channels: outputChannels, height: (input.height + 2 * padding - kernelSize) / stride + 1,
            width: (input.width + 2 * padding - kernelSize) / stride + 1)
    }

    /// H_out·W_out·C_out·(C_in/G)·K² (the bias adds are not multiply-accumulates).
    public func macs(_ input: FeatureShape) -> Int {
        let out = output(input)
        return out.height * out.width * outputChannels * (inputChannels / groups) * kernelSize * kernelSize
    }

    var summary: String {
        var text = "conv\(kernelSize)x\(kernelSize) \(inputChannels)→\(outputChannels)"
        if stride != 1 { text += " stride \(stride)" }
        if groups != 1 { text += " groups \(groups)" }
        if bias { text += " +bias" }
        return text
    }
}

/// Res2Net's hierarchical 3×3s on M channels in `scales` chunks of M/scales (ZOO-SPEC Res2NeXt):
/// y1 = x1; y2 = ReLU(BN(K2(x2))); y_i = ReLU(BN(K_i(x_i + y_{i−1}))) for i ≥ 3; output concat(y1..y_s).
public struct HierarchicalSpec: Sendable, Equatable {
    public let channels: Int
    public let scales: Int
    public let groups: Int

    public init(channels: Int, scales: Int, groups: Int) {
        precondition(channels % scales == 0, "Res2Net split expected \(channels) channels divisible by \(scales) scales")
        self.channels = channels
        self.scales = scales
        self.groups = groups
    }

    public var chunk: Int { channels / scales }
    /// K_2 … K_s: conv3×3(M/s → M/s, groups C, stride 1, no bias), each followed by BN and ReLU.
    public var kernel: ConvSpec { ConvSpec(chunk, chunk, kernelSize: 3, groups: groups, bias: false) }
    public var parameters: Int { (scales - 1) * (kernel.parameters + 2 * chunk) }
    public func macs(_ input: FeatureShape) -> Int {
        (scales - 1) * kernel.macs(FeatureShape(channels: chunk, height: input.height, width: input.width))
    }
}

public enum LayerSpec: Sendable, Equatable {
    case conv(ConvSpec)
    /// Affine BN: γ and β per channel (running statistics are buffers, not parameters).
    case batchNorm(channels: Int)
    case relu
    /// Global average → Linear(C→h, bias) → ReLU → Linear(h→C, bias) → sigmoid → channel-wise scale.
    case squeezeExcitation(channels: Int, hidden: Int)
    case hierarchical(HierarchicalSpec)
    case maxPool(kernelSize: Int, stride: Int, padding: Int)
    /// Mean over H×W: C×H×W → C×1×1 (the paper's pool 4, pool 8, pool 7 at the default input sizes).
    case globalAveragePool
    /// Linear(in → out) with bias on the flattened input.
    case linear(inputFeatures: Int, outputFeatures: Int)

    public var parameters: Int {
        switch self {
        case .conv(let c): return c.parameters
        case .batchNorm(let c): return 2 * c
        case .squeezeExcitation(let c, let h): return c * h + h + h * c + c
        case .hierarchical(let h): return h.parameters
        case .linear(let i, let o): return i * o + o
        case .relu, .maxPool, .globalAveragePool: return 0
        }
    }

    /// Multiply-accumulates per image of conv and linear layers (SE's linears included); 0 otherwise.
    public func macs(_ input: FeatureShape) -> Int {
        switch self {
        case .conv(let c): return c.macs(input)
        case .squeezeExcitation(let c, let h): return 2 * c * h
        case .hierarchical(let h): return h.macs(input)
        case .linear(let i, let o): return i * o
        case .batchNorm, .relu, .maxPool, .globalAveragePool: return 0
        }
    }

    public func output(_ input: FeatureShape) -> FeatureShape {
        switch self {
        case .conv(let c):
            return c.output(input)
        case .batchNorm(let c), .squeezeExcitation(let c, _):
            precondition(input.channels == c, "layer expected \(c) channels, got \(input.channels)")
            return input
        case .hierarchical(let h):
            precondition(input.channels == h.channels, "Res2Net split expected \(h.channels) channels, got \(input.channels)")
            return input
        case .relu:
            return input
        case .maxPool(let k, let s, let p):
            return FeatureShape(
                channels: input.channels, height: (input.height + 2 * p - k) / s + 1, width: (input.width + 2 * p - k) / s + 1)
        case .globalAveragePool:
            return FeatureShape(channels: input.channels, height: 1, width: 1)
        case .linear(let i, let o):
            precondition(input.count == i, "Linear expected \(i) features, got \(input.count)")
            return FeatureShape(channels: o, height: 1, width: 1)
        }
    }

    public var summary: String {
        switch self {
        case .conv(let c): return c.summary
        case .batchNorm(let c): return "batchnorm \(c)"
        case .relu: return "relu"
        case .squeezeExcitation(let c, let h): return "squeeze-excitation \(c)→\(h)→\(c)"
        case .hierarchical(let h):
            return "res2 split \(h.scales)×\(h.chunk): \(h.scales - 1)× (\(h.kernel.summary), batchnorm, relu)"
        case .maxPool(let k, let s, let p): return "maxpool \(k)x\(k) stride \(s) padding \(p)"
        case .globalAveragePool: return "global average pool"
        case .linear(let i, let o): return "linear \(i)→\(o) +bias"
        }
    }
}
