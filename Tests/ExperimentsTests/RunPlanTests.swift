// The run plan, its shards and the command-line lists; the presets against the paper's text.
import Foundation
import ModelZoo
import RunRecords
import Testing

@testable import Experiments

@Suite struct RunPlanTests {
    @Test func defaultPlanIsTheTwentyFourModelsTimesSeedsTimesDatasets() {
        let plan = RunPlan()
        #expect(plan.runs.count == 24 * 3 * 2)
        #expect(Set(plan.runs).count == plan.runs.count)
        #expect(plan.seeds == [0, 617, 1234])
        #expect(plan.datasets == ["synthetic10", "synthetic100"])
        // Seed-major: the first 48 runs are seed 0.
        #expect(plan.runs.prefix(48).allSatisfy { $0.seed == 0 })
    }

    @Test(arguments: [1, 2, 3, 5, 7, 144, 200])
    func shardsAreDisjointAndCoverThePlan(count: Int) {
        let plan = RunPlan()
        var seen: [RunKey: Int] = [:]
        for index in 1...count {
            for run in plan.runs(in: Shard(index: index, count: count)) { seen[run, default: 0] += 1 }
        }
        #expect(Set(seen.keys) == Set(plan.runs))
        #expect(seen.values.allSatisfy { $0 == 1 })
    }

    @Test func shardsAreBalancedWithinOneRun() {
        let plan = RunPlan()
        let sizes = (1...5).map { plan.runs(in: Shard(index: $0, count: 5)).count }
        #expect(sizes.max()! - sizes.min()! <= 1)
        // Deterministic: the same shard twice is the same list.
        #expect(plan.runs(in: Shard(index: 2, count: 5)) == plan.runs(in: Shard(index: 2, count: 5)))
    }

    @Test func shardParsing() throws {
        #expect(try Shard(parsing: "2/8") == Shard(index: 2, count: 8))
        #expect(try Shard(parsing: " 1 / 1 ") == Shard.whole)
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "1/2/3", ""] {
            #expect(throws: ExperimentsError.self) { try Shard(parsing: bad) }
        }
    }

    @Test func modelSelection() throws {
        #expect(try RunPlan.parseModels("all") == ModelID.allCases)
        #expect(try RunPlan.parseModels("resnet18s,resnet18") == [.resnet18, .resnet18s])
        let resnets = try RunPlan.parseModels("resnet")
        #expect(resnets.count == 8 && resnets.allSatisfy { $0.family == .resnet })
        #expect(try RunPlan.parseModels("res2next,resnet18").count == 5)
        #expect(try RunPlan.parseModels("s").count == 12)
        #expect(throws: ExperimentsError.self) { try RunPlan.parseModels("resnet19") }
        #expect(throws: ExperimentsError.self) { try RunPlan.parseModels("resnet18,,resnet34") }
    }

    @Test func datasetAndSeedLists() throws {
        #expect(try RunPlan.parseDatasets("synthetic100,synthetic10,synthetic100") == ["synthetic100", "synthetic10"])
        #expect(throws: ExperimentsError.self) { try RunPlan.parseDatasets("mnist") }
        #expect(try RunPlan.parseSeeds("1234, 0,617") == [1234, 0, 617])
        #expect(throws: ExperimentsError.self) { try RunPlan.parseSeeds("1,-2") }
        #expect(throws: ExperimentsError.self) { try RunPlan.parseSeeds("x") }
    }
}

@Suite struct PresetTests {
    // Section 5.3 / appendix A.3 of the paper: "momentum SGD … learning rate of 0.1, momentum of 0.9, and
    // the weight decay 5 × 10^-4 … cosine annealing, … 200 [epochs] and batch size is 128" (CIFAR);
    // "MultiStepLR, the learning rate decays by a factor of 10 every 30 epochs, … 90 [epochs] and batch
    // size is 256" (ImageNet).
    @Test func paperPresetIsThePapersCIFARSetting() {
        let c = TrainingPreset.paper.configuration(for: DatasetDescriptor.named("cifar100")!)
        #expect(c.widthMultiplier == 1 && c.epochs == 200 && c.batchSize == 128)
        #expect(c.learningRate == 0.1 && c.momentum == 0.9 && c.weightDecay == 5e-4 && !c.nesterov)
        #expect(c.schedule == .cosine && c.augmentation && c.cropPadding == 4)
        #expect(c.classes == 100 && c.trainSize == 50_000 && c.testSize == 10_000)
    }

    @Test func paperPresetOnImageNetIsThePapersImageNetSetting() {
        let imagenet = DatasetDescriptor(name: "imagenet", classes: 1000, kind: .imagenet)
        let c = TrainingPreset.paper.configuration(for: imagenet)
        #expect(c.epochs == 90 && c.batchSize == 256 && c.learningRate == 0.1 && c.momentum == 0.9 && c.weightDecay == 5e-4)
        #expect(c.schedule == .multistep && c.milestones == [30, 60] && c.gamma == 0.1)
    }

    @Test(arguments: TrainingPreset.allCases)
    func everyPresetIsValidOnEveryDataset(preset: TrainingPreset) throws {
        for dataset in DatasetDescriptor.known {
            let c = try ConfigurationOverrides().apply(to: preset.configuration(for: dataset), threads: 2)
            #expect(c.preset == preset.rawValue && c.classes == dataset.classes && c.threads == 2)
        }
    }

    @Test func overridesReplaceOnlyWhatTheyName() throws {
        let base = TrainingPreset.quick.configuration(for: DatasetDescriptor.named("synthetic10")!)
        var o = ConfigurationOverrides()
        o.epochs = 7
        o.learningRate = 0.2
        let c = try o.apply(to: base, threads: nil)
        var expected = base
        expected.epochs = 7
        expected.learningRate = 0.2
        #expect(c == expected)
        o = ConfigurationOverrides()
        o.schedule = "multistep"
        o.epochs = 90
        #expect(try o.apply(to: base, threads: nil).milestones == [30, 60])
    }

    // quick trains on 16×16 images without augmentation; turning it on there pads the paper's 4 px scaled
    // to 2 (4 · 16/32), and asking for the datasets' own 32×32 too scales it back to 4 (2 · 32/16), unless
    // the padding is set as well.
    @Test func imageSizeOverridesKeepTheCropPaddingsShare() throws {
        let quick = TrainingPreset.quick.configuration(for: DatasetDescriptor.named("synthetic100")!)
        #expect(quick.imageSize == 16 && !quick.augmentation && quick.cropPadding == nil)
        var o = ConfigurationOverrides()
        o.augmentation = true
        #expect(try o.apply(to: quick, threads: nil).cropPadding == 2)
        o.imageSize = 32
        let full = try o.apply(to: quick, threads: nil)
        #expect(full.imageSize == nil && full.augmentation && full.cropPadding == 4)
        o.cropPadding = 3
        #expect(try o.apply(to: quick, threads: nil).cropPadding == 3)
        let paper = TrainingPreset.paper.configuration(for: DatasetDescriptor.named("cifar10")!)
        o = ConfigurationOverrides()
        o.imageSize = 8
        #expect(try o.apply(to: paper, threads: nil).cropPadding == 1)
        #expect(TrainingPreset.quick.defaultJobs(cores: 2) == 2 && TrainingPreset.paper.defaultJobs(cores: 2) == 1)
    }

    // Only quick departs from PyTorch's γ = 1 for the residual branches' last BN; naming 1 restores the
    // default, stored as nil, so it makes no second configuration.
    @Test func residualGammaIsQuicksAloneAndOneMeansTheDefault() throws {
        for preset in TrainingPreset.allCases {
            let c = preset.configuration(for: DatasetDescriptor.named("synthetic10")!)
            #expect(c.residualGamma == (preset == .quick ? 0.25 : nil))
        }
        let quick = TrainingPreset.quick.configuration(for: DatasetDescriptor.named("synthetic10")!)
        var o = ConfigurationOverrides()
        o.residualGamma = 1
        #expect(try o.apply(to: quick, threads: nil).residualGamma == nil)
        o.residualGamma = 0
        #expect(try o.apply(to: quick, threads: nil).residualGamma == 0)
    }

    // The short presets train on the easy synthetic scenes, the long ones on the hard; CIFAR has none,
    // and an override changes only the synthetic datasets' configuration.
    @Test func syntheticDifficultyFollowsThePresetAndOnlyAppliesToSyntheticData() throws {
        let s10 = DatasetDescriptor.named("synthetic10")!, cifar = DatasetDescriptor.named("cifar10")!
        #expect(TrainingPreset.smoke.configuration(for: s10).syntheticDifficulty == .easy)
        #expect(TrainingPreset.quick.configuration(for: s10).syntheticDifficulty == .easy)
        #expect(TrainingPreset.standard.configuration(for: s10).syntheticDifficulty == .hard)
        #expect(TrainingPreset.paper.configuration(for: s10).syntheticDifficulty == .hard)
        #expect(TrainingPreset.quick.configuration(for: cifar).syntheticDifficulty == nil)
        var o = ConfigurationOverrides()
        o.syntheticDifficulty = "hard"
        #expect(try o.apply(to: TrainingPreset.quick.configuration(for: s10), threads: nil).syntheticDifficulty == .hard)
        #expect(try o.apply(to: TrainingPreset.quick.configuration(for: cifar), threads: nil).syntheticDifficulty == nil)
    }

    // Parallel workers get the costliest runs first. The order at width 1 follows the paper's Table 8
    // (CIFAR FLOPs: Res2NeXt29-8c25w > ResNet101 > ResNet18); ties (the two seeds of ResNet18) keep the plan's order.
    @Test func workersStartWithTheCostliestRuns() {
        let c = TrainingPreset.paper.configuration(for: DatasetDescriptor.named("cifar10")!)
        let runs = [RunKey(model: .resnet18, dataset: "cifar10", seed: 0), RunKey(model: .res2next29_8c25w, dataset: "cifar10", seed: 0),
                    RunKey(model: .resnet18, dataset: "cifar10", seed: 1), RunKey(model: .resnet101, dataset: "cifar10", seed: 0)]
        let ordered = RunEstimate.longestFirst(runs, configurations: ["cifar10": c])
        #expect(ordered == [runs[1], runs[3], runs[0], runs[2]])
    }

    @Test func badOverridesNameTheOption() {
        let base = TrainingPreset.smoke.configuration(for: DatasetDescriptor.named("synthetic10")!)
        func message(_ change: (inout ConfigurationOverrides) -> Void) -> String? {
            var o = ConfigurationOverrides()
            change(&o)
            do {
                _ = try o.apply(to: base, threads: nil)
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(message { $0.epochs = 0 }?.hasPrefix("--epochs") == true)
        #expect(message { $0.learningRate = -1 }?.hasPrefix("--lr") == true)
        #expect(message { $0.widthMultiplier = 0 }?.hasPrefix("--width") == true)
        #expect(message { $0.schedule = "linear" }?.hasPrefix("--schedule") == true)
        #expect(message { $0.trainSize = 3 }?.hasPrefix("--train-size") == true)
        #expect(message { $0.sForm = "other" }?.hasPrefix("--s-form") == true)
        #expect(message { $0.imageSize = 12 }?.hasPrefix("--image-size") == true)
        #expect(message { $0.syntheticDifficulty = "medium" }?.hasPrefix("--synthetic-difficulty") == true)
        #expect(message { $0.residualGamma = -0.5 }?.hasPrefix("--residual-gamma") == true)
        #expect(message { $0.residualGamma = .nan }?.hasPrefix("--residual-gamma") == true)
        #expect(message { $0.epochs = 3 } == nil)
    }
}
