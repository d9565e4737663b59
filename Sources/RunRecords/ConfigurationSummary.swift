// One description of what was trained, used by `run-all`'s plan lines and the report's cover, so the two
// cannot drift: every value of a TrainingConfiguration is named, and values that differ between datasets
// (as a preset's per-dataset classes, sizes and difficulty do) are shown per dataset, not as a second
// configuration.
import Foundation

public struct ConfigurationSummary: Sendable, Equatable {
    /// One named value: `key` identifies the field (for comparing configurations), `text` is what is printed.
    public struct Item: Sendable, Equatable {
        public let key: String
        public let text: String
    }

    /// Items equal in every group, in the order `items(of:)` lists them.
    public let common: [Item]
    /// For each group (a dataset, in the order given), the items whose value is not shared by all groups.
    public let perGroup: [(group: String, items: [Item])]

    public static func == (a: Self, b: Self) -> Bool {
        a.common == b.common && a.perGroup.map(\.group) == b.perGroup.map(\.group)
            && a.perGroup.map(\.items) == b.perGroup.map(\.items)
    }

    /// Summarises one configuration per group (e.g. per dataset); groups with no differing value get no entry.
    public init(_ groups: [(group: String, configuration: TrainingConfiguration)]) {
        let lists = groups.map { ($0.group, Self.items(of: $0.configuration)) }
        let keys = lists.first.map { $0.1.map(\.key) } ?? []
        // An item is common when every group has it with the same text (a field absent in one group differs).
        let shared = keys.filter { key in
            let texts = lists.map { list in list.1.first { $0.key == key }?.text }
            return texts.allSatisfy { $0 != nil && $0 == texts[0] }
        }
        common = (lists.first?.1 ?? []).filter { shared.contains($0.key) }
        perGroup = lists.compactMap { group, items in
            let own = items.filter { !shared.contains($0.key) }
            return own.isEmpty ? nil : (group, own)
        }
    }

    /// "width 0.25, 10 classes, …" then "; per dataset: synthetic10: 10 classes, …; synthetic100: …".
    public var text: String {
        var text = common.map(\.text).joined(separator: ", ")
        if !perGroup.isEmpty {
            let groups = perGroup.map { "\($0.group): " + $0.items.map(\.text).joined(separator: ", ") }
            text += (text.isEmpty ? "" : "; ") + "per dataset: " + groups.joined(separator: "; ")
        }
        return text
    }

    /// Every value of `c`, named; absent optionals are named by what they mean (e.g. "all training images").
    public static func items(of c: TrainingConfiguration) -> [Item] {
        var items: [Item] = []
        func add(_ key: String, _ text: String) { items.append(Item(key: key, text: text)) }
        add("preset", "preset \(c.preset)")
        add("width", "width ×\(TidyCSV.formatValue(c.widthMultiplier))")
        add("classes", "\(c.classes) classes")
        let side = c.imageSize.map { "\($0)×\($0) images (box-filtered from 32×32)" } ?? "32×32 images"
        add("imageSize", side)
        add("epochs", "\(c.epochs) epoch\(c.epochs == 1 ? "" : "s")")
        add("batchSize", "batch \(c.batchSize)")
        add("optimizer", "SGD lr \(TidyCSV.formatValue(c.learningRate)) momentum \(TidyCSV.formatValue(c.momentum))" + (c.nesterov ? " (Nesterov)" : "")
            + " weight decay \(TidyCSV.formatValue(c.weightDecay))")
        switch c.schedule {
        case .multistep:
            let at = (c.milestones ?? []).map(String.init).joined(separator: ",")
            add("schedule", "multistep schedule ×\(TidyCSV.formatValue(c.gamma ?? 0.1)) at epochs \(at)")
        case .cosine: add("schedule", "cosine schedule (per epoch)")
        }
        add("warmup", c.warmupEpochs > 0 ? "\(c.warmupEpochs) warm-up epoch\(c.warmupEpochs == 1 ? "" : "s")" : "no warm-up")
        add("augmentation", c.augmentation ? "random crop (padding \(c.cropPadding ?? 4)) and flip" : "no augmentation")
        add("trainSize", c.trainSize.map { "\($0) training images" } ?? "all training images")
        add("testSize", c.testSize.map { "\($0) test images" } ?? "all test images")
        if let d = c.syntheticDifficulty { add("syntheticDifficulty", "synthetic difficulty \(d.rawValue)") }
        if let f = c.sForm { add("sForm", "“s” form \(f.rawValue)") }
        add("residualGamma", "residual BN γ \(TidyCSV.formatValue(c.residualGamma ?? 1)) at init")
        if let t = c.threads { add("threads", "\(t) thread\(t == 1 ? "" : "s")") }
        return items
    }
}
