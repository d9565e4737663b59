// The whole Demšar (2006) analysis of one model × block table: ranks, Friedman, Iman–Davenport,
// Nemenyi with its groups, tests against a control, paired tests per baseline/"s" pair, error bars.
// Plain values only: the CLI formats them, the report draws them.
import Foundation
import RunRecords

public struct AnalysisOptions: Sendable, Equatable {
    public var table: BlockTableOptions
    public var alpha: Double
    /// One model against all others; nil = each "s" model against its baseline.
    public var control: String?

    public init(table: BlockTableOptions = BlockTableOptions(), alpha: Double = 0.05, control: String? = nil) {
        self.table = table
        self.alpha = alpha
        self.control = control
    }
}

public struct RankAnalysis: Sendable, Equatable {
    public var table: BlockTable
    /// ranks[b][m], 1 = best, ties averaged.
    public var ranks: [[Double]]
    public var averageRanks: [Double]
    public var friedman: FriedmanResult
    public var imanDavenport: ImanDavenportResult
    public var nemenyi: NemenyiResult
    public var controlTests: ControlTestsResult
    public var pairs: [PairComparison]
    /// Over seeds, for the table's models and metrics (empty when the input has no seeded rows).
    public var errorBars: [ErrorBarSummary]
    /// The verdicts, computed once; every output prints these.
    public var conclusions: Conclusions
    /// Each design's mean rank within its families, when the table holds FAMILY+DESIGN models.
    public var designs: DesignRanking?

    public var models: [String] { table.models }
    public var blockLabels: [String] { table.blockLabels }
    public var values: [[Double]] { table.values }
    public var alpha: Double { nemenyi.alpha }

    /// Builds the table from `results` and analyses it.
    public static func run(_ results: ResultSet, options: AnalysisOptions) throws -> RankAnalysis {
        let table = try BlockTable.build(from: results, options: options.table)
        let pairs = ModelPairs.find(in: table.models, records: results.records)
        let datasets = Set(table.blocks.compactMap(\.dataset))
        let models = Set(table.models)
        let metrics = Set(table.metrics)
        var seeded = results.observations.filter {
            $0.seed != nil && models.contains($0.model) && metrics.contains($0.metric)
                && (datasets.isEmpty || datasets.contains($0.dataset))
        }
        if case .seeds(let wanted)? = options.table.seeds { seeded = seeded.filter { wanted.contains($0.seed!) } }
        if case .seedless? = options.table.seeds { seeded = [] }
        do {
            var analysis = try RankAnalysis(
                table: table, alpha: options.alpha, control: options.control, pairs: pairs,
                errorBars: ErrorBars.summarize(seeded))
            analysis.designs = DesignRanking.rank(table, records: results.records)
            return analysis
        } catch let error as StatsError {
            throw error.naming(input: results.path)
        }
    }

    /// Analyses a ready table. `control` is matched case-insensitively against the table's models.
    public init(
        table: BlockTable, alpha: Double = 0.05, control: String? = nil, pairs: [ModelPair] = [],
        errorBars: [ErrorBarSummary] = []
    ) throws {
        guard alpha > 0 && alpha < 1 else {
            throw StatsError.invalidOption("--alpha must lie strictly between 0 and 1, got \(alpha)")
        }
        try FriedmanTest.requireShape(table, test: "Friedman test")
        self.table = table
        ranks = FriedmanTest.ranks(of: table)
        averageRanks = FriedmanTest.averageRanks(ranks)
        friedman = try FriedmanTest.test(table)
        imanDavenport = try FriedmanTest.imanDavenport(friedman, models: table.models.count, blocks: table.blocks.count)
        nemenyi = try NemenyiTest.test(averageRanks: averageRanks, blocks: table.blocks.count, alpha: alpha)
        let n = table.blocks.count
        if let control {
            guard let c = table.models.firstIndex(where: { $0.lowercased() == control.lowercased() }) else {
                throw StatsError.unknownModels([control], available: table.models)
            }
            let others = table.models.indices.filter { $0 != c }.map { (model: $0, control: c) }
            controlTests = ControlTests.test(
                models: table.models, averageRanks: averageRanks, blocks: n, alpha: alpha,
                mode: .control(table.models[c]), against: others)
        } else {
            let against = pairs.compactMap { pair -> (model: Int, control: Int)? in
                guard let v = table.models.firstIndex(of: pair.variant), let b = table.models.firstIndex(of: pair.baseline)
                else { return nil }
                return (v, b)
            }
            controlTests = ControlTests.test(
                models: table.models, averageRanks: averageRanks, blocks: n, alpha: alpha, mode: .pairs, against: against)
        }
        self.pairs = PairTests.compare(table, pairs: pairs)
        self.errorBars = errorBars
        conclusions = Conclusions(
            models: table.models, averageRanks: averageRanks, lowerIsBetter: table.lowerIsBetter, blocks: n,
            friedman: friedman, imanDavenport: imanDavenport, nemenyi: nemenyi, pairs: self.pairs,
            control: controlTests)
    }
}
