// The run plan: which (model, dataset, seed) runs a run-all covers, in a fixed order, and the
// deterministic split of that order into shards (`--shard I/N`, e.g. one per Slurm array task).
import Foundation
import ModelZoo

/// One training run. Its `name` doubles as the stem of the record, checkpoint and lock file names.
public struct RunKey: Sendable, Hashable, CustomStringConvertible {
    public var model: ZooModel
    public var dataset: String
    public var seed: Int

    public init(model: ModelID, dataset: String, seed: Int) {
        self.init(model: ZooModel(model), dataset: dataset, seed: seed)
    }

    public init(model: ZooModel, dataset: String, seed: Int) {
        self.model = model
        self.dataset = dataset
        self.seed = seed
    }

    /// `resnet18s__synthetic10__seed617`, `resnet18+heavy-ball__cifar10__seed0`: RunRecord.fileName without `.json`.
    public var name: String { "\(model.name)__\(dataset)__seed\(seed)" }
    public var description: String { name }
}

public struct RunPlan: Sendable, Equatable {
    /// The paper's seeds (appendix A.2, Tables 5–7).
    public static let defaultSeeds = [0, 617, 1234]
    /// The embedded default datasets: no download needed.
    public static let defaultDatasets = ["synthetic10", "synthetic100"]

    public var models: [ZooModel]
    public var datasets: [String]
    public var seeds: [Int]

    public init(models: [ModelID] = ModelID.allCases, datasets: [String] = defaultDatasets, seeds: [Int] = defaultSeeds) {
        self.init(models: models.map(ZooModel.init), datasets: datasets, seeds: seeds)
    }

    public init(models: [ZooModel], datasets: [String] = defaultDatasets, seeds: [Int] = defaultSeeds) {
        self.models = models
        self.datasets = datasets
        self.seeds = seeds
    }

    /// Every run, seed-major then dataset then model (zoo order), so a partly finished run-all already
    /// holds complete model × dataset blocks for its first seeds.
    public var runs: [RunKey] {
        seeds.flatMap { seed in
            datasets.flatMap { dataset in models.map { RunKey(model: $0, dataset: dataset, seed: seed) } }
        }
    }

    /// The runs of one shard: every N-th run of the plan starting at the I-th (round robin, so each shard
    /// gets a similar mix of small and large models). The shards of 1…N are disjoint and cover the plan.
    public func runs(in shard: Shard) -> [RunKey] {
        runs.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
    }

    // MARK: Parsing the command-line lists

    /// `all`, or a comma-separated list of model ids, families and FAMILY+DESIGN ids (`resnet18,resnext,
    /// resnet34+heavy-ball`), without repeats, grouped by family in zoo order: the baseline, its "s" twin,
    /// then designs in the order first named.
    public static func parseModels(_ text: String) throws -> [ModelID] {
        try parseModels(text, designs: nil, catalog: DesignCatalog(), form: .published).map(\.id)
    }

    /// As above; with `designs` (`resnet,s,heavy-ball`) the listed models only choose the families, and
    /// every family is trained with every design (name `resnet` for the baseline itself). Names follow
    /// ZooModel's rule, so a design that computes a published model (under `form`) is that model.
    public static func parseModels(_ text: String, designs: String?, catalog: DesignCatalog, form: SForm) throws -> [ZooModel] {
        var chosen: [ZooModel] = []
        for item in try items(text, option: "--models") {
            if item == "all" {
                chosen += ModelID.allCases.map(ZooModel.init)
            } else if let id = ModelID(rawValue: item) {
                chosen.append(ZooModel(id))
            } else if let family = ModelFamily(rawValue: item) {
                chosen += ModelID.allCases.filter { $0.family == family }.map(ZooModel.init)
            } else if item == "baselines" || item == "s" {
                chosen += ModelID.allCases.filter { $0.isSVariant == (item == "s") }.map(ZooModel.init)
            } else if item.contains("+") {
                do {
                    chosen.append(try catalog.model(item, form: form))
                } catch let error as ZooError {
                    throw ExperimentsError.invalidOption(option: "--models", reason: error.description)
                }
            } else {
                let families = ModelFamily.allCases.map(\.rawValue).joined(separator: ", ")
                throw ExperimentsError.invalidOption(
                    option: "--models",
                    reason: "unknown model or family `\(item)`. HINT: use all, baselines, s, a family (\(families)), "
                        + "ids from `recstats models` or FAMILY+DESIGN (`resnet18+heavy-ball`)")
            }
        }
        if let designs {
            var named: [ZooDesign] = []
            for name in try items(designs, option: "--designs") {
                do {
                    let d = try catalog.require(name, origin: "--designs")
                    if !named.contains(d) { named.append(d) }
                } catch let error as ZooError {
                    throw ExperimentsError.invalidOption(option: "--designs", reason: error.description)
                }
            }
            var families: [ModelID] = []
            for m in chosen where !families.contains(m.id.baseline ?? m.id) { families.append(m.id.baseline ?? m.id) }
            chosen = families.flatMap { f in named.map { ZooModel(family: f, design: $0, form: form) } }
        }
        // Grouped by family in zoo order; within a family the baseline, the "s" twin, then designs as named.
        var order: [String: Int] = [:]
        var unique: [ZooModel] = []
        for m in chosen where order[m.name] == nil {
            order[m.name] = unique.count
            unique.append(m)
        }
        func key(_ m: ZooModel) -> (Int, Int, Int) {
            let family = ModelID.baselines.firstIndex(of: m.id.baseline ?? m.id) ?? 0
            let rank = m.design != nil ? 2 : (m.id.isSVariant ? 1 : 0)
            return (family, rank, order[m.name]!)
        }
        return unique.sorted { key($0) < key($1) }
    }

    /// A comma-separated list of known dataset names, in the order given, without repeats.
    public static func parseDatasets(_ text: String) throws -> [String] {
        var result: [String] = []
        for item in try items(text, option: "--datasets") where !result.contains(item) {
            guard DatasetDescriptor.named(item) != nil else {
                let known = DatasetDescriptor.known.map(\.name).joined(separator: ", ")
                throw ExperimentsError.invalidOption(option: "--datasets", reason: "unknown dataset `\(item)`; known: \(known)")
            }
            result.append(item)
        }
        return result
    }

    /// A comma-separated list of non-negative integer seeds, in the order given, without repeats.
    public static func parseSeeds(_ text: String) throws -> [Int] {
        var result: [Int] = []
        for item in try items(text, option: "--seeds") {
            guard let seed = Int(item), seed >= 0, seed <= Int(UInt32.max) else {
                throw ExperimentsError.invalidOption(option: "--seeds", reason: "`\(item)` is not a seed (an integer in 0…\(UInt32.max))")
            }
            if !result.contains(seed) { result.append(seed) }
        }
        return result
    }

    private static func items(_ text: String, option: String) throws -> [String] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !items.isEmpty, !items.contains("") else {
            throw ExperimentsError.invalidOption(option: option, reason: "expected a comma-separated list without empty items, got `\(text)`")
        }
        return items
    }
}

/// `--shard I/N`: the I-th of N shards, 1 ≤ I ≤ N (Slurm's array task ids can start at 1; pass
/// `$((SLURM_ARRAY_TASK_ID + 1))/$SLURM_ARRAY_TASK_COUNT` when they start at 0).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public static let whole = Shard(index: 1, count: 1)

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1...count).contains(index), "Shard expected 1 ≤ index ≤ count, got \(index)/\(count)")
        self.index = index
        self.count = count
    }

    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let n = Int(parts[1].trimmingCharacters(in: .whitespaces))
        else {
            throw ExperimentsError.invalidOption(option: "--shard", reason: "expected I/N (for example 2/8), got `\(text)`")
        }
        guard n >= 1, (1...n).contains(i) else {
            throw ExperimentsError.invalidOption(option: "--shard", reason: "expected 1 ≤ I ≤ N, got \(i)/\(n)")
        }
        self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }
}
