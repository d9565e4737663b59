// A measurement, not the trainer: trains one zoo model for a few epochs on a dataset with the paper's
// pipeline (pad-4 crop, flip, normalisation; SGD momentum 0.9, weight decay 5e-4, cosine learning rate)
// and reports test accuracy per epoch, to show how far a small CNN gets beyond the pixel-space
// nearest-class-mean baseline (`recstats data baseline --cnn-epochs N`).
import Foundation
import ModelZoo
import NeuralCore

public enum LearnabilityProbe {
    public struct EpochResult: Sendable {
        public let epoch: Int
        public let trainLoss: Double
        public let testAccuracy: Double
        public let seconds: Double
    }

    /// Trains `model` at `width` for `epochs` on `train`, evaluating on `test` after each epoch.
    public static func run(
        model: ModelID, width: Double, train: ImageDataset, test: ImageDataset, epochs: Int, batchSize: Int = 128,
        learningRate: Double = 0.1, seed: UInt64, progress: (EpochResult) -> Void = { _ in }
    ) throws -> [EpochResult] {
        let net = try ZooNetwork(model, options: ZooOptions(width: width, classes: train.classes), seed: seed)
        let sgd = SGD(net.store, momentum: 0.9, weightDecay: 5e-4)
        let schedule = LearningRateSchedule(base: learningRate, kind: .cosine(totalEpochs: epochs, minimum: 0))
        let normalization = Normalization(statisticsOf: train)
        let loader = BatchLoader.training(train, batchSize: batchSize, normalization: normalization, seed: seed, dropLast: true)
        let evaluation = BatchLoader.evaluation(test, batchSize: 250, normalization: normalization)
        let shape = { (n: Int) in Shape(n: n, c: train.channels, h: train.height, w: train.width) }
        var results: [EpochResult] = []
        for epoch in 0..<epochs {
            let start = Date()
            let tape = Tape(mode: .training)
            let lr = Float(schedule.learningRate(epoch: epoch))
            var lossSum = 0.0
            for batch in loader.batches(epoch: epoch) {
                let images = Tensor(nchw: batch.images, shape: shape(batch.count))
                let step = TrainingStep.run({ net.forward(images, $0) }, labels: batch.labels, tape: tape, optimizer: sgd, learningRate: lr)
                lossSum += Double(step.loss)
                tape.reset()
            }
            let eval = Tape(mode: .evaluation)
            var correct = 0
            for batch in evaluation.batches(epoch: 0) {
                correct += Accuracy.correct(net.forward(Tensor(nchw: batch.images, shape: shape(batch.count)), eval), labels: batch.labels, k: 1)
                eval.reset()
            }
            let result = EpochResult(
                epoch: epoch + 1, trainLoss: lossSum / Double(max(1, loader.batchCount)),
                testAccuracy: 100 * Double(correct) / Double(max(1, test.count)), seconds: Date().timeIntervalSince(start))
            results.append(result)
            progress(result)
        }
        return results
    }
}
