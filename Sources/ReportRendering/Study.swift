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

    var models: [String] { results.models }
    var datasets: [String] { results.datasets }
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
            var set = ResultSet(observations: recordObservations, records: results.records, recordSources: results.recordSources, files: results.recordSources)
            set.files = Array(recordFiles).sorted()
            studies.append(Study(title: "Run records", slug: "runs", origin: inputDescription, results: set))
        }
        for file in fileOrder {
            let name = URL(fileURLWithPath: file).lastPathComponent
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            studies.append(Study(
                title: name, slug: slugify(stem), origin: file,
                results: ResultSet(observations: byFile[file]!, files: [file])))
        }
        return (studies, costs)
    }
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
