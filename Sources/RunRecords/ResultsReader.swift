// Reads results from a path: one JSON run record, one tidy CSV, or a directory tree of both.
// Hidden files and folders (checkpoints, locks, temporaries) are skipped; anything else that claims to
// be a result and is not one is an error naming the file.
import Foundation

public enum ResultsReader {
    /// Reads `path` (a file or a directory tree) into one result set, refusing duplicates (unless
    /// `checkingDuplicates` is false: the caller then splits the set and checks each part), an input with
    /// no result at all, and, when `knownModels` is given, records of a model id not among them.
    public static func load(path: String, knownModels: Set<String>? = nil, checkingDuplicates: Bool = true) throws -> ResultSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RecordsError.notFound(path: path)
        }
        let files = isDirectory.boolValue ? try resultFiles(under: path) : [path]
        var set = ResultSet()
        set.path = path
        var headerOnly: [String] = []
        for file in files {
            let lower = file.lowercased()
            if lower.hasSuffix(".csv") {
                let rows = try TidyCSV.parse(readText(file), path: file)
                if rows.isEmpty { headerOnly.append(file) }
                set.observations += rows
            } else if lower.hasSuffix(".json") {
                let record = try RunRecord.decode(readData(file), path: file)
                if let knownModels {
                    for (field, id) in [("model", record.model), ("baseline", record.baseline)] {
                        guard let id, !knownModels.contains(id), !isKnownDesignModel(id, record: record, among: knownModels) else { continue }
                        throw RecordsError.invalidRecord(
                            path: file, field: field,
                            reason: "unknown model id `\(id)`. HINT: `recstats models` lists the ids this recstats trains")
                    }
                }
                set.records.append(record)
                set.recordSources.append(file)
                set.observations += record.observations(source: file)
            } else {
                // A single file given by name must be one of the two formats.
                throw RecordsError.malformedRecord(path: file, reason: "expected a .json run record or a .csv tidy table")
            }
            set.files.append(file)
        }
        if set.files.isEmpty { throw RecordsError.noResults(path: path) }
        try checkDesigns(set.records, sources: set.recordSources)
        if set.observations.isEmpty {
            throw RecordsError.noObservations(
                path: path, headerOnly: headerOnly, unfinished: set.unfinishedRuns.map { $0.record.outcome(source: $0.source) })
        }
        if checkingDuplicates {
            do {
                try checkDuplicates(set.observations)
            } catch let duplicate as RecordsError {
                // Two copies of a run trained differently: the configurations are the cause worth naming.
                if let conflict = ConfigurationCheck.conflict(records: set.records, sources: set.recordSources) {
                    throw RecordsError.mixedConfigurations(path: path, conflict: conflict)
                }
                throw duplicate
            }
        }
        return set
    }

    /// The .json and .csv files below `directory`, sorted, skipping hidden entries.
    static func resultFiles(under directory: String) throws -> [String] {
        let root = URL(fileURLWithPath: directory)
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else {
            throw RecordsError.unreadable(path: directory, reason: "cannot list the directory")
        }
        var files: [String] = []
        for case let url as URL in enumerator {
            let ext = url.pathExtension.lowercased()
            guard ext == "json" || ext == "csv" else { continue }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            files.append(url.path)
        }
        return files.sorted()
    }

    static func readData(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RecordsError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    static func readText(_ path: String) throws -> String {
        guard let text = String(data: try readData(path), encoding: .utf8) else {
            throw RecordsError.unreadable(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    static func checkDuplicates(_ observations: [Observation]) throws {
        struct Key: Hashable { var model, dataset: String; var seed: Int?; var metric: String }
        var seen: [Key: SourceLocation] = [:]
        for o in observations {
            let key = Key(model: o.model, dataset: o.dataset, seed: o.seed, metric: o.metric)
            if let first = seen[key] {
                throw RecordsError.duplicate(
                    model: o.model, dataset: o.dataset, seed: o.seed, metric: o.metric,
                    first: first.description, second: o.source.description)
            }
            seen[key] = o.source
        }
    }

    /// `resnet18+hb2`: a known family, and the record's design of that name (its formula is in the record).
    static func isKnownDesignModel(_ id: String, record: RunRecord, among knownModels: Set<String>) -> Bool {
        guard id == record.model, let plus = id.firstIndex(of: "+"), knownModels.contains(String(id[..<plus])) else { return false }
        return record.design?.name == String(id[id.index(after: plus)...])
    }

    /// One formula per design name across the records (the same rule a results directory keeps).
    /// Returns each design name's formula and the first file giving it.
    @discardableResult
    public static func checkDesigns(_ records: [RunRecord], sources: [String]) throws -> [String: (formula: String, source: String)] {
        var seen: [String: (formula: String, source: String)] = [:]
        for (record, source) in zip(records, sources) {
            guard let d = record.design else { continue }
            if let first = seen[d.name] {
                if first.formula != d.formula {
                    throw RecordsError.designConflict(
                        design: d.name, first: first.source, firstFormula: first.formula, second: source, secondFormula: d.formula)
                }
            } else {
                seen[d.name] = (d.formula, source)
            }
        }
        return seen
    }
}
