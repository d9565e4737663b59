// Which model is the "s" twin of which baseline. Records say so explicitly; tidy CSV files do not, so
// the paper's naming rule is used: the twin's name is the baseline's plus "s" (ResNet18s, resnet18s)
// or plus "-s" (res2next29-8c25w-s).
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
    /// The baseline/"s" pairs among `models`: explicit ones from records first, then by name.
    /// Each model appears in at most one pair; pairs follow the order of the baselines in `models`.
    public static func find(in models: [String], records: [RunRecord] = []) -> [ModelPair] {
        let present = Set(models)
        var baselineOf: [String: String] = [:]
        for record in records where record.isSVariant {
            if let baseline = record.baseline, present.contains(baseline), present.contains(record.model) {
                baselineOf[record.model] = baseline
            }
        }
        for model in models where baselineOf[model] == nil {
            if let baseline = baselineByName(of: model, among: present) { baselineOf[model] = baseline }
        }
        var pairs: [ModelPair] = []
        var used = Set<String>()
        for baseline in models {
            guard let variant = models.first(where: { baselineOf[$0] == baseline }),
                !used.contains(baseline), !used.contains(variant)
            else { continue }
            used.formUnion([baseline, variant])
            pairs.append(ModelPair(baseline: baseline, variant: variant))
        }
        return pairs
    }

    /// `ResNet18s` → `ResNet18`, `res2next29-8c25w-s` → `res2next29-8c25w`, when that name is present.
    public static func baselineByName(of model: String, among present: Set<String>) -> String? {
        for suffix in ["-s", "_s", "s", "S"] where model.hasSuffix(suffix) && model.count > suffix.count {
            let candidate = String(model.dropLast(suffix.count))
            if present.contains(candidate) { return candidate }
        }
        return nil
    }
}
