// A zoo model resolved for its options: stem, blocks and head as lists of LayerSpec with their shapes.
// The cost counter sums it, `describe` prints it, the builder turns it into layers: one source for all three.

/// One residual block (ZOO-SPEC): out = ReLU(branch(x1) + shortcut(x1)), and in an "s" block
/// out −= shortcut2(x0). An empty shortcut is the identity; shortcut2 is nil outside "s" models.
public struct BlockPlan: Sendable, Equatable {
    public let kind: BlockKind
    /// 1-based stage and block numbers, for names.
    public let stage: Int
    public let block: Int
    public let input: FeatureShape
    public let branch: [LayerSpec]
    public let shortcut: [LayerSpec]
    public let shortcut2: [LayerSpec]?

    public var name: String { "stage\(stage).block\(block)" }
    public var output: FeatureShape { NetworkPlan.output(of: branch, from: input) }
    public var parameters: Int { (branch + shortcut + (shortcut2 ?? [])).reduce(0) { $0 + $1.parameters } }
    public var macs: Int {
        NetworkPlan.macs(of: branch, from: input) + NetworkPlan.macs(of: shortcut, from: input)
            + NetworkPlan.macs(of: shortcut2 ?? [], from: input)
    }
}

public struct NetworkPlan: Sendable, Equatable {
    public let id: ModelID
    public let spec: ModelSpec
    public let options: ZooOptions
    public let input: FeatureShape
    public let stem: [LayerSpec]
    public let blocks: [BlockPlan]
    /// Global average pool, then Linear(C_last → classes).
    public let head: [LayerSpec]

    public init(_ id: ModelID, options: ZooOptions = ZooOptions()) throws {
        try options.validate()
        let spec = id.spec
        self.id = id
        self.spec = spec
        self.options = options
        self.input = FeatureShape(channels: 3, height: options.imageSize, width: options.imageSize)

        let bias = spec.convBias
        let base = options.scaled(spec.baseWidth)
        // ResNet/SEResNet/ResNeXt stems are 64·m wide; Res2NeXt's is P0 = 4w.
        let stemWidth = spec.blockKind == .res2next ? spec.scales * base : base
        switch options.stem {
        case .cifar:
            let kernel = spec.family == .resnext && options.resnextStem3x3 ? 3 : spec.stem.kernelSize
            stem = [.conv(ConvSpec(3, stemWidth, kernelSize: kernel, bias: bias)), .batchNorm(channels: stemWidth), .relu]
        case .imagenet:
            stem = [
                .conv(ConvSpec(3, stemWidth, kernelSize: 7, stride: 2, bias: bias)), .batchNorm(channels: stemWidth), .relu,
                .maxPool(kernelSize: 3, stride: 2, padding: 1),
            ]
        }

        var blocks: [BlockPlan] = []
        var shape = NetworkPlan.output(of: stem, from: input)
        for (i, depth) in spec.stageDepths.enumerated() {
            for j in 0..<depth {
                let stride = j == 0 ? spec.stageStrides[i] : 1
                let block = NetworkPlan.block(spec, base: base, stage: i, stride: stride, input: shape)
                blocks.append(BlockPlan(
                    kind: block.kind, stage: i + 1, block: j + 1, input: shape, branch: block.branch,
                    shortcut: block.shortcut, shortcut2: block.shortcut2))
                shape = blocks[blocks.count - 1].output
            }
        }
        self.blocks = blocks
        head = [.globalAveragePool, .linear(inputFeatures: shape.channels, outputFeatures: options.classes)]
    }

    /// The branch, shortcut and shortcut2 of a block of stage i (0-based) with the given input.
    private static func block(_ spec: ModelSpec, base: Int, stage i: Int, stride: Int, input: FeatureShape)
        -> (kind: BlockKind, branch: [LayerSpec], shortcut: [LayerSpec], shortcut2: [LayerSpec]?)
    {
        let cin = input.channels
        let bias = spec.convBias
        let c = spec.cardinality
        var branch: [LayerSpec]
        switch spec.blockKind {
        case .basic:
            let p = base << i
            branch = [
                .conv(ConvSpec(cin, p, kernelSize: 3, stride: stride, bias: bias)), .batchNorm(channels: p), .relu,
                .conv(ConvSpec(p, p, kernelSize: 3, bias: bias)), .batchNorm(channels: p),
            ]
        case .bottleneck, .resnext:
            // Bottleneck: width p, output 4p. ResNeXt: width g = C·d·2^i (groups C), output 2g.
            let mid = spec.blockKind == .bottleneck ? base << i : (c * base) << i
            let out = spec.expansion * mid
            let groups = spec.blockKind == .bottleneck ? 1 : c
            branch = [
                .conv(ConvSpec(cin, mid, kernelSize: 1, bias: bias)), .batchNorm(channels: mid), .relu,
                .conv(ConvSpec(mid, mid, kernelSize: 3, stride: stride, groups: groups, bias: bias)),
                .batchNorm(channels: mid), .relu,
                .conv(ConvSpec(mid, out, kernelSize: 1, bias: bias)), .batchNorm(channels: out),
            ]
        case .res2next:
            // P = 4w·2^i, M = C·P, the stride on the first 1×1, output 4P.
            let planes = (spec.scales * base) << i
            let m = c * planes
            let out = spec.expansion * planes
            branch = [
                .conv(ConvSpec(cin, m, kernelSize: 1, stride: stride, bias: bias)), .batchNorm(channels: m), .relu,
                .hierarchical(HierarchicalSpec(channels: m, scales: spec.scales, groups: c)),
                .conv(ConvSpec(m, out, kernelSize: 1, bias: bias)), .batchNorm(channels: out),
            ]
        }
        let out = output(of: branch, from: input).channels
        if let reduction = spec.seReduction {
            if spec.seStyle == .afterBranchReLU { branch.append(.relu) }
            branch.append(.squeezeExcitation(channels: out, hidden: max(1, out / reduction)))
        }
        // proj(cin→cout, s): 1×1 conv (bias in the SEResNet34/50/101 style) + BN, only where needed.
        let needsProjection = stride != 1 || cin != out
        let projection = LayerSpec.conv(ConvSpec(cin, out, kernelSize: 1, stride: stride, bias: bias))
        let shortcut: [LayerSpec] = needsProjection ? [projection, .batchNorm(channels: out)] : []
        var shortcut2: [LayerSpec]? = nil
        if spec.isS {
            shortcut2 = needsProjection ? [projection] + (spec.shortcut2HasBatchNorm ? [.batchNorm(channels: out)] : []) : []
        }
        return (spec.blockKind, branch, shortcut, shortcut2)
    }

    // MARK: Shapes and costs

    static func output(of layers: [LayerSpec], from input: FeatureShape) -> FeatureShape {
        layers.reduce(input) { $1.output($0) }
    }

    static func macs(of layers: [LayerSpec], from input: FeatureShape) -> Int {
        var shape = input
        var total = 0
        for layer in layers {
            total += layer.macs(shape)
            shape = layer.output(shape)
        }
        return total
    }

    /// Output of the last block (what the head pools).
    public var featureShape: FeatureShape { blocks.last?.output ?? NetworkPlan.output(of: stem, from: input) }
    /// classes×1×1 logits per image.
    public var outputShape: FeatureShape { NetworkPlan.output(of: head, from: featureShape) }

    /// Exact trainable parameter count (conv weights and biases, BN γ and β, linear weights and biases).
    public var parameters: Int {
        (stem + head).reduce(0) { $0 + $1.parameters } + blocks.reduce(0) { $0 + $1.parameters }
    }

    /// Multiply-accumulates per image of the conv and linear layers (SE's linears included; BN, ReLU,
    /// pooling and the adds not counted). Table 8's "FLOPs" are these × 128.
    public var macsPerImage: Int {
        NetworkPlan.macs(of: stem, from: input) + blocks.reduce(0) { $0 + $1.macs }
            + NetworkPlan.macs(of: head, from: featureShape)
    }
}
