// `recstats data baseline DATASET`: accuracy of the pixel-space nearest-class-mean classifier.
import ArgumentParser
import Experiments
import Foundation
import RunRecords
import NeuralCore

struct DataBaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline", abstract: "Accuracy of a pixel-space nearest-class-mean classifier (a linear baseline).")

    @Argument(help: "synthetic10, synthetic100, cifar10 or cifar100.")
    var dataset: String
    @Option(help: "Training images (synthetic: generated; CIFAR: the first ones).")
    var train = DatasetID.defaultTrainCount
    @Option(help: "Test images.")
    var test = DatasetID.defaultTestCount
    @Option(help: "Seed of the synthetic datasets.")
    var seed: UInt64 = 0
    @Option(help: SyntheticDifficulty.optionHelp)
    var difficulty: SyntheticDifficulty = .easy
    @Option(help: "Directory holding CIFAR.")
    var dir = "data"
    @Option(help: "Also train ResNet18 at --cnn-width for this many epochs and report its test accuracy (0: skip).")
    var cnnEpochs = 0
    @Option(help: "Width multiplier of the ResNet18 trained with --cnn-epochs.")
    var cnnWidth = 0.125
    @Option(help: "Mini-batch size of the ResNet18 trained with --cnn-epochs.")
    var cnnBatch = 128
    @Option(help: "Threads for the ResNet18 training (BLAS and the core's loops).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard DatasetID(rawValue: dataset) != nil else {
            throw ValidationError("unknown dataset '\(dataset)', expected one of \(DatasetID.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard train >= 1 && test >= 1 else { throw ValidationError("--train and --test must be positive") }
        guard cnnEpochs >= 0, cnnWidth > 0, threads >= 1, cnnBatch >= 1 else { throw ValidationError("--cnn-epochs ≥ 0, --cnn-width > 0 and --threads ≥ 1 expected") }
    }

    func run() throws {
        let id = DatasetID(rawValue: dataset)!
        let start = Date()
        let (trainSet, testSet) = try DataCommand.reportingErrors {
            try id.load(dataDirectory: dir, seed: seed, difficulty: difficulty, trainCount: train, testCount: test)
        }
        let loaded = Date()
        let model = NearestClassMean(training: trainSet)
        let testAccuracy = model.accuracy(on: testSet)
        print(String(format: "%@%@: nearest class mean on raw pixels, %d train / %d test images, seed %llu",
                     dataset, id.synthetic != nil ? " (\(difficulty.rawValue))" : "", trainSet.count, testSet.count, seed))
        print(String(format: "  test accuracy %.2f%% (chance %.2f%%)", testAccuracy, 100 / Double(id.classes)))
        print(String(format: "  load/generate %.2f s, fit and evaluate %.2f s", loaded.timeIntervalSince(start), Date().timeIntervalSince(loaded)))
        guard cnnEpochs > 0 else { return }
        Parallel.configure(threads: threads)
        print(String(format: "ResNet18 at width %.4g, %d epochs, batch %d, SGD lr 0.1 cosine, pad-4 crop + flip:", cnnWidth, cnnEpochs, cnnBatch))
        _ = try LearnabilityProbe.run(model: .resnet18, width: cnnWidth, train: trainSet, test: testSet, epochs: cnnEpochs, batchSize: cnnBatch, seed: seed) { r in
            print(String(format: "  epoch %d: train loss %.3f, test accuracy %.2f%% (%.0f s)", r.epoch, r.trainLoss, r.testAccuracy, r.seconds))
            fflush(stdout)
        }
    }
}
