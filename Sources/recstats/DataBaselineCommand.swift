// `recstats data baseline DATASET`: accuracy of the pixel-space nearest-class-mean classifier.
import ArgumentParser
import Experiments
import Foundation

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
    @Option(help: "Directory holding CIFAR.")
    var dir = "data"

    func validate() throws {
        guard DatasetID(rawValue: dataset) != nil else {
            throw ValidationError("unknown dataset '\(dataset)', expected one of \(DatasetID.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard train >= 1 && test >= 1 else { throw ValidationError("--train and --test must be positive") }
    }

    func run() throws {
        let id = DatasetID(rawValue: dataset)!
        let start = Date()
        let (trainSet, testSet) = try DataCommand.reportingErrors {
            try id.load(dataDirectory: dir, seed: seed, trainCount: train, testCount: test)
        }
        let loaded = Date()
        let model = NearestClassMean(training: trainSet)
        let testAccuracy = model.accuracy(on: testSet)
        print(String(format: "%@: nearest class mean on raw pixels, %d train / %d test images, seed %llu", dataset, trainSet.count, testSet.count, seed))
        print(String(format: "  test accuracy %.2f%% (chance %.2f%%)", testAccuracy, 100 / Double(id.classes)))
        print(String(format: "  load/generate %.2f s, fit and evaluate %.2f s", loaded.timeIntervalSince(start), Date().timeIntervalSince(loaded)))
    }
}
