// Which model is compared against which baseline: the "s" twin, and every FAMILY+DESIGN model against its
// family's baseline. Records say so explicitly; tidy CSV files do not, so the naming rules are used: the
// twin's name is the baseline's plus "s" (ResNet18s, resnet18s) or plus "-s" (res2next29-8c25w-s), and a
// design's is `FAMILY+DESIGN` (resnet18+heavy-ball).
import Foundation

public struct ModelPair: Sendable, Equatable, Hashable {
    public var baseline: String
    public var variant: String

    public init(baseline: String, variant: String) {
        self.baseline = baseline
        self.variant = variant
    }
}

public enum ModelPairs {
    /// The baseline/variant pairs among `models`: explicit ones from records first, then by name.
    /// A variant appears in one pair; a baseline in as many as it has variants (its "s" twin and its
    /// designs), never as a variant. Pairs follow the order of the baselines, then the variants, in `models`.
    public static func find(in models: [String], records: [RunRecord] = []) -> [ModelPair] {
        let present = Set(models)
        var baselineOf: [String: String] = [:]
        for record in records where record.isComparedWithBaseline {
            if let baseline = record.baseline, present.contains(baseline), present.contains(record.model) {
                baselineOf[record.model] = baseline
            }
        }
        for model in models where baselineOf[model] == nil {
            if let baseline = baselineByName(of: model, among: present) { baselineOf[model] = baseline }
        }
        let variants = Set(baselineOf.keys)
        var pairs: [ModelPair] = []
        for baseline in models where !variants.contains(baseline) {
            for variant in models where baselineOf[variant] == baseline {
                pairs.append(ModelPair(baseline: baseline, variant: variant))
            }
        }
        return pairs
    }

    /// `ResNet18s` → `ResNet18`, `res2next29-8c25w-s` → `res2next29-8c25w`, `resnet18+heavy-ball` →
    /// `resnet18`, when that name is present.
    public static func baselineByName(of model: String, among present: Set<String>) -> String? {
        if let plus = model.firstIndex(of: "+"), plus != model.startIndex {
            let family = String(model[..<plus])
            return present.contains(family) ? family : nil
        }
        for suffix in ["-s", "_s", "s", "S"] where model.hasSuffix(suffix) && model.count > suffix.count {
            let candidate = String(model.dropLast(suffix.count))
            if present.contains(candidate) { return candidate }
        }
        return nil
    }
}
