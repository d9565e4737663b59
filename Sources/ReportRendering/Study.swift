// A study is one set of results analysed together: all JSON run records of the input form one, and
// each tidy CSV file forms its own (a published table is a study of its own: the paper's Table 1 and
// its per-seed Tables 5–7 are analysed apart, as the paper does). Cost metrics (FLOPs, parameters)
// are not studied: they feed the cost table.
import Foundation
import RankStats
import RunRecords

struct Study {
    var title: String
    var slug: String
    /// Where the study's numbers come from (a file, or the records' directory).
    var origin: String
    var results: ResultSet
    /// Set when the rank analysis ran.
    var analysis: RankAnalysis?
    /// The statistics' error when it did not.
    var failure: Error?

    /// Models in reading order, each "s" twin and design moved right after its baseline.
    let models: [String]
    /// The baseline/variant pairs among the models ("s" twins and FAMILY+DESIGN models).
    let pairs: [ModelPair]

    init(title: String, slug: String, origin: String, results: ResultSet) {
        self.title = title
        self.slug = slug
        self.origin = origin
        self.results = results
        models = Study.pairedOrder(results)
        pairs = ModelPairs.find(in: models, records: results.records)
    }

    static func pairedOrder(_ results: ResultSet) -> [String] {
        let all = results.models
        let pairs = ModelPairs.find(in: all, records: results.records)
        let variants = Set(pairs.map(\.variant))
        var ordered: [String] = []
        for model in all where !variants.contains(model) {
            ordered.append(model)
            ordered += pairs.filter { $0.baseline == model }.map(\.variant)
        }
        return ordered
    }
    var datasets: [String] {
        results.records.isEmpty ? results.datasets : results.datasets.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
    }
    var seeds: [Int] { Array(Set(results.observations.compactMap(\.seed))).sorted() }
    var isSeeded: Bool { seeds.count >= 2 }

    static let costMetrics: Set<String> = ["flops", "params", "parameters", "macs", "macs_per_image"]

    /// Splits `results` into studies (records first, then CSV files in reading order) and the cost rows.
    static func split(_ results: ResultSet, inputDescription: String) -> (studies: [Study], costs: [Observation]) {
        let recordFiles = Set(results.recordSources)
        var costs: [Observation] = []
        var recordObservations: [Observation] = []
        var byFile: [String: [Observation]] = [:]
        var fileOrder: [String] = []
        for o in results.observations {
            if costMetrics.contains(o.metric.lowercased()) {
                costs.append(o)
            } else if recordFiles.contains(o.source.file) {
                recordObservations.append(o)
            } else {
                if byFile[o.source.file] == nil { fileOrder.append(o.source.file) }
                byFile[o.source.file, default: []].append(o)
            }
        }
        var studies: [Study] = []
        if !results.records.isEmpty {
            // Records are read in file-name order; list models and datasets in natural order instead
            // (resnet18 before resnet101, cifar10 before cifar100).
            let naturally = { (a: Observation, b: Observation) -> Bool in
                let byModel = a.model.compare(b.model, options: .numeric)
                if byModel != .orderedSame { return byModel == .orderedAscending }
                return a.dataset.compare(b.dataset, options: .numeric) == .orderedAscending
            }
            var set = ResultSet(
                observations: recordObservations.sorted(by: naturally), records: results.records,
                recordSources: results.recordSources, files: Array(recordFiles).sorted())
            set.path = results.path ?? inputDescription
            studies.append(Study(title: "Run records", slug: "runs", origin: inputDescription, results: set))
        }
        for file in fileOrder {
            let name = URL(fileURLWithPath: file).lastPathComponent
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            var set = ResultSet(observations: byFile[file]!, files: [file])
            set.path = file
            studies.append(Study(title: name, slug: slugify(stem), origin: relativePath(file), results: set))
        }
        // Published tables (no seeds) before per-seed ones, each group in reading order.
        let seedless = studies.filter { $0.seeds.isEmpty }
        return (seedless + studies.filter { !$0.seeds.isEmpty }, costs)
    }
}

/// `path` relative to the working directory when it lies below it (what the user typed, not /work/...).
func relativePath(_ path: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
}

/// A file-name-safe lowercase form: "cifar10 / seed 0" → "cifar10-seed-0".
func slugify(_ s: String) -> String {
    var out = ""
    for ch in s.lowercased() {
        if ch.isLetter || ch.isNumber { out.append(ch) } else if !out.hasSuffix("-") { out.append("-") }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty ? "item" : out
}
