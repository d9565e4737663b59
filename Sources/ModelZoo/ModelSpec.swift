// The zoo as data: one spec per model id, transcribing docs/zoo.md, "ZOO-SPEC" (the layouts that give
// Table 8's parameter counts). A "s" model is its baseline's spec with `isS` set; nothing else differs.

/// The residual branch a family's blocks use.
public enum BlockKind: String, Sendable, Codable, CaseIterable {
    /// conv3×3(stride)-BN-ReLU-conv3×3-BN (ResNet18/34, SEResNet18/34). Output p.
    case basic
    /// conv1×1-BN-ReLU-conv3×3(stride)-BN-ReLU-conv1×1(4p)-BN (ResNet50/101, SEResNet50/101). Output 4p.
    case bottleneck
    /// The bottleneck with a grouped 3×3 of width g = C·d·2^i and output 2g (ResNeXt29 C×64d).
    case resnext
    /// conv1×1(stride)-BN-ReLU, 4-scale hierarchical grouped 3×3s, conv1×1(4P)-BN (Res2NeXt29).
    case res2next
}

/// Where squeeze-and-excitation sits, if anywhere (the two public SEResNet definitions differ).
public enum SEStyle: String, Sendable, Codable {
    case none
    /// SE on the branch after its last BN, before the add (SEResNet18).
    case afterLastBN
    /// The branch ends BN-ReLU, then SE (SEResNet34/50/101).
    case afterBranchReLU
}

/// The CIFAR stem conv (ImageNet replaces it by 7×7 stride 2 + max-pool, see `ZooOptions.stem`).
public enum StemKind: String, Sendable, Codable {
    case conv3x3, conv1x1
    public var kernelSize: Int { self == .conv3x3 ? 3 : 1 }
}

public struct ModelSpec: Sendable, Equatable {
    public let family: ModelFamily
    public let blockKind: BlockKind
    /// Blocks per stage; the stage strides are 1 then 2 for every later stage.
    public let stageDepths: [Int]
    /// The base width a width multiplier scales (ZOO-SPEC "Costs" and the per-family sections):
    /// ResNet/SEResNet: planes of stage 1 and the stem width (64); ResNeXt: the bottleneck width d
    /// (64, also the stem width); Res2NeXt: the per-scale width w (24 or 25; stem and P0 = 4w).
    public let baseWidth: Int
    /// Groups of the 3×3 convs (C); 1 for ResNet/SEResNet.
    public let cardinality: Int
    /// Res2Net scales (4); 1 elsewhere.
    public let scales: Int
    /// SE reduction ratio (16) and its placement.
    public let seReduction: Int?
    public let seStyle: SEStyle
    /// Every conv has a bias (stem, block, shortcut and shortcut2 projections): SEResNet34/50/101.
    public let convBias: Bool
    public let stem: StemKind
    /// The "s" architecture of Eq. (18)–(20).
    public let isS: Bool

    public var stageStrides: [Int] { stageDepths.indices.map { $0 == 0 ? 1 : 2 } }

    /// Output channels of a block divided by its planes (p, g or P): 1, 4, 2, 4.
    public var expansion: Int {
        switch blockKind {
        case .basic: return 1
        case .bottleneck, .res2next: return 4
        case .resnext: return 2
        }
    }

    /// shortcut2 projections carry a BN, except in Res2NeXt (ZOO-SPEC: what fits its counts).
    public var shortcut2HasBatchNorm: Bool { blockKind != .res2next }
}

extension ModelID {
    /// The layout of this model, from ZOO-SPEC.md.
    public var spec: ModelSpec {
        let s = isSVariant
        switch baseline ?? self {
        case .resnet18: return .resnet(.basic, [2, 2, 2, 2], s: s)
        case .resnet34: return .resnet(.basic, [3, 4, 6, 3], s: s)
        case .resnet50: return .resnet(.bottleneck, [3, 4, 6, 3], s: s)
        case .resnet101: return .resnet(.bottleneck, [3, 4, 23, 3], s: s)
        case .seresnet18: return .resnet(.basic, [2, 2, 2, 2], se: .afterLastBN, s: s)
        case .seresnet34: return .resnet(.basic, [3, 4, 6, 3], se: .afterBranchReLU, s: s)
        case .seresnet50: return .resnet(.bottleneck, [3, 4, 6, 3], se: .afterBranchReLU, s: s)
        case .seresnet101: return .resnet(.bottleneck, [3, 4, 23, 3], se: .afterBranchReLU, s: s)
        case .resnext29_2x64d: return .resnext(cardinality: 2, s: s)
        case .resnext29_4x64d: return .resnext(cardinality: 4, s: s)
        case .res2next29_6c24w: return .res2next(cardinality: 6, width: 24, s: s)
        case .res2next29_8c25w: return .res2next(cardinality: 8, width: 25, s: s)
        default: preconditionFailure("ModelID.spec: \(rawValue) has no baseline spec")
        }
    }
}

extension ModelSpec {
    /// ResNet and SEResNet: 3×3 stem of 64, four stages of planes 64·2^i. The SEResNet34/50/101
    /// definition puts a bias on every conv; SEResNet18's does not.
    static func resnet(_ kind: BlockKind, _ depths: [Int], se: SEStyle = .none, s: Bool) -> ModelSpec {
        ModelSpec(
            family: se == .none ? .resnet : .seresnet, blockKind: kind, stageDepths: depths, baseWidth: 64,
            cardinality: 1, scales: 1, seReduction: se == .none ? nil : 16, seStyle: se,
            convBias: se == .afterBranchReLU, stem: .conv3x3, isS: s)
    }

    /// ResNeXt29 C×64d: 1×1 stem of 64 (the public definition; Table 9's 3×3 is an option), 3 stages of 3.
    static func resnext(cardinality: Int, s: Bool) -> ModelSpec {
        ModelSpec(
            family: .resnext, blockKind: .resnext, stageDepths: [3, 3, 3], baseWidth: 64,
            cardinality: cardinality, scales: 1, seReduction: nil, seStyle: .none, convBias: false,
            stem: .conv1x1, isS: s)
    }

    /// Res2NeXt29 C c × w w × 4 scales: 3×3 stem of 4w, 3 stages of 3.
    static func res2next(cardinality: Int, width: Int, s: Bool) -> ModelSpec {
        ModelSpec(
            family: .res2next, blockKind: .res2next, stageDepths: [3, 3, 3], baseWidth: width,
            cardinality: cardinality, scales: 4, seReduction: nil, seStyle: .none, convBias: false,
            stem: .conv3x3, isS: s)
    }
}
