// The one error type of RankStats: each case says which test or step needs what, names the missing
// cells or the file:line of a bad value, and ends with a HINT where the fix is known.
import Foundation
import RunRecords

/// One (model, block) cell with no value.
public struct MissingCell: Sendable, Equatable, Hashable {
    public var model: String
    public var block: String
    public init(model: String, block: String) {
        self.model = model
        self.block = block
    }
}

public enum StatsError: Error, Equatable, CustomStringConvertible {
    /// `test` needs at least `needed` models; `models` are those found.
    case tooFewModels(test: String, needed: Int, models: [String])
    /// `test` needs at least `needed` blocks; `found` were left (`dropped` of them dropped as incomplete).
    case tooFewBlocks(test: String, needed: Int, found: Int, dropped: Int)
    /// Cells with no value (the list is complete; the description caps it).
    case missingCells([MissingCell], blocks: Int)
    /// Blocks include the seed, but some chosen models have seedless rows and others (or they) seeded ones.
    case mixedSeeds(seedless: [String], seeded: [String])
    /// A (model, dataset, metric) cell has both a seedless value and per-seed values, so no single mean.
    case seedlessAndSeeded(model: String, dataset: String, metric: String)
    case unknownModels([String], available: [String])
    case unknownMetrics([String], available: [String])
    case unknownDatasets([String], available: [String])
    case unknownSeeds([Int], available: [Int])
    /// A value that is NaN or infinite, with where it came from.
    case invalidValue(source: SourceLocation, value: Double)
    /// An option that cannot be used (alpha outside (0, 1), mixed metric directions, …).
    case invalidOption(String)
    /// GSL failed or gave a non-finite number while computing `what`.
    case numerical(what: String, reason: String)
    /// Cells with no value because their runs did not complete (`runs`: how each ended, with its file),
    /// and any other missing cells.
    case unfinishedRuns([String], otherCells: [MissingCell], blocks: Int, anyFailed: Bool)
    /// An error found after reading, with the input (file or directory) it concerns.
    indirect case inInput(path: String, error: StatsError)

    /// How many missing cells the description lists before it says "and N more".
    public static let missingCellListLimit = 12

    /// This error with the input it concerns, unless it already names a file (or an input).
    public func naming(input path: String?) -> StatsError {
        guard let path else { return self }
        switch self {
        case .inInput, .invalidValue: return self
        default: return .inInput(path: path, error: self)
        }
    }

    public var description: String {
        switch self {
        case .tooFewModels(let test, let needed, let models):
            let found = models.isEmpty ? "none" : "\(models.count) (\(models.joined(separator: ", ")))"
            return "the \(test) needs at least \(needed) models, found \(found). "
                + "HINT: check --models and that --input holds results for several models"
        case .tooFewBlocks(let test, let needed, let found, let dropped):
            let droppedText = dropped > 0 ? " after dropping \(dropped) incomplete block(s)" : ""
            return "the \(test) needs at least \(needed) blocks (data sets, seeds or metrics), found \(found)\(droppedText). "
                + "HINT: widen --blocks (e.g. dataset,seed) or add results for more data sets or seeds"
        case .missingCells(let cells, let blocks):
            let shown = cells.prefix(Self.missingCellListLimit).map { "\($0.model) on \($0.block)" }
            let more = cells.count > shown.count ? ", and \(cells.count - shown.count) more" : ""
            return "\(cells.count) (model, block) cell(s) have no value: \(shown.joined(separator: "; "))\(more) "
                + "(out of \(blocks) blocks). HINT: add the missing results, narrow --models/--datasets/--seeds, "
                + "or pass --drop-incomplete to drop the incomplete blocks"
        case .mixedSeeds(let seedless, let seeded):
            return "blocks include the seed, but the input mixes seedless rows (\(seedless.joined(separator: ", "))) "
                + "with per-seed rows (\(seeded.joined(separator: ", "))). "
                + "HINT: pass --seeds none to use only the seedless rows, or --seeds 0,617,1234 (the seeds you want) "
                + "to use only per-seed rows, or --blocks dataset to average seeds first"
        case .seedlessAndSeeded(let model, let dataset, let metric):
            return "model `\(model)`, dataset `\(dataset)`, metric `\(metric)` has both a seedless value and per-seed values, "
                + "so averaging over seeds is ambiguous. HINT: pass --seeds none, or --seeds with the seeds to average"
        case .unknownModels(let names, let available):
            return "unknown model(s) \(names.map { "`\($0)`" }.joined(separator: ", ")); the input has: "
                + "\(available.joined(separator: ", ")). HINT: model names are matched case-insensitively"
        case .unknownMetrics(let names, let available):
            return "unknown metric(s) \(names.map { "`\($0)`" }.joined(separator: ", ")); the input has: "
                + "\(available.joined(separator: ", ")). HINT: pass --metric with one of those"
        case .unknownDatasets(let names, let available):
            return "unknown dataset(s) \(names.map { "`\($0)`" }.joined(separator: ", ")); the input has: "
                + "\(available.joined(separator: ", "))"
        case .unknownSeeds(let seeds, let available):
            let availableText = available.isEmpty ? "no seeded rows" : available.map(String.init).joined(separator: ", ")
            return "unknown seed(s) \(seeds.map(String.init).joined(separator: ", ")); the input has: \(availableText). "
                + "HINT: --seeds none selects the seedless rows"
        case .invalidValue(let source, let value):
            return "\(source): value \(value) is not a finite number"
        case .invalidOption(let reason):
            return reason
        case .numerical(let what, let reason):
            return "numerical failure while computing \(what): \(reason)"
        case .unfinishedRuns(let runs, let otherCells, let blocks, let anyFailed):
            var text = "\(runs.count) (model, block) cell(s) have no value because their runs did not complete: "
                + runs.joined(separator: "; ")
            if !otherCells.isEmpty {
                let shown = otherCells.prefix(Self.missingCellListLimit).map { "\($0.model) on \($0.block)" }
                let more = otherCells.count > shown.count ? ", and \(otherCells.count - shown.count) more" : ""
                text += "; \(otherCells.count) other cell(s) have no result at all: \(shown.joined(separator: "; "))\(more)"
            }
            text += " (out of \(blocks) blocks). HINT: "
            text += anyFailed
                ? "run the same `recstats run-all` again: it retries failed runs (a diverged run is final); or pass --drop-incomplete"
                : "a diverged run is final: pass --drop-incomplete to drop its blocks, or narrow --models/--datasets/--seeds"
            return text
        case .inInput(let path, let error):
            return "\(path): \(error.description)"
        }
    }
}
