// The model × block table the rank tests read, built from tidy observations: treatments are models, a
// block is any combination of dataset, seed and metric. Pure: plain values in, plain values out.
import Foundation
import RunRecords

/// What a block is made of. Dimensions left out are averaged (seed) or must be single (metric).
public enum BlockDimension: String, Sendable, CaseIterable, Codable {
    case dataset, seed, metric
}

/// Which seeds to use: a list, or only the rows without a seed (a paper's means).
public enum SeedFilter: Sendable, Equatable {
    case seedless
    case seeds([Int])
}

public struct BlockTableOptions: Sendable, Equatable {
    /// The metrics to use; more than one needs `metric` among the block dimensions.
    public var metrics: [String]
    /// Nil: from `StandardMetric.lowerIsBetter` (the metrics must agree).
    public var lowerIsBetter: Bool?
    public var blocks: Set<BlockDimension>
    /// Case-insensitive model names, in the order the table should use; nil = every model.
    public var models: [String]?
    public var datasets: [String]?
    public var seeds: SeedFilter?
    /// Drop blocks with a missing cell instead of failing.
    public var dropIncomplete: Bool

    public init(
        metrics: [String] = [StandardMetric.top1], lowerIsBetter: Bool? = nil,
        blocks: Set<BlockDimension> = [.dataset, .seed], models: [String]? = nil, datasets: [String]? = nil,
        seeds: SeedFilter? = nil, dropIncomplete: Bool = false
    ) {
        self.metrics = metrics
        self.lowerIsBetter = lowerIsBetter
        self.blocks = blocks
        self.models = models
        self.datasets = datasets
        self.seeds = seeds
        self.dropIncomplete = dropIncomplete
    }
}

/// One block's coordinates: the dimensions that are not part of the block are nil.
public struct BlockKey: Sendable, Equatable, Hashable {
    public var dataset: String?
    public var seed: Int?
    public var metric: String?

    public init(dataset: String? = nil, seed: Int? = nil, metric: String? = nil) {
        self.dataset = dataset
        self.seed = seed
        self.metric = metric
    }

    /// "cifar10", "cifar10 / seed 617", "cifar100 / top5".
    public var label: String {
        var parts: [String] = []
        if let dataset { parts.append(dataset) }
        if let seed { parts.append("seed \(seed)") }
        if let metric { parts.append(metric) }
        return parts.isEmpty ? "all" : parts.joined(separator: " / ")
    }
}

/// Models (treatments) × blocks of one metric direction. `values[b][m]` is model m on block b.
public struct BlockTable: Sendable, Equatable {
    public var models: [String]
    public var blocks: [BlockKey]
    public var values: [[Double]]
    public var metrics: [String]
    public var lowerIsBetter: Bool
    /// Labels of the blocks dropped as incomplete (only with `dropIncomplete`).
    public var droppedBlocks: [String]
    /// Per (model, block): how many observations were averaged into the cell (1 unless seeds were averaged).
    public var observationCounts: [[Int]]

    public init(
        models: [String], blocks: [BlockKey], values: [[Double]], metrics: [String], lowerIsBetter: Bool,
        droppedBlocks: [String] = [], observationCounts: [[Int]]? = nil
    ) {
        precondition(values.count == blocks.count, "BlockTable expected \(blocks.count) rows of values, got \(values.count)")
        for row in values {
            precondition(row.count == models.count, "BlockTable expected \(models.count) values a block, got \(row.count)")
        }
        self.models = models
        self.blocks = blocks
        self.values = values
        self.metrics = metrics
        self.lowerIsBetter = lowerIsBetter
        self.droppedBlocks = droppedBlocks
        self.observationCounts = observationCounts ?? values.map { $0.map { _ in 1 } }
    }

    public var blockLabels: [String] { blocks.map(\.label) }

    /// Builds the table from a result set. Throws `StatsError` for unknown names, mixed seeded and
    /// seedless rows, non-finite values, and missing cells (unless `dropIncomplete`).
    /// Errors name `results.path`; missing cells of runs that failed or diverged name those runs.
    public static func build(from results: ResultSet, options: BlockTableOptions) throws -> BlockTable {
        do {
            return try build(from: results.observations, options: options)
        } catch let error as StatsError {
            guard case .missingCells(let cells, let blocks) = error else { throw error.naming(input: results.path) }
            // The cell of an unfinished run: its model on the block its dataset and seed (and a metric) make.
            var explained: [String] = []
            var explainedCells = Set<MissingCell>()
            var anyFailed = false
            for (record, source) in results.unfinishedRuns {
                let keys = options.metrics.map { metric in
                    BlockKey(
                        dataset: options.blocks.contains(.dataset) ? record.dataset : nil,
                        seed: options.blocks.contains(.seed) ? record.seed : nil,
                        metric: options.blocks.contains(.metric) ? metric : nil)
                }
                let matched = keys.map { MissingCell(model: record.model, block: $0.label) }.filter { cells.contains($0) }
                guard !matched.isEmpty else { continue }
                explainedCells.formUnion(matched)
                explained.append(record.outcome(source: source))
                if record.status == .failed { anyFailed = true }
            }
            let unexplained = cells.filter { !explainedCells.contains($0) }
            let enriched = explained.isEmpty
                ? error : StatsError.unfinishedRuns(explained, otherCells: unexplained, blocks: blocks, anyFailed: anyFailed)
            throw enriched.naming(input: results.path)
        }
    }

    public static func build(from observations: [Observation], options: BlockTableOptions) throws -> BlockTable {
        for o in observations where !o.value.isFinite {
            throw StatsError.invalidValue(source: o.source, value: o.value)
        }
        let allModels = distinct(observations.map(\.model))
        let allDatasets = distinct(observations.map(\.dataset))
        let allMetrics = distinct(observations.map(\.metric))

        // Metrics and their direction.
        let metrics = distinct(options.metrics)
        guard !metrics.isEmpty else { throw StatsError.invalidOption("no metric given. HINT: pass --metric top1") }
        let unknownMetrics = metrics.filter { !allMetrics.contains($0) }
        if !unknownMetrics.isEmpty { throw StatsError.unknownMetrics(unknownMetrics, available: allMetrics) }
        if metrics.count > 1 && !options.blocks.contains(.metric) {
            throw StatsError.invalidOption(
                "\(metrics.count) metrics (\(metrics.joined(separator: ", "))) but blocks do not include the metric. "
                    + "HINT: pass --blocks dataset,metric (each metric becomes a block), or a single --metric")
        }
        let lowerIsBetter: Bool
        if let chosen = options.lowerIsBetter {
            lowerIsBetter = chosen
        } else {
            let directions = Set(metrics.map { StandardMetric.lowerIsBetter.contains($0) })
            guard directions.count == 1 else {
                throw StatsError.invalidOption(
                    "metrics \(metrics.joined(separator: ", ")) mix higher-is-better and lower-is-better ones; "
                        + "ranks need one direction. HINT: analyse them separately")
            }
            lowerIsBetter = directions.first!
        }

        // Models, matched case-insensitively, in the requested order.
        var models = allModels
        if let requested = options.models {
            let (chosen, unknown) = match(requested, in: allModels)
            if !unknown.isEmpty { throw StatsError.unknownModels(unknown, available: allModels) }
            models = chosen
        }
        var datasets = allDatasets
        if let requested = options.datasets {
            let (chosen, unknown) = match(requested, in: allDatasets)
            if !unknown.isEmpty { throw StatsError.unknownDatasets(unknown, available: allDatasets) }
            datasets = chosen
        }

        // The rows of the chosen models, datasets and metrics, then the seed filter.
        let modelSet = Set(models)
        let datasetSet = Set(datasets)
        let metricSet = Set(metrics)
        var rows = observations.filter {
            modelSet.contains($0.model) && datasetSet.contains($0.dataset) && metricSet.contains($0.metric)
        }
        switch options.seeds {
        case .none:
            break
        case .seedless?:
            rows = rows.filter { $0.seed == nil }
        case .seeds(let wanted)?:
            let available = Array(Set(rows.compactMap(\.seed))).sorted()
            let unknown = wanted.filter { !available.contains($0) }
            if !unknown.isEmpty { throw StatsError.unknownSeeds(unknown, available: available) }
            let wantedSet = Set(wanted)
            rows = rows.filter { $0.seed.map(wantedSet.contains) ?? false }
        }
        if options.blocks.contains(.seed) {
            let seedless = distinct(rows.filter { $0.seed == nil }.map(\.model))
            let seeded = distinct(rows.filter { $0.seed != nil }.map(\.model))
            if !seedless.isEmpty && !seeded.isEmpty { throw StatsError.mixedSeeds(seedless: seedless, seeded: seeded) }
        }

        // Cells: (block, model) → values (several only where seeds are averaged).
        struct CellKey: Hashable { var block: BlockKey; var model: String }
        var cells: [CellKey: [Observation]] = [:]
        var blockOrder: [BlockKey] = []
        var seenBlocks = Set<BlockKey>()
        for o in rows {
            let key = BlockKey(
                dataset: options.blocks.contains(.dataset) ? o.dataset : nil,
                seed: options.blocks.contains(.seed) ? o.seed : nil,
                metric: options.blocks.contains(.metric) ? o.metric : nil)
            if seenBlocks.insert(key).inserted { blockOrder.append(key) }
            cells[CellKey(block: key, model: o.model), default: []].append(o)
        }
        // Blocks in a stable order: datasets as chosen, seeds ascending (seedless first), metrics as given.
        let datasetIndex = Dictionary(uniqueKeysWithValues: datasets.enumerated().map { ($1, $0) })
        let metricIndex = Dictionary(uniqueKeysWithValues: metrics.enumerated().map { ($1, $0) })
        blockOrder.sort { a, b in
            let da = a.dataset.flatMap { datasetIndex[$0] } ?? -1
            let db = b.dataset.flatMap { datasetIndex[$0] } ?? -1
            if da != db { return da < db }
            let sa = a.seed ?? Int.min
            let sb = b.seed ?? Int.min
            if sa != sb { return sa < sb }
            return (a.metric.flatMap { metricIndex[$0] } ?? -1) < (b.metric.flatMap { metricIndex[$0] } ?? -1)
        }

        // A cell averaged over seeds must not mix a seedless value with per-seed ones.
        if !options.blocks.contains(.seed) {
            for (key, list) in cells where list.contains(where: { $0.seed == nil }) && list.contains(where: { $0.seed != nil }) {
                throw StatsError.seedlessAndSeeded(model: key.model, dataset: list[0].dataset, metric: list[0].metric)
            }
        }

        var missing: [MissingCell] = []
        var keptBlocks: [BlockKey] = []
        var dropped: [String] = []
        var values: [[Double]] = []
        var counts: [[Int]] = []
        for block in blockOrder {
            var row: [Double] = []
            var rowCounts: [Int] = []
            var blockMissing: [MissingCell] = []
            for model in models {
                if let list = cells[CellKey(block: block, model: model)], !list.isEmpty {
                    row.append(list.map(\.value).reduce(0, +) / Double(list.count))
                    rowCounts.append(list.count)
                } else {
                    blockMissing.append(MissingCell(model: model, block: block.label))
                }
            }
            if blockMissing.isEmpty {
                keptBlocks.append(block)
                values.append(row)
                counts.append(rowCounts)
            } else {
                missing += blockMissing
                dropped.append(block.label)
            }
        }
        if !missing.isEmpty && !options.dropIncomplete {
            throw StatsError.missingCells(missing, blocks: blockOrder.count)
        }
        return BlockTable(
            models: models, blocks: keptBlocks, values: values, metrics: metrics, lowerIsBetter: lowerIsBetter,
            droppedBlocks: dropped, observationCounts: counts)
    }

    /// The names of `available` that `requested` names case-insensitively (in the requested order, once
    /// each), and the requested names that match none.
    static func match(_ requested: [String], in available: [String]) -> (chosen: [String], unknown: [String]) {
        var chosen: [String] = []
        var unknown: [String] = []
        for name in requested {
            if let found = available.first(where: { $0.lowercased() == name.lowercased() }) {
                if !chosen.contains(found) { chosen.append(found) }
            } else {
                unknown.append(name)
            }
        }
        return (chosen, unknown)
    }

    static func distinct<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }
}
