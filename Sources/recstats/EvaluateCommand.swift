// `recstats evaluate`: a model's top-1, top-5 and loss on a dataset's test split, from a safetensors file
// (--weights, e.g. trained in PyTorch) or a completed run (--record); optionally every image's logits.
import ArgumentParser
import Experiments
import Foundation
import ModelZoo
import RunRecords
import TableFormat

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate weights on a test split (eval mode, the training split's normalisation): top-1, top-5, loss.",
        discussion: """
            recstats evaluate resnet18 --weights r18.safetensors --dataset cifar10 --classes 10
            recstats evaluate --record results/resnet18__cifar10__seed1.json --predictions p.csv
            With --record the run's model, dataset, width, classes and data options are used (and its final \
            weights, unless --weights is given). Images are normalised by the training split's per-channel mean \
            and standard deviation, as recstats trains.
            """)

    @Argument(help: "A model id, e.g. resnet18s, or FAMILY+DESIGN, e.g. resnet18+heavy-ball (optional with --record).")
    var id: String?

    @Option(help: "Weights as safetensors in the PyTorch layout (`recstats models export` writes them).")
    var weights: String?

    @Option(help: "A completed run's record: evaluate its final weights on its dataset with its options.")
    var record: String?

    @Option(help: "Dataset: synthetic10, synthetic100, cifar10 or cifar100 (default with --record: the run's).")
    var dataset: String?

    @Option(name: .customLong("dir"), help: "Directory holding the CIFAR files.")
    var dataDirectory: String = "data"

    @Option(name: .customLong("test-size"), help: "Evaluate on the first N test images only.")
    var testSize: Int?

    @Option(name: .customLong("train-size"), help: "Training images whose statistics normalise (default: all; synthetic: 50,000).")
    var trainSize: Int?

    @Option(help: "Synthetic data's difficulty (as the run was trained with).")
    var difficulty: SyntheticDifficulty = .easy

    @Option(name: .customLong("batch-size"), help: "Images per forward pass.")
    var batchSize: Int = 100

    @Option(help: "Write one CSV row per test image: index, label, predicted class, logits.")
    var predictions: String?

    @Option(help: "Output format: text, csv, markdown, latex or json.")
    var format: String = "text"

    @OptionGroup var model: ModelOptionGroup
    @OptionGroup var designs: DesignOptionGroup

    func run() throws {
        let output = format.lowercased()
        guard output == "json" || TableOutput(rawValue: output) != nil else {
            throw ValidationError("--format \(format): expected text, csv, markdown, latex or json")
        }
        guard batchSize >= 1 else { throw ValidationError("--batch-size: expected at least 1, got \(batchSize)") }
        if let testSize, testSize < 1 { throw ValidationError("--test-size: expected at least 1, got \(testSize)") }
        if let trainSize, trainSize < 1 { throw ValidationError("--train-size: expected at least 1, got \(trainSize)") }
        let requested = id?.lowercased()

        let network: ZooNetwork
        let datasetName: String
        var configuration: TrainingConfiguration
        if let record {
            let (trained, run) = try TrainedModel.fromRecord(record)
            guard requested == nil || requested == trained.network.plan.modelName else {
                throw ValidationError("\(record) is a run of \(run.model), not \(requested!)")
            }
            network = try weights.map { try TrainedModel.fromWeights($0, plan: trained.network.plan).network }
                ?? trained.network
            datasetName = dataset ?? run.dataset
            configuration = run.configuration
        } else {
            guard let requested else { throw ValidationError("give a model id (or --record)") }
            guard let weights else { throw ValidationError("give --weights FILE.safetensors (or --record)") }
            guard let dataset else { throw ValidationError("give --dataset (synthetic10, synthetic100, cifar10 or cifar100)") }
            let options = try model.zooOptions()
            network = try TrainedModel.fromWeights(weights, plan: try designs.plan(requested, model: model)).network
            datasetName = dataset
            configuration = WeightsEvaluation.dataConfiguration(
                classes: options.classes, trainSize: trainSize, imageSize: options.imageSize == 32 ? nil : options.imageSize,
                syntheticDifficulty: difficulty)
        }
        guard DatasetDescriptor.named(datasetName) != nil else {
            throw ValidationError("--dataset: unknown dataset `\(datasetName)`; known: \(DatasetDescriptor.known.map(\.name).joined(separator: ", "))")
        }
        if let testSize { configuration.testSize = testSize }
        if let trainSize { configuration.trainSize = trainSize }

        let (summary, rows) = try WeightsEvaluation.evaluate(
            network, dataset: datasetName, dataDirectory: dataDirectory, configuration: configuration, batchSize: batchSize,
            keepPredictions: predictions != nil)
        if let predictions {
            try AtomicFile.write(Data(TableWriter.csv(ImagePrediction.table(rows)).utf8), to: predictions)
        }
        if output == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(TableWriter.render(summary.table, as: TableOutput(rawValue: output)!), terminator: "")
        }
    }
}
