// The one error type of RunRecords: every case names the file (and line or field) and what is wrong.
import Foundation

public enum RecordsError: Error, Equatable, CustomStringConvertible {
    case notFound(path: String)
    case unreadable(path: String, reason: String)
    case malformedRecord(path: String, reason: String)
    case unsupportedSchema(path: String, found: Int, supported: Int)
    case invalidRecord(path: String, field: String, reason: String)
    case csvHeader(path: String, found: String)
    case csvRow(path: String, line: Int, reason: String)
    case duplicate(model: String, dataset: String, seed: Int?, metric: String, first: String, second: String)
    case noResults(path: String)
    case writeFailed(path: String, reason: String)
    /// Records that may not be pooled (their configurations differ in more than model, dataset and seed).
    case mixedConfigurations(path: String, conflict: ConfigurationConflict)
    /// Two records give one design name two formulas.
    case designConflict(design: String, first: String, firstFormula: String, second: String, secondFormula: String)
    /// The input was read but holds no result: `headerOnly` are its CSV files with a header and no row,
    /// `unfinished` its records of runs that did not complete.
    case noObservations(path: String, headerOnly: [String], unfinished: [String])

    public var description: String {
        switch self {
        case .notFound(let path):
            return "\(path): no such file or directory"
        case .unreadable(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .malformedRecord(let path, let reason):
            return "\(path): not a recstats run record: \(reason)"
        case .unsupportedSchema(let path, let found, let supported):
            return "\(path): schema_version \(found) is not supported (this recstats reads \(supported)). "
                + "HINT: upgrade recstats, or re-run the training to rewrite the record"
        case .invalidRecord(let path, let field, let reason):
            return "\(path): field `\(field)`: \(reason)"
        case .csvHeader(let path, let found):
            return "\(path): line 1: expected the header `\(TidyCSV.header)`, found `\(found)`"
        case .csvRow(let path, let line, let reason):
            return "\(path): line \(line): \(reason)"
        case .duplicate(let model, let dataset, let seed, let metric, let first, let second):
            let seedText = seed.map { "seed \($0)" } ?? "no seed"
            return "duplicate result for model `\(model)`, dataset `\(dataset)`, \(seedText), metric `\(metric)`: "
                + "in \(first) and in \(second). HINT: point --input at one copy of the results"
        case .noResults(let path):
            return "\(path): no run records (*.json) or tidy CSV files (*.csv) found. "
                + "HINT: run `recstats run-all` first, or pass --input results/paper/table1.csv"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write: \(reason)"
        case .designConflict(let design, let first, let firstFormula, let second, let secondFormula):
            return "\(second): design `\(design)` is `\(secondFormula)` here but `\(firstFormula)` in \(first); "
                + "results of two formulas under one name are never pooled. HINT: keep one formula per name (rename one design and retrain it)"
        case .mixedConfigurations(let path, let conflict):
            return "\(path): records of different training configurations would be pooled: \(conflict.description). "
                + "Records analysed together may differ only in model, dataset and seed. "
                + "HINT: point --input at the records of one configuration, or pass --split-configurations to analyse each on its own"
        case .noObservations(let path, let headerOnly, let unfinished):
            var parts: [String] = []
            if !headerOnly.isEmpty {
                parts.append((headerOnly.count == 1 ? "\(headerOnly[0]) holds" : "\(headerOnly.joined(separator: ", ")) hold")
                    + " only the CSV header, no rows")
            }
            if !unfinished.isEmpty {
                parts.append("no run completed: " + unfinished.joined(separator: "; "))
            }
            let hint = unfinished.isEmpty
                ? "HINT: add rows `\(TidyCSV.header)` below the header"
                : "HINT: run the same `recstats run-all` again: it retries failed runs (a diverged run is final)"
            return "\(path): no results to analyse: " + parts.joined(separator: "; ") + ". " + hint
        }
    }
}
