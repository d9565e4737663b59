// Evaluating a model on a dataset's test split as training does after every epoch: eval mode (BN's
// running statistics), the paper's normalisation (the training split's per-channel mean and standard
// deviation, DatasetCache), dataset order; top-1, top-5 and mean cross-entropy, and optionally every
// image's prediction and logits.
import Foundation
import ModelZoo
import NeuralCore
import RunRecords
import TableFormat

/// One test image's outcome: `predicted` is the first class with the largest logit.
public struct ImagePrediction: Sendable, Equatable {
    public let index: Int
    public let label: Int
    public let predicted: Int
    public let logits: [Float]
}

/// Keys: model, dataset, images, top1 and top5 (percent), loss (mean cross-entropy, nats).
public struct EvaluationSummary: Codable, Sendable, Equatable {
    public let model: String
    public let dataset: String
    public let images: Int
    public let top1: Double
    public let top5: Double
    public let loss: Double
}

public enum WeightsEvaluation {
    /// The data part of a training configuration for evaluating on `dataset` without a run: every
    /// option that changes the images or their normalisation, nothing else that matters.
    public static func dataConfiguration(
        classes: Int, trainSize: Int? = nil, testSize: Int? = nil, imageSize: Int? = nil, syntheticDifficulty: SyntheticDifficulty? = nil
    ) -> TrainingConfiguration {
        TrainingConfiguration(
            preset: "evaluate", widthMultiplier: 1, classes: classes, epochs: 0, batchSize: 1, learningRate: 0, momentum: 0,
            weightDecay: 0, schedule: .cosine, augmentation: false, trainSize: trainSize, testSize: testSize,
            imageSize: imageSize, syntheticDifficulty: syntheticDifficulty)
    }

    /// Evaluates `network` on the test split of `dataset` loaded as a run with configuration `c` loads it.
    public static func evaluate(
        _ network: ZooNetwork, dataset: String, dataDirectory: String, configuration c: TrainingConfiguration,
        batchSize: Int = 100, keepPredictions: Bool = false
    ) throws -> (summary: EvaluationSummary, predictions: [ImagePrediction]) {
        let data = try DatasetCache(dataDirectory: dataDirectory).splits(dataset, configuration: c)
        let test = data.test
        guard test.classes == network.plan.options.classes else {
            throw ExperimentsError.invalidOption(
                option: "--dataset \(dataset)",
                reason: "it has \(test.classes) classes but the model's head has \(network.plan.options.classes)")
        }
        guard test.height == network.plan.input.height, test.width == network.plan.input.width else {
            throw ExperimentsError.invalidOption(
                option: "--dataset \(dataset)",
                reason: "its images are \(test.height)×\(test.width), the model takes \(network.plan.input.height)×\(network.plan.input.width)")
        }
        let loader = BatchLoader.evaluation(test, batchSize: batchSize, normalization: data.normalization)
        let tape = Tape(mode: .evaluation)
        var lossSum = 0.0, top1 = 0, top5 = 0, count = 0
        var predictions: [ImagePrediction] = []
        for batch in loader.batches(epoch: 0) {
            let x = Trainer.input(batch, tape: tape, like: test)
            let logits = network.forward(x, tape)
            let loss = tape.softmaxCrossEntropy(logits, labels: batch.labels)
            lossSum += Double(loss.data[0]) * Double(batch.count)
            top1 += Accuracy.correct(logits, labels: batch.labels, k: 1)
            top5 += Accuracy.correct(logits, labels: batch.labels, k: min(5, test.classes))
            if keepPredictions {
                // logits N×K×1×1 in channel-major storage: class k of image j at k·N + j.
                let n = batch.count, k = logits.shape.c
                for j in 0..<n {
                    let row = (0..<k).map { logits.data[$0 * n + j] }
                    var best = 0
                    for c in 1..<k where row[c] > row[best] { best = c }
                    predictions.append(ImagePrediction(index: count + j, label: Int(batch.labels[j]), predicted: best, logits: row))
                }
            }
            count += batch.count
            tape.reset()
        }
        let summary = EvaluationSummary(
            model: network.plan.id.rawValue, dataset: dataset, images: count, top1: 100 * Double(top1) / Double(count),
            top5: 100 * Double(top5) / Double(count), loss: lossSum / Double(count))
        return (summary, predictions)
    }
}

extension EvaluationSummary {
    /// One row: model, dataset, images, top-1 and top-5 in percent (two decimals), loss (four).
    public var table: TableSpec {
        TableSpec(
            title: "Test split, eval mode (running BN statistics), normalised by the training split's channel statistics",
            slug: "evaluation", columns: ["model", "dataset", "images", "top-1 %", "top-5 %", "loss"],
            rows: [[
                TableCell(model), TableCell(dataset), TableCell("\(images)"), TableCell(String(format: "%.2f", top1)),
                TableCell(String(format: "%.2f", top5)), TableCell(String(format: "%.4f", loss)),
            ]], keyColumns: 2)
    }
}

extension ImagePrediction {
    /// One row per image: index (dataset order), label, predicted class, then logit_0 … logit_{K−1}
    /// (each the shortest decimal that reads back as the same Float).
    public static func table(_ predictions: [ImagePrediction]) -> TableSpec {
        let classes = predictions.first?.logits.count ?? 0
        return TableSpec(
            title: "", slug: "predictions", columns: ["index", "label", "predicted"] + (0..<classes).map { "logit_\($0)" },
            rows: predictions.map { p in
                [TableCell("\(p.index)"), TableCell("\(p.label)"), TableCell("\(p.predicted)")] + p.logits.map { TableCell("\($0)") }
            })
    }
}
