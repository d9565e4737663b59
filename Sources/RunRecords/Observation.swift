// The tidy form every reader produces: one number for one (model, dataset, seed, metric), with the file
// and line it came from so later errors can point back at it.
import Foundation

/// Where a number was read: a file and, for CSV, its 1-based line.
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?

    public init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }

    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

public struct Observation: Sendable, Equatable {
    public var model: String
    public var dataset: String
    /// Nil where the source gives no seed (a paper's mean over seeds, say).
    public var seed: Int?
    public var metric: String
    public var value: Double
    public var source: SourceLocation

    public init(model: String, dataset: String, seed: Int?, metric: String, value: Double, source: SourceLocation) {
        self.model = model
        self.dataset = dataset
        self.seed = seed
        self.metric = metric
        self.value = value
        self.source = source
    }
}

/// The metric names a run record yields. CSV files may carry any other metric name too.
public enum StandardMetric {
    public static let top1 = "top1"
    public static let top5 = "top5"
    public static let testLoss = "test_loss"
    /// Metrics where a smaller value is better, so statistics can default the direction.
    public static let lowerIsBetter: Set<String> = [testLoss, "loss", "error", "top1_error", "top5_error"]
    /// Metrics that are percentages (0–100), as the paper prints accuracies.
    public static let percentages: Set<String> = [top1, top5]
}

/// Everything read from an input path: the tidy observations, and the full records where the input
/// held JSON run records (reports need their history, costs, configuration and status).
public struct ResultSet: Sendable {
    public var observations: [Observation]
    /// Every JSON record read, whatever its status (diverged and failed runs included).
    public var records: [RunRecord]
    /// Where each record was read from, index-aligned with `records`.
    public var recordSources: [String]
    /// The files read, in the order read.
    public var files: [String]
    /// The file or directory the set was read from (what the user passed), for errors found later.
    public var path: String?

    public init(observations: [Observation] = [], records: [RunRecord] = [], recordSources: [String] = [], files: [String] = []) {
        self.observations = observations
        self.records = records
        self.recordSources = recordSources
        self.files = files
    }

    /// Records that did not complete (diverged or failed), with the file each came from.
    public var unfinishedRuns: [(record: RunRecord, source: String)] {
        zip(records, recordSources).filter { $0.0.status != .completed }.map { ($0.0, $0.1) }
    }

    /// Distinct training configurations among the records (seed aside), each with the models that used
    /// it. More than one entry means pooling them would mix configurations: say so.
    public var configurations: [(configuration: TrainingConfiguration, models: [String])] {
        var order: [TrainingConfiguration] = []
        var models: [TrainingConfiguration: Set<String>] = [:]
        for record in records {
            if models[record.configuration] == nil { order.append(record.configuration) }
            models[record.configuration, default: []].insert(record.model)
        }
        return order.map { ($0, models[$0]!.sorted()) }
    }

    /// The distinct model names, in first-seen order.
    public var models: [String] { distinct(observations.map(\.model)) }
    /// The distinct dataset names, in first-seen order.
    public var datasets: [String] { distinct(observations.map(\.dataset)) }
    /// The distinct metric names, in first-seen order.
    public var metrics: [String] { distinct(observations.map(\.metric)) }

    private func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
