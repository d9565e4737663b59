import Formulas
// A zoo model resolved for its options: stem, blocks and head as lists of LayerSpec with their shapes.
// The cost counter sums it, `describe` prints it, the builder turns it into layers: one source for all three.

/// One residual block: its branch W (from the family) and the projections its design's terms need
/// (ZooDesign.swift). For `resnet` that is out = ReLU(W x + shortcut(x)); for "s" also shortcut2.
public struct BlockPlan: Sendable, Equatable {
    public let kind: BlockKind
    /// 1-based stage and block numbers, for names.
    public let stage: Int
    public let block: Int
    public let input: FeatureShape
    public let branch: [LayerSpec]
    /// In declaration order: `shortcut` first, then `shortcut2`, `shortcut3`, … Identity terms have none.
    public let projections: [TermProjection]

    public var name: String { "stage\(stage).block\(block)" }
    public var output: FeatureShape { NetworkPlan.output(of: branch, from: input) }
    /// The family's shortcut on W[i]'s input; empty = identity (or no such term).
    public var shortcut: [LayerSpec] { projections.first { $0.name == "shortcut" }?.layers ?? [] }
    /// The "s" block's second projection, nil when the design needs none here.
    public var shortcut2: [LayerSpec]? { projections.first { $0.name == "shortcut2" }?.layers }
    public var parameters: Int {
        branch.reduce(0) { $0 + $1.parameters } + projections.reduce(0) { t, p in p.layers.reduce(t) { $0 + $1.parameters } }
    }
    public var macs: Int {
        NetworkPlan.macs(of: branch, from: input) + projections.reduce(0) { $0 + NetworkPlan.macs(of: $1.layers, from: $1.input) }
    }
}

public struct NetworkPlan: Sendable, Equatable {
    public let id: ModelID
    public let spec: ModelSpec
    public let options: ZooOptions
    /// How blocks combine (default: what the id publishes, see ZooDesign.published).
    public let design: ZooDesign
    public let input: FeatureShape
    public let stem: [LayerSpec]
    public let blocks: [BlockPlan]
    /// Global average pool, then Linear(C_last → classes).
    public let head: [LayerSpec]

    public init(_ id: ModelID, options: ZooOptions = ZooOptions(), design: ZooDesign? = nil) throws {
        try options.validate()
        let spec = id.spec
        self.id = id
        let design = design ?? ZooDesign.published(id, form: options.sForm)
        self.design = design
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

        var raw: [(stage: Int, block: Int, input: FeatureShape, branch: [LayerSpec])] = []
        let stemShape = NetworkPlan.output(of: stem, from: input)
        var shape = stemShape
        for (i, depth) in spec.stageDepths.enumerated() {
            for j in 0..<depth {
                let stride = j == 0 ? spec.stageStrides[i] : 1
                let branch = NetworkPlan.branch(spec, base: base, stage: i, stride: stride, input: shape)
                raw.append((i + 1, j + 1, shape, branch))
                shape = NetworkPlan.output(of: branch, from: shape)
            }
        }
        let outputs = [stemShape] + raw.map { NetworkPlan.output(of: $0.branch, from: $0.input) }
        var blocks: [BlockPlan] = []
        for (n, r) in raw.enumerated() {
            let projections = try NetworkPlan.projections(
                design, block: n + 1, shapes: outputs, spec: spec, blockName: "stage\(r.stage).block\(r.block)")
            blocks.append(BlockPlan(
                kind: spec.blockKind, stage: r.stage, block: r.block, input: r.input, branch: r.branch, projections: projections))
        }
        self.blocks = blocks
        head = [.globalAveragePool, .linear(inputFeatures: shape.channels, outputFeatures: options.classes)]
    }

    /// The residual branch W of a block of stage i (0-based) with the given input.
    private static func branch(_ spec: ModelSpec, base: Int, stage i: Int, stride: Int, input: FeatureShape) -> [LayerSpec] {
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
        return branch
    }

    /// The projections block `i` (1-based) of `design` needs, walking its terms in evaluation order
    /// (W[i]'s input, the auxiliaries, X[i]); `shapes[j]` is block j's output, `shapes[0]` the stem's.
    /// proj(cin→cout, s): 1×1 conv (bias in the SEResNet34/50/101 style) + BN; the shortcut2 style drops
    /// the BN in Res2NeXt (ZOO-SPEC).
    static func projections(_ design: ZooDesign, block i: Int, shapes: [FeatureShape], spec: ModelSpec, blockName: String) throws
        -> [TermProjection]
    {
        var walk = DesignWalk(design)
        guard let branchInput = walk.branchInput else {
            throw ZooError.unbuildableDesign(
                design: design.name, reason: "the formula \(design.formula) never applies W[i], so block i would have no branch of its own")
        }
        var found: [(term: String, from: FeatureShape, to: FeatureShape, family: Bool)] = []
        var seen: Set<String> = []
        var evaluated: Set<String> = []
        func shape(_ j: Int) -> FeatureShape { shapes[max(0, j)] }
        func visit(_ e: FormulaExpression, target: Int) throws {
            try DesignWalk.leaves(e, target: target) { leaf, t in
                if case .auxiliary(let n, 0) = leaf, !evaluated.contains(n) { try auxiliary(n) }
                let from = shape(walk.natural(leaf, at: i)), to = shape(t)
                guard from != to else { return }
                let key = DesignWalk.key(leaf.description, to)
                guard !seen.contains(key) else { return }
                guard to.height >= 1, from.height % to.height == 0, from.width % to.width == 0,
                    from.height / to.height == from.width / to.width
                else {
                    throw ZooError.unbuildableDesign(
                        design: design.name,
                        reason: "at \(blockName) the term \(leaf) has shape \(from) but is used where \(to) is wanted, which no strided 1×1 projection makes")
                }
                seen.insert(key)
                found.append((leaf.description, from, to, walk.isBranchInput(leaf)))
            }
        }
        func auxiliary(_ n: String) throws {
            evaluated.insert(n)
            let definition = walk.definitions[n]!
            try visit(definition, target: walk.natural(definition, at: i))
        }
        try visit(branchInput, target: i - 1)
        for s in design.formula.statements.dropLast() where !evaluated.contains(s.name) { try auxiliary(s.name) }
        try visit(design.formula.output, target: i)

        // Declaration order: the family's shortcut first, then the others in order of first use.
        let ordered = found.filter(\.family) + found.filter { !$0.family }
        var next = 2
        var out: [TermProjection] = []
        for f in ordered {
            let name: String
            if f.family && !out.contains(where: { $0.name == "shortcut" }) {
                name = "shortcut"
            } else {
                name = "shortcut\(next)"
                next += 1
            }
            let conv = LayerSpec.conv(ConvSpec(f.from.channels, f.to.channels, kernelSize: 1, stride: f.from.height / f.to.height, bias: spec.convBias))
            let bn = f.family || spec.shortcut2HasBatchNorm
            out.append(TermProjection(
                name: name, term: f.term, input: f.from, output: f.to, layers: [conv] + (bn ? [.batchNorm(channels: f.to.channels)] : [])))
        }
        return out
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
