// The record of one finished training run: written by the trainer, read by statistics and reports.
// Stored as one JSON file per run (snake_case keys, `schema_version`); see RunRecordCoding.swift.
import Foundation

/// How a run ended. A diverged run keeps the epoch its loss stopped being finite.
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case completed, diverged, failed
}

/// The resolved training configuration of a run: every value the trainer used, so two records can be
/// compared and never pooled by accident. Optional fields are those that not every preset sets.
/// How the learning rate moves over the epochs. A record naming another schedule fails to decode, naming
/// the file and the field (`configuration.schedule`).
public enum ScheduleKind: String, Codable, CaseIterable, Sendable {
    /// Cosine annealing stepped once per epoch.
    case cosine
    /// ×gamma at each milestone epoch (MultiStepLR).
    case multistep
}

/// How strong the synthetic datasets' nuisances are (Experiments' SyntheticImages reads it).
public enum SyntheticDifficulty: String, Codable, CaseIterable, Sendable {
    case easy, hard
}

/// What an "s" block passes on to the next block (docs/zoo.md): the pre-ReLU sum, as the paper's
/// published code does, or the branch output, as Eq. (18)–(20) read.
public enum SBlockForm: String, Codable, CaseIterable, Sendable {
    case published, formula
}

public struct TrainingConfiguration: Codable, Sendable, Equatable, Hashable {
    public var preset: String
    public var widthMultiplier: Double
    public var classes: Int
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    public var momentum: Double
    public var weightDecay: Double
    public var nesterov: Bool
    /// Cosine (stepped per epoch) or multistep.
    public var schedule: ScheduleKind
    public var milestones: [Int]?
    public var gamma: Double?
    public var warmupEpochs: Int
    /// Random crop (back to the image size) of the image padded by `cropPadding`, and random horizontal flip.
    public var augmentation: Bool
    public var cropPadding: Int?
    public var trainSize: Int?
    public var testSize: Int?
    /// Side of the square images the network sees, when the dataset's images (32×32) are box-filtered
    /// down to it; nil: the dataset's own size.
    public var imageSize: Int?
    /// The synthetic datasets' nuisance strength; nil for CIFAR.
    public var syntheticDifficulty: SyntheticDifficulty?
    /// What "s" blocks pass on: the paper's code or Eq. 18–20. run-all records it for baselines too (where
    /// it changes nothing), so every model of a block has one configuration.
    public var sForm: SBlockForm?
    public var threads: Int?
    /// Initial γ of each residual branch's last batch norm; nil: PyTorch's default, 1.
    public var residualGamma: Double?

    public init(
        preset: String, widthMultiplier: Double, classes: Int, epochs: Int, batchSize: Int,
        learningRate: Double, momentum: Double, weightDecay: Double, nesterov: Bool = false,
        schedule: ScheduleKind, milestones: [Int]? = nil, gamma: Double? = nil, warmupEpochs: Int = 0,
        augmentation: Bool, cropPadding: Int? = nil, trainSize: Int? = nil, testSize: Int? = nil,
        sForm: SBlockForm? = nil, threads: Int? = nil, imageSize: Int? = nil, syntheticDifficulty: SyntheticDifficulty? = nil,
        residualGamma: Double? = nil
    ) {
        self.preset = preset
        self.widthMultiplier = widthMultiplier
        self.classes = classes
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        self.schedule = schedule
        self.milestones = milestones
        self.gamma = gamma
        self.warmupEpochs = warmupEpochs
        self.augmentation = augmentation
        self.cropPadding = cropPadding
        self.trainSize = trainSize
        self.testSize = testSize
        self.sForm = sForm
        self.threads = threads
        self.imageSize = imageSize
        self.syntheticDifficulty = syntheticDifficulty
        self.residualGamma = residualGamma
    }
}

/// Final test metrics. Accuracies are percentages (0–100), as the paper prints them.
public struct FinalMetrics: Codable, Sendable, Equatable {
    public var top1: Double
    public var top5: Double
    public var testLoss: Double

    public init(top1: Double, top5: Double, testLoss: Double) {
        self.top1 = top1
        self.top5 = top5
        self.testLoss = testLoss
    }
}

/// One epoch of training history.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    public var learningRate: Double
    public var trainLoss: Double
    public var trainTop1: Double
    public var testLoss: Double
    public var testTop1: Double
    public var testTop5: Double
    public var seconds: Double

    public init(
        epoch: Int, learningRate: Double, trainLoss: Double, trainTop1: Double, testLoss: Double,
        testTop1: Double, testTop5: Double, seconds: Double
    ) {
        self.epoch = epoch
        self.learningRate = learningRate
        self.trainLoss = trainLoss
        self.trainTop1 = trainTop1
        self.testLoss = testLoss
        self.testTop1 = testTop1
        self.testTop5 = testTop5
        self.seconds = seconds
    }
}

/// Where a record came from: which build of recstats, on which host, when.
public struct Provenance: Codable, Sendable, Equatable {
    public var recstatsVersion: String
    public var gitCommit: String?
    public var host: String
    public var startedAt: Date
    public var endedAt: Date

    public init(recstatsVersion: String, gitCommit: String?, host: String, startedAt: Date, endedAt: Date) {
        self.recstatsVersion = recstatsVersion
        self.gitCommit = gitCommit
        self.host = host
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}

/// The recursion formula a model's blocks follow (issue 15): the design's name and its full formula, so a
/// record says what network it trained without the build that wrote it. Two records, or a record and a
/// results directory's manifest, that give one name two formulas are refused (ConfigurationCheck).
public struct RecordedDesign: Codable, Sendable, Equatable, Hashable {
    /// `resnet`, `s-published`, `heavy-ball`, a user's `hb2`.
    public var name: String
    /// The formula as recstats prints it (`X[i] = relu(X[i-1] + W[i] X[i-1])`; statements joined by `; `).
    public var formula: String

    public init(name: String, formula: String) {
        self.name = name
        self.formula = formula
    }
}

/// One finished run (completed, diverged or failed).
public struct RunRecord: Codable, Sendable, Equatable {
    /// The schema this build writes and reads. Bump it when a field changes meaning.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// Stable lowercase model id (`resnet18s`), as in the model zoo.
    public var model: String
    /// The paper's name (`ResNet18s`), for figures and tables.
    public var displayName: String?
    /// Family of the pair (`resnet`, `seresnet`, `resnext`, `res2next`).
    public var family: String
    /// Whether this is the "s" twin; `baseline` then names the model it is compared against.
    public var isSVariant: Bool
    /// The model this one is compared against: an "s" model's baseline, a FAMILY+DESIGN model's family.
    public var baseline: String?
    /// The design its blocks follow (nil in records written before designs were recorded).
    public var design: RecordedDesign?
    public var dataset: String
    public var seed: Int
    public var configuration: TrainingConfiguration
    /// Nil unless `status` is completed.
    public var metrics: FinalMetrics?
    public var history: [EpochRecord]?
    public var parameters: Int?
    public var macsPerImage: Int?
    public var wallTimeSeconds: Double
    public var status: RunStatus
    /// For a diverged run: the epoch (1-based) in which the loss stopped being finite.
    public var divergedAtEpoch: Int?
    /// For a failed run: what went wrong.
    public var failureReason: String?
    public var provenance: Provenance

    public init(
        model: String, displayName: String? = nil, family: String, isSVariant: Bool,
        baseline: String? = nil, design: RecordedDesign? = nil, dataset: String, seed: Int, configuration: TrainingConfiguration,
        metrics: FinalMetrics?, history: [EpochRecord]? = nil, parameters: Int? = nil,
        macsPerImage: Int? = nil, wallTimeSeconds: Double, status: RunStatus,
        divergedAtEpoch: Int? = nil, failureReason: String? = nil, provenance: Provenance
    ) {
        self.schemaVersion = RunRecord.currentSchemaVersion
        self.model = model
        self.displayName = displayName
        self.family = family
        self.isSVariant = isSVariant
        self.baseline = baseline
        self.design = design
        self.dataset = dataset
        self.seed = seed
        self.configuration = configuration
        self.metrics = metrics
        self.history = history
        self.parameters = parameters
        self.macsPerImage = macsPerImage
        self.wallTimeSeconds = wallTimeSeconds
        self.status = status
        self.divergedAtEpoch = divergedAtEpoch
        self.failureReason = failureReason
        self.provenance = provenance
    }

    /// Whether this model is compared against `baseline`: an "s" twin, or a FAMILY+DESIGN model.
    public var isComparedWithBaseline: Bool {
        guard let baseline, !baseline.isEmpty, baseline != model else { return false }
        return isSVariant || design != nil
    }

    /// A file name unique per (model, dataset, seed) that sorts by model: `resnet18s__cifar10__seed617.json`.
    public var fileName: String { "\(model)__\(dataset)__seed\(seed).json" }
}
