// The knobs every zoo model accepts: width multiplier, classes, the "s" form, the ResNeXt stem, and the
// CIFAR (32×32) or ImageNet (224×224, Table 9) stem and input size. m = 1, 100 classes is Table 8.

/// What an "s" block passes on as its first output (ZOO-SPEC "The "s" architecture").
public enum SForm: String, Sendable, Codable, CaseIterable {
    /// The pre-ReLU sum branch + shortcut(x1): the paper's PyTorch code (A.5), whose in-place add also
    /// changes `outp`. What produced the paper's numbers; the default.
    case published
    /// The branch alone: X_L = (1+W_L)X_{L−1} − W_{L−1}X_{L−2} as Eq. (18)–(20) read.
    case formula
}

/// The stem and input size: CIFAR (the spec's stems, 32×32) or ImageNet (Table 9: 7×7 stride-2 conv,
/// BN, ReLU, 3×3 stride-2 max-pool; 224×224; the head's global pool is then 7×7 for four stages).
public enum StemStyle: String, Sendable, Codable, CaseIterable {
    case cifar, imagenet
    public var defaultImageSize: Int { self == .cifar ? 32 : 224 }
}

public struct ZooOptions: Sendable, Equatable {
    /// Width multiplier m: scales every base width (ModelSpec.baseWidth) and rounds, see `scaled(_:)`.
    public var width: Double
    public var classes: Int
    public var sForm: SForm
    /// Table 9's 3×3 ResNeXt stem instead of the public definition's 1×1 (ResNeXt only).
    public var resnextStem3x3: Bool
    public var stem: StemStyle
    /// Input height = width (32 for CIFAR, 224 for ImageNet unless overridden, e.g. tiny test inputs).
    public var imageSize: Int
    /// Initial γ of the last batch norm of every residual branch, which scales the branch against its
    /// shortcut at initialisation: 1 is PyTorch's default (the paper's); 0 is torchvision's
    /// `zero_init_residual` (Goyal et al. 2017), under which a branch ending in BN → ReLU → SE (SEResNet34/
    /// 50/101) never receives a gradient, so prefer a small positive value there.
    public var residualGamma: Double

    public init(
        width: Double = 1, classes: Int = 100, sForm: SForm = .published, resnextStem3x3: Bool = false,
        stem: StemStyle = .cifar, imageSize: Int? = nil, residualGamma: Double = 1
    ) {
        self.width = width
        self.classes = classes
        self.sForm = sForm
        self.resnextStem3x3 = resnextStem3x3
        self.stem = stem
        self.imageSize = imageSize ?? stem.defaultImageSize
        self.residualGamma = residualGamma
    }

    /// A base width scaled by m: round(base·m) to the nearest integer (halves away from zero), at least 1.
    /// Only base widths are rounded (64; ResNeXt's d; Res2NeXt's w); every other width is derived from
    /// the rounded base by exact integer products (p = b·2^i, g = C·d'·2^i, P = 4w'·2^i, M = C·P), so the
    /// groups (C divides g and M/4) and the scales (4 divides M) divide exactly at every m. SE's hidden
    /// width is max(1, C / reduction) (integer division; exact at m = 1).
    public func scaled(_ base: Int) -> Int {
        max(1, Int((Double(base) * width).rounded(.toNearestOrAwayFromZero)))
    }

    /// Throws if an option cannot describe a network.
    public func validate() throws {
        guard width.isFinite, width > 0 else {
            throw ZooError.invalidOption(name: "width", value: "\(width)", reason: "must be a positive number")
        }
        guard classes >= 1 else {
            throw ZooError.invalidOption(name: "classes", value: "\(classes)", reason: "must be at least 1")
        }
        guard imageSize >= 1 else {
            throw ZooError.invalidOption(name: "image size", value: "\(imageSize)", reason: "must be at least 1")
        }
        guard residualGamma.isFinite, residualGamma >= 0 else {
            throw ZooError.invalidOption(name: "residual gamma", value: "\(residualGamma)", reason: "must be a number ≥ 0")
        }
    }

    /// Parses a width multiplier written as a decimal (`0.25`) or a fraction (`1/8`).
    public static func parseWidth(_ text: String) -> Double? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            return Double(text)
        case 2:
            guard let n = Double(parts[0]), let d = Double(parts[1]), d != 0 else { return nil }
            return n / d
        default:
            return nil
        }
    }
}
