// The options `run` and `run-all` share: the preset and every override of it, where results and data
// live, threads. Wiring only: Experiments resolves and validates the configuration.
import ArgumentParser
import Experiments
import Foundation
import ModelZoo
import RunRecords

extension TrainingPreset: ExpressibleByArgument {}

// Numeric options parse `.unconditional`ly: `--epochs -3` must reach the option's own range check, not
// ArgumentParser's "Missing value" (it would take -3 for an option name).
struct TrainingOptionGroup: ParsableArguments {
    @Option(help: "Training preset: smoke (seconds, tests), quick (the default: all 24 × 3 seeds × 2 synthetic sets in about 15 min on 2 cores), standard (overnight on many cores), paper (the paper's setting).")
    var preset: TrainingPreset = .quick

    @Option(parsing: .unconditional, help: "Override the preset's width multiplier (0.25 or 1/8).")
    var width: String?
    @Option(parsing: .unconditional, help: "Override the number of epochs.")
    var epochs: Int?
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Override the batch size.")
    var batchSize: Int?
    @Option(name: .customLong("lr"), parsing: .unconditional, help: "Override the base learning rate.")
    var learningRate: Double?
    @Option(parsing: .unconditional, help: "Override the SGD momentum.")
    var momentum: Double?
    @Option(name: .customLong("weight-decay"), parsing: .unconditional, help: "Override the weight decay.")
    var weightDecay: Double?
    @Flag(inversion: .prefixedNo, help: "Override Nesterov momentum.")
    var nesterov: Bool?
    @Option(help: "Override the schedule: cosine (per epoch) or multistep.")
    var schedule: String?
    @Option(parsing: .unconditional, help: "Override MultiStepLR's milestones (epochs, comma-separated).")
    var milestones: String?
    @Option(parsing: .unconditional, help: "Override MultiStepLR's factor.")
    var gamma: Double?
    @Option(name: .customLong("warmup-epochs"), parsing: .unconditional, help: "Override the linear warm-up epochs.")
    var warmupEpochs: Int?
    @Flag(inversion: .prefixedNo, help: "Override the augmentation (random crop from the padded image, horizontal flip).")
    var augmentation: Bool?
    @Option(name: .customLong("crop-padding"), parsing: .unconditional, help: "Override the crop padding.")
    var cropPadding: Int?
    @Option(name: .customLong("train-size"), parsing: .unconditional, help: "Override the number of training images.")
    var trainSize: Int?
    @Option(name: .customLong("test-size"), parsing: .unconditional, help: "Override the number of test images.")
    var testSize: Int?
    @Option(name: .customLong("image-size"), parsing: .unconditional, help: "Override the side of the images the networks see: 32 (the datasets' own), 16 or 8 (box-filtered down).")
    var imageSize: Int?
    @Option(name: .customLong("synthetic-difficulty"), help: "Override the synthetic datasets' nuisances: easy (smoke, quick) or hard (standard, paper).")
    var syntheticDifficulty: String?
    @Option(name: .customLong("s-form"), help: "What an \"s\" block passes on: published (the paper's code) or formula (Eq. 18–20).")
    var sForm: String?
    @Option(name: .customLong("residual-gamma"), parsing: .unconditional, help: "Override the initial γ of each residual branch's last batch norm: 1 is PyTorch's (the paper's), quick uses 0.25.")
    var residualGamma: Double?

    @Option(name: .customLong("results-dir"), help: "Where run records go (one JSON file per run; checkpoints and locks in its .state/).")
    var resultsDirectory = "results/runs"
    @Option(name: .customLong("data-dir"), help: "Where `recstats data fetch` put CIFAR.")
    var dataDirectory = "data"
    @Option(parsing: .unconditional, help: "BLAS and element-wise threads per run (default: the cores divided by the jobs).")
    var threads: Int?

    func overrides() throws -> ConfigurationOverrides {
        var o = ConfigurationOverrides()
        if let width {
            guard let m = ZooOptions.parseWidth(width) else {
                throw ValidationError("--width \(width): expected a number such as 0.25 or a fraction such as 1/8")
            }
            o.widthMultiplier = m
        }
        o.epochs = epochs
        o.batchSize = batchSize
        o.learningRate = learningRate
        o.momentum = momentum
        o.weightDecay = weightDecay
        o.nesterov = nesterov
        o.schedule = schedule
        if let milestones {
            let values = milestones.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
                throw ValidationError("--milestones \(milestones): expected comma-separated epochs such as 30,60")
            }
            o.milestones = values.map { $0! }
        }
        o.gamma = gamma
        o.warmupEpochs = warmupEpochs
        o.augmentation = augmentation
        o.cropPadding = cropPadding
        o.trainSize = trainSize
        o.testSize = testSize
        o.sForm = sForm
        o.imageSize = imageSize
        o.syntheticDifficulty = syntheticDifficulty
        o.residualGamma = residualGamma
        return o
    }

    /// The preset and overrides, as a results directory's manifest records them.
    func runOptions() throws -> RunOptions {
        RunOptions(preset: preset, overrides: try overrides())
    }

    /// Checks (with `write`, under the directory lock: records) that the results directory trains
    /// `datasets` with these options, before anything is trained. A --results-dir that is a file → exit 64.
    func claimResultsDirectory(datasets: [String], designs: [RecordedDesign] = [], write: Bool) throws {
        let descriptors = try datasets.map { name -> DatasetDescriptor in
            guard let d = DatasetDescriptor.named(name) else { throw ValidationError("--datasets: unknown dataset `\(name)`") }
            return d
        }
        do {
            try RunStore(resultsDirectory: resultsDirectory).claim(try runOptions(), datasets: descriptors, designs: designs, write: write)
        } catch let error as ExperimentsError {
            if case .notADirectory = error { throw ValidationError(error.description) }
            throw error
        }
    }

    /// Threads per run: --threads, else the cores divided by the jobs (at least 1).
    func threadsPerRun(jobs: Int) throws -> Int {
        if let threads {
            guard threads >= 1 else { throw ValidationError("--threads: must be at least 1, got \(threads)") }
            return threads
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount / max(jobs, 1))
    }

    /// The resolved configuration of every dataset (bad values → exit 64 naming the option).
    func configurations(datasets: [String], threads: Int) throws -> [String: TrainingConfiguration] {
        let overrides = try overrides()
        var result: [String: TrainingConfiguration] = [:]
        for name in datasets {
            guard let descriptor = DatasetDescriptor.named(name) else {
                throw ValidationError("--datasets: unknown dataset `\(name)`")
            }
            do {
                result[name] = try overrides.apply(to: preset.configuration(for: descriptor), threads: threads)
            } catch let error as ExperimentsError {
                throw ValidationError(error.description)
            }
        }
        return result
    }
}

/// Version, commit and host for every record's provenance.
enum ProvenanceProbe {
    static func current() -> ProvenanceSource {
        ProvenanceSource(recstatsVersion: RecstatsVersion.string, gitCommit: gitCommit())
    }

    /// The commit of the checkout the binary was built in (it lives in <checkout>/.build/…), else of
    /// the working directory; nil without git.
    static func gitCommit() -> String? {
        let binaryDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
        for directory in [binaryDirectory, FileManager.default.currentDirectoryPath] {
            let git = Process()
            git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            git.arguments = ["git", "-C", directory, "rev-parse", "HEAD"]
            let output = Pipe()
            git.standardOutput = output
            git.standardError = FileHandle.nullDevice
            guard (try? git.run()) != nil else { continue }
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            git.waitUntilExit()
            let commit = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if git.terminationStatus == 0, commit.count == 40 { return commit }
        }
        return nil
    }
}
