// The 24 CIFAR models of the paper: 12 baselines and their "s" twins. The raw value is the stable
// lowercase id used on the command line and in file names; `displayName` is the paper's name.

public enum ModelFamily: String, CaseIterable, Sendable, Codable {
    case resnet, seresnet, resnext, res2next
}

public enum ModelID: String, CaseIterable, Sendable, Codable {
    case resnet18, resnet18s, resnet34, resnet34s, resnet50, resnet50s, resnet101, resnet101s
    case seresnet18, seresnet18s, seresnet34, seresnet34s, seresnet50, seresnet50s, seresnet101, seresnet101s
    case resnext29_2x64d = "resnext29-2x64d", resnext29_2x64d_s = "resnext29-2x64d-s"
    case resnext29_4x64d = "resnext29-4x64d", resnext29_4x64d_s = "resnext29-4x64d-s"
    case res2next29_6c24w = "res2next29-6c24w", res2next29_6c24w_s = "res2next29-6c24w-s"
    case res2next29_8c25w = "res2next29-8c25w", res2next29_8c25w_s = "res2next29-8c25w-s"

    /// Whether this is the "s" architecture of Eq. (18)–(20).
    public var isSVariant: Bool { rawValue.hasSuffix("s") && baselineRawValue != nil }

    /// The baseline an "s" model is compared against; nil for a baseline.
    public var baseline: ModelID? { baselineRawValue.flatMap(ModelID.init(rawValue:)) }

    /// The "s" twin of a baseline; nil for an "s" model.
    public var sVariant: ModelID? { ModelID.allCases.first { $0.baseline == self } }

    private var baselineRawValue: String? {
        if rawValue.hasSuffix("-s") { return String(rawValue.dropLast(2)) }
        if rawValue.hasSuffix("s") { return String(rawValue.dropLast()) }
        return nil
    }

    public var family: ModelFamily {
        if rawValue.hasPrefix("seresnet") { return .seresnet }
        if rawValue.hasPrefix("resnext") { return .resnext }
        if rawValue.hasPrefix("res2next") { return .res2next }
        return .resnet
    }

    /// The paper's name: ResNet18s, SEResNet50, ResNeXt2 (= ResNeXt29 2×64d), Res2NeXt4s, …
    public var displayName: String {
        let base: String
        switch baseline ?? self {
        case .resnet18: base = "ResNet18"
        case .resnet34: base = "ResNet34"
        case .resnet50: base = "ResNet50"
        case .resnet101: base = "ResNet101"
        case .seresnet18: base = "SEResNet18"
        case .seresnet34: base = "SEResNet34"
        case .seresnet50: base = "SEResNet50"
        case .seresnet101: base = "SEResNet101"
        case .resnext29_2x64d: base = "ResNeXt2"
        case .resnext29_4x64d: base = "ResNeXt4"
        case .res2next29_6c24w: base = "Res2NeXt2"
        case .res2next29_8c25w: base = "Res2NeXt4"
        default: preconditionFailure("ModelID.displayName: \(rawValue) has no baseline name")
        }
        return isSVariant ? base + "s" : base
    }

    /// The 12 baselines, in the paper's order.
    public static var baselines: [ModelID] { allCases.filter { !$0.isSVariant } }
}
