// Whether records may be pooled: two runs belong to one experiment when their training configurations
// differ in nothing but the model, the dataset and the seed. Within a dataset every field must agree
// (the thread count aside: it changes timings, not the experiment); across datasets the values a preset
// sets per dataset (classes, train and test sizes, synthetic difficulty) may differ. Read by `run-all`
// (a record already on disk) and by `stats`/`report` (records read together).
import Foundation

/// One field in which two configurations differ, each value spelled as the record's JSON spells it.
public struct ConfigurationDifference: Sendable, Equatable {
    /// The record's snake_case key (`epochs`, `learning_rate`).
    public var field: String
    public var first: String
    public var second: String

    public init(field: String, first: String, second: String) {
        self.field = field
        self.first = first
        self.second = second
    }
}

extension TrainingConfiguration {
    /// Fields that do not make an experiment: the thread count.
    public static let incidentalFields: Set<String> = ["threads"]
    /// Fields a preset resolves per dataset, so records of two datasets of one experiment differ in them.
    public static let perDatasetFields: Set<String> = ["classes", "train_size", "test_size", "synthetic_difficulty"]

    /// The fields by snake_case key, each value as JSON text (`none` when absent), in key order.
    public var fieldTexts: [(field: String, value: String)] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self), let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            preconditionFailure("TrainingConfiguration always encodes to a JSON object")
        }
        // Optional fields that are nil are left out by the encoder: list every key so both sides align.
        var keys = Set(object.keys)
        keys.formUnion(Self.allFieldNames)
        return keys.sorted().map { key in
            guard let value = object[key] else { return (key, "none") }
            guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]),
                let text = String(data: data, encoding: .utf8)
            else { return (key, "\(value)") }
            return (key, text)
        }
    }

    /// Every key a configuration can have (the optional ones included).
    static let allFieldNames: Set<String> = [
        "preset", "width_multiplier", "classes", "epochs", "batch_size", "learning_rate", "momentum", "weight_decay", "nesterov",
        "schedule", "milestones", "gamma", "warmup_epochs", "augmentation", "crop_padding", "train_size", "test_size",
        "image_size", "synthetic_difficulty", "s_form", "threads", "residual_gamma",
    ]

    /// The fields in which `self` (first) and `other` (second) differ, skipping `ignoring`; key order.
    public func differences(from other: TrainingConfiguration, ignoring: Set<String> = incidentalFields) -> [ConfigurationDifference] {
        let mine = Dictionary(uniqueKeysWithValues: fieldTexts.map { ($0.field, $0.value) })
        let theirs = Dictionary(uniqueKeysWithValues: other.fieldTexts.map { ($0.field, $0.value) })
        return Set(mine.keys).union(theirs.keys).subtracting(ignoring).sorted().compactMap { key in
            let a = mine[key] ?? "none", b = theirs[key] ?? "none"
            return a == b ? nil : ConfigurationDifference(field: key, first: a, second: b)
        }
    }
}

/// Records that may not be pooled: a field with two (or more) values, and the records on each side.
public struct ConfigurationConflict: Sendable, Equatable {
    public struct Side: Sendable, Equatable {
        public var value: String
        /// The distinct models of the records with this value, sorted.
        public var models: [String]
        /// The files those records came from, in reading order.
        public var files: [String]
    }

    public var field: String
    /// Set when the conflict is within one dataset (a per-dataset field); nil when across all records.
    public var dataset: String?
    public var sides: [Side]

    /// "`epochs` is 3 in 2 records (resnet18: a.json, b.json) and 4 in 1 record (resnet18s: c.json)".
    public var description: String {
        let within = dataset.map { " on dataset `\($0)`" } ?? ""
        let parts = sides.map { side -> String in
            let shown = side.files.prefix(3).joined(separator: ", ") + (side.files.count > 3 ? ", … \(side.files.count - 3) more" : "")
            let records = side.files.count == 1 ? "1 record" : "\(side.files.count) records"
            return "\(side.value) in \(records) (\(side.models.joined(separator: ", ")): \(shown))"
        }
        return "`\(field)`\(within) is " + parts.joined(separator: " but ")
    }
}

public enum ConfigurationCheck {
    /// The first conflict among `records` (read from `sources`, index-aligned), or nil when they may be
    /// pooled: first the fields every record shares, then each dataset's own fields.
    public static func conflict(records: [RunRecord], sources: [String]) -> ConfigurationConflict? {
        precondition(records.count == sources.count, "ConfigurationCheck expected one source per record, got \(sources.count) for \(records.count)")
        guard records.count > 1 else { return nil }
        let texts = records.map { Dictionary(uniqueKeysWithValues: $0.configuration.fieldTexts.map { ($0.field, $0.value) }) }
        let shared = TrainingConfiguration.allFieldNames.subtracting(TrainingConfiguration.incidentalFields)
            .subtracting(TrainingConfiguration.perDatasetFields)
        if let found = firstConflict(fields: shared.sorted(), among: Array(records.indices), texts: texts, records: records, sources: sources) {
            return found
        }
        var datasets: [String] = []
        for record in records where !datasets.contains(record.dataset) { datasets.append(record.dataset) }
        for dataset in datasets {
            let members = records.indices.filter { records[$0].dataset == dataset }
            if var found = firstConflict(
                fields: TrainingConfiguration.perDatasetFields.sorted(), among: members, texts: texts, records: records, sources: sources)
            {
                found.dataset = dataset
                return found
            }
        }
        return nil
    }

    private static func firstConflict(
        fields: [String], among members: [Int], texts: [[String: String]], records: [RunRecord], sources: [String]
    ) -> ConfigurationConflict? {
        for field in fields {
            var order: [String] = []
            var byValue: [String: [Int]] = [:]
            for i in members {
                let value = texts[i][field] ?? "none"
                if byValue[value] == nil { order.append(value) }
                byValue[value, default: []].append(i)
            }
            guard order.count > 1 else { continue }
            let sides = order.map { value in
                ConfigurationConflict.Side(
                    value: value, models: Set(byValue[value]!.map { records[$0].model }).sorted(), files: byValue[value]!.map { sources[$0] })
            }
            return ConfigurationConflict(field: field, dataset: nil, sides: sides)
        }
        return nil
    }

    /// Splits `records` into groups that may each be pooled: by the fields every dataset shares, then,
    /// where one dataset still has several configurations in a group, by the whole configuration. Groups
    /// keep reading order (by their first record).
    public static func groups(records: [RunRecord]) -> [[Int]] {
        func key(_ c: TrainingConfiguration, dropping: Set<String>) -> String {
            c.fieldTexts.filter { !dropping.contains($0.field) }.map { "\($0.field)=\($0.value)" }.joined(separator: ";")
        }
        let sharedOnly = TrainingConfiguration.incidentalFields.union(TrainingConfiguration.perDatasetFields)
        var result: [[Int]] = []
        for group in partition(records.indices, by: { key(records[$0].configuration, dropping: sharedOnly) }) {
            let datasets = Set(group.map { records[$0].dataset })
            let perDataset = Set(group.map { records[$0].dataset + "|" + key(records[$0].configuration, dropping: TrainingConfiguration.incidentalFields) })
            if perDataset.count == datasets.count {
                result.append(group)
            } else {
                result += partition(group, by: { key(records[$0].configuration, dropping: TrainingConfiguration.incidentalFields) })
            }
        }
        return result.sorted { $0[0] < $1[0] }
    }

    private static func partition<C: Collection>(_ items: C, by key: (Int) -> String) -> [[Int]] where C.Element == Int {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for i in items {
            let k = key(i)
            if members[k] == nil { order.append(k) }
            members[k, default: []].append(i)
        }
        return order.map { members[$0]! }
    }
}

extension ResultSet {
    /// Refuses records of more than one configuration (see ConfigurationCheck), naming the field and the
    /// models and files on each side.
    public func requireOneConfiguration() throws {
        if let conflict = ConfigurationCheck.conflict(records: records, sources: recordSources) {
            throw RecordsError.mixedConfigurations(path: path ?? files.first ?? "the input", conflict: conflict)
        }
    }

    /// One result set per configuration of the records (see ConfigurationCheck.groups); the tidy CSV
    /// observations, which carry no configuration, go into a set of their own after them. Each set is
    /// checked for duplicates on its own.
    public func splitByConfiguration() throws -> [ResultSet] {
        let recordFiles = Set(recordSources)
        var sets: [ResultSet] = []
        for group in ConfigurationCheck.groups(records: records) {
            let sources = group.map { recordSources[$0] }
            let sourceSet = Set(sources)
            var set = ResultSet(
                observations: observations.filter { sourceSet.contains($0.source.file) }, records: group.map { records[$0] },
                recordSources: sources, files: files.filter { sourceSet.contains($0) })
            set.path = path
            sets.append(set)
        }
        let csv = observations.filter { !recordFiles.contains($0.source.file) }
        if !csv.isEmpty {
            let csvFiles = Set(csv.map(\.source.file))
            var set = ResultSet(observations: csv, files: files.filter { csvFiles.contains($0) })
            set.path = path
            sets.append(set)
        }
        for set in sets { try ResultsReader.checkDuplicates(set.observations) }
        return sets
    }
}

extension ConfigurationCheck {
    /// A short label per set of `splitByConfiguration()`: the values that tell its configuration from the
    /// others' (`epochs 3, learning_rate 0.05`), its models and record count; "tidy CSV rows" for a set
    /// without records.
    public static func labels(for sets: [ResultSet]) -> [String] {
        let firsts = sets.map { $0.records.first?.configuration }
        let configured = firsts.compactMap { $0 }
        func varying(_ candidates: Set<String>) -> [String] {
            candidates.sorted().filter { field in
                Set(configured.map { c in c.fieldTexts.first { $0.field == field }?.value ?? "none" }).count > 1
            }
        }
        var fields = varying(TrainingConfiguration.allFieldNames.subtracting(TrainingConfiguration.incidentalFields)
            .subtracting(TrainingConfiguration.perDatasetFields))
        if fields.isEmpty { fields = varying(TrainingConfiguration.perDatasetFields) }
        return zip(sets, firsts).map { set, configuration in
            guard let configuration else { return "tidy CSV rows (no training configuration), \(set.files.count) file(s)" }
            let texts = Dictionary(uniqueKeysWithValues: configuration.fieldTexts.map { ($0.field, $0.value) })
            let values = fields.map { "\($0) \(texts[$0] ?? "none")" }.joined(separator: ", ")
            let models = Set(set.records.map(\.model)).sorted()
            return (values.isEmpty ? "" : values + ": ") + "\(set.records.count) record(s) of \(models.joined(separator: ", "))"
        }
    }
}
