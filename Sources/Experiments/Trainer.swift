// One training run: the zoo model for the run's id at the configuration's width and classes, initialised
// from the seed, trained with SGD over the epochs (augmented, shuffled batches from (seed, epoch)),
// evaluated on the test split after every epoch (top-1, top-5, loss), checkpointed after every epoch,
// and returned as a run record with the zoo's exact parameter and multiply-accumulate counts.
// The final metrics are those of the last epoch (the paper reports the end of training).
import Foundation
import ModelZoo
import NeuralCore
import RunRecords
import SafeTensors

/// The train and test splits a run uses, loaded or generated once per process and shared by its runs.
public final class DatasetCache {
    public let dataDirectory: String
    /// Keyed by the whole configuration, so no field the data depends on (sizes, image size, difficulty)
    /// can be left out of the key.
    private struct Key: Hashable { let dataset: String, configuration: TrainingConfiguration }
    private var cache: [Key: (train: ImageDataset, test: ImageDataset, normalization: Normalization)] = [:]

    /// Synthetic data is generated from this fixed seed: every training seed sees the same images, as
    /// every seed of the paper saw the same CIFAR (the seed varies initialisation and order only).
    public static let syntheticDataSeed: UInt64 = 0

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    public func splits(_ dataset: String, configuration c: TrainingConfiguration) throws
        -> (train: ImageDataset, test: ImageDataset, normalization: Normalization)
    {
        let key = Key(dataset: dataset, configuration: c)
        if let hit = cache[key] { return hit }
        guard let id = DatasetID(rawValue: dataset) else {
            throw ExperimentsError.datasetUnavailable(name: dataset, reason: "not a known dataset")
        }
        var (train, test): (ImageDataset, ImageDataset)
        do {
            (train, test) = try id.load(
                dataDirectory: dataDirectory, seed: Self.syntheticDataSeed,
                difficulty: c.syntheticDifficulty ?? .easy,
                trainCount: c.trainSize, testCount: c.testSize)
        } catch let error as ExperimentsError {
            throw ExperimentsError.datasetUnavailable(name: dataset, reason: error.description)
        }
        if let side = c.imageSize, side != train.height {
            guard train.height == train.width, side < train.height, train.height % side == 0 else {
                throw ExperimentsError.datasetUnavailable(
                    name: dataset, reason: "its \(train.height)×\(train.width) images cannot be box-filtered to \(side)×\(side)")
            }
            (train, test) = (train.downsampled(to: side), test.downsampled(to: side))
        }
        guard train.count >= c.batchSize, test.count >= 1 else {
            throw ExperimentsError.datasetUnavailable(
                name: dataset, reason: "\(train.count) training images are fewer than one batch of \(c.batchSize)")
        }
        let entry = (train, test, Normalization(statisticsOf: train))
        cache[key] = entry
        return entry
    }
}

public enum Trainer {
    /// Sets the threads of this process's training core exactly as `recstats bench train` does
    /// (`Parallel.configure`: per-thread single-threaded GEMMs and OpenBLAS's fastest kernels), so a run
    /// trains at the speed the benchmark measures.
    public static func useThreads(_ count: Int) {
        Parallel.configure(threads: count)
    }

    /// The zoo options a configuration asks for.
    public static func zooOptions(_ c: TrainingConfiguration) -> ZooOptions {
        ZooOptions(
            width: c.widthMultiplier, classes: c.classes, sForm: c.sForm == .formula ? .formula : .published,
            imageSize: c.imageSize, residualGamma: c.residualGamma ?? 1)
    }

    static func schedule(_ c: TrainingConfiguration) -> LearningRateSchedule {
        if c.schedule == .multistep {
            return LearningRateSchedule(
                base: c.learningRate, kind: .multiStep(milestones: c.milestones ?? [], gamma: c.gamma ?? 0.1),
                warmupEpochs: c.warmupEpochs)
        }
        return .cosine(base: c.learningRate, epochs: c.epochs, warmupEpochs: c.warmupEpochs)
    }

    /// An executor for RunAll that trains on data from `cache`.
    public static func executor(cache: DatasetCache) -> RunExecutor {
        { context in
            let data = try cache.splits(context.run.dataset, configuration: context.configuration)
            return try train(context, train: data.train, test: data.test, normalization: data.normalization)
        }
    }

    /// Trains (or resumes) one run and returns its record. A loss that stops being finite ends the run
    /// as diverged in that epoch. Checkpoints go to `context.checkpointPath` after every epoch but the last.
    public static func train(
        _ context: RunContext, train: ImageDataset, test: ImageDataset, normalization: Normalization
    ) throws -> RunRecord {
        let c = context.configuration
        let run = context.run
        let sessionStart = Date()
        let network = try ZooNetwork(plan: run.model.plan(options: zooOptions(c)), store: ParameterStore(seed: UInt64(run.seed)))
        let store = network.store
        let sgd = SGD(store, momentum: Float(c.momentum), weightDecay: Float(c.weightDecay), nesterov: c.nesterov)
        let schedule = schedule(c)

        var history: [EpochRecord] = []
        var firstEpoch = 1
        var secondsBefore = 0.0
        var startedAt = sessionStart
        if let checkpoint = try loadCheckpoint(context) {
            guard let values = checkpoint.tensor("parameters"), values.count == store.count,
                let buffers = checkpoint.tensor("buffers"), buffers.count == store.bufferCount,
                let velocity = checkpoint.tensor("momentum"), velocity.count == sgd.velocityState.count
            else {
                throw ExperimentsError.checkpointMismatch(
                    path: context.checkpointPath, reason: "its tensors do not fit \(run.model.name) at this width")
            }
            store.restore(values: values, buffers: buffers)
            sgd.restoreState(velocity: velocity, started: checkpoint.epochsDone > 0)
            history = checkpoint.history
            firstEpoch = checkpoint.epochsDone + 1
            secondsBefore = checkpoint.secondsSoFar
            startedAt = checkpoint.startedAt
        }
        context.emit(.runStarted(
            run: run.name, startEpoch: firstEpoch, epochs: c.epochs,
            batchesPerEpoch: batchCount(train.count, batchSize: c.batchSize)))

        let augmentation = c.augmentation ? Augmentation(padding: c.cropPadding ?? 4, horizontalFlip: true) : nil
        let loader = BatchLoader(
            dataset: train, batchSize: c.batchSize, normalization: normalization, augmentation: augmentation,
            shuffle: true, dropLast: train.count % c.batchSize == 1, seed: UInt64(run.seed))
        let testLoader = BatchLoader.evaluation(test, batchSize: max(c.batchSize, 100), normalization: normalization)
        let trainingTape = Tape(mode: .training)
        let evaluationTape = Tape(mode: .evaluation)
        var divergedAt: Int?

        for epoch in firstEpoch...max(firstEpoch, c.epochs) where epoch <= c.epochs {
            let epochStart = Date()
            let learningRate = schedule.learningRate(epoch: epoch - 1)
            var lossSum = 0.0
            var seen = 0
            var correct = 0
            let order = loader.order(epoch: epoch - 1)
            var lastEmit = Date.distantPast
            for number in 0..<loader.batchCount {
                let batch = loader.batch(number, epoch: epoch - 1, order: order)
                let x = input(batch, tape: trainingTape, like: train)
                let step = TrainingStep.run(
                    { network.forward(x, $0) }, labels: batch.labels, tape: trainingTape, optimizer: sgd, learningRate: Float(learningRate))
                let value = Double(step.loss)
                guard step.isFinite else {
                    trainingTape.reset()
                    divergedAt = epoch
                    break
                }
                correct += Accuracy.correct(step.logits, labels: batch.labels, k: 1)
                trainingTape.reset()
                lossSum += value * Double(batch.count)
                seen += batch.count
                let now = Date()
                if now.timeIntervalSince(lastEmit) >= 0.2 || number == loader.batchCount - 1 {
                    lastEmit = now
                    context.emit(.batch(
                        run: run.name, epoch: epoch, batch: number + 1, batches: loader.batchCount, loss: lossSum / Double(seen),
                        imagesPerSecond: Double(seen) / max(now.timeIntervalSince(epochStart), 1e-9)))
                }
            }
            if divergedAt != nil { break }
            let evaluation = evaluate(network, testLoader, tape: evaluationTape, like: test)
            guard evaluation.loss.isFinite else {
                divergedAt = epoch
                break
            }
            let seconds = Date().timeIntervalSince(epochStart)
            let record = EpochRecord(
                epoch: epoch, learningRate: learningRate, trainLoss: lossSum / Double(seen),
                trainTop1: 100 * Double(correct) / Double(seen), testLoss: evaluation.loss, testTop1: evaluation.top1,
                testTop5: evaluation.top5, seconds: seconds)
            history.append(record)
            context.emit(.epochFinished(
                run: run.name, epoch: epoch, epochs: c.epochs, trainLoss: record.trainLoss, trainTop1: record.trainTop1,
                testLoss: record.testLoss, testTop1: record.testTop1, testTop5: record.testTop5,
                learningRate: learningRate, seconds: seconds))
            if epoch < c.epochs {
                let checkpoint = Checkpoint(
                    model: run.model.name, dataset: run.dataset, seed: run.seed, configuration: c, epochsDone: epoch,
                    history: history, secondsSoFar: secondsBefore + Date().timeIntervalSince(sessionStart), startedAt: startedAt,
                    tensors: [
                        .init(name: "parameters", values: store.snapshot()),
                        .init(name: "buffers", values: store.bufferSnapshot()),
                        .init(name: "momentum", values: sgd.velocityState),
                    ], design: run.model.recordedDesign(c))
                try checkpoint.write(to: context.checkpointPath)
            }
        }

        let status: RunStatus = divergedAt == nil ? .completed : .diverged
        if status == .completed, let path = context.weightsPath {
            // Written before the record, so a record never exists without its weights.
            let steps = loader.batchCount * history.count
            do {
                try network.pytorchStateDict(batchesTracked: steps, recstatsVersion: context.provenance.recstatsVersion).write(to: path)
            } catch let error as SafeTensorsError {
                throw ExperimentsError.writeFailed(path: path, reason: error.description)
            }
        }
        let end = Date()
        let last = history.last
        return run.model.record(
            run, configuration: c,
            metrics: status == .completed ? last.map { FinalMetrics(top1: $0.testTop1, top5: $0.testTop5, testLoss: $0.testLoss) } : nil,
            history: history, parameters: network.plan.parameters, macsPerImage: network.plan.macsPerImage,
            wallTimeSeconds: secondsBefore + end.timeIntervalSince(sessionStart), status: status, divergedAtEpoch: divergedAt,
            provenance: context.provenance.provenance(startedAt: startedAt, endedAt: end))
    }

    /// The run's checkpoint if there is one. A damaged file is reported (a warning naming it) and removed,
    /// and the run restarts from scratch: training is deterministic, so nothing but time is lost. A
    /// checkpoint of another run or configuration is an error: the user changed the options.
    static func loadCheckpoint(_ context: RunContext) throws -> Checkpoint? {
        let path = context.checkpointPath
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint.read(from: path)
        } catch ExperimentsError.checkpointUnreadable(let path, let reason) {
            context.emit(.warning(
                run: context.run.name, message: "\(path): corrupt or unreadable checkpoint (\(reason)); restarting this run from scratch"))
            try? FileManager.default.removeItem(atPath: path)
            return nil
        }
        let run = context.run
        guard checkpoint.model == run.model.name, checkpoint.dataset == run.dataset, checkpoint.seed == run.seed else {
            throw ExperimentsError.checkpointMismatch(
                path: path, reason: "it holds \(checkpoint.model) on \(checkpoint.dataset) with seed \(checkpoint.seed)")
        }
        if let difference = RunStore.difference(checkpoint.configuration, context.configuration) {
            throw ExperimentsError.checkpointMismatch(path: path, reason: difference)
        }
        guard checkpoint.epochsDone >= 1, checkpoint.epochsDone < context.configuration.epochs,
            checkpoint.history.count == checkpoint.epochsDone
        else {
            throw ExperimentsError.checkpointMismatch(
                path: path, reason: "it claims \(checkpoint.epochsDone) epochs done with \(checkpoint.history.count) in its history")
        }
        return checkpoint
    }

    static func batchCount(_ count: Int, batchSize: Int) -> Int {
        count % batchSize == 1 ? count / batchSize : (count + batchSize - 1) / batchSize
    }

    /// The batch's NCHW floats in a tensor of the training tape's pool.
    static func input(_ batch: Batch, tape: Tape, like dataset: ImageDataset) -> Tensor {
        let x = tape.tensor(Shape(n: batch.count, c: dataset.channels, h: dataset.height, w: dataset.width))
        let size = dataset.imageSize
        batch.images.withUnsafeBufferPointer { images in
            for n in 0..<batch.count { x.copySample(n, fromCHW: images.baseAddress!, offset: n * size) }
        }
        return x
    }

    /// Test loss (mean over images) and top-1/top-5 accuracy in percent.
    static func evaluate(_ network: ZooNetwork, _ loader: BatchLoader, tape: Tape, like dataset: ImageDataset)
        -> (loss: Double, top1: Double, top5: Double)
    {
        var lossSum = 0.0
        var top1 = 0
        var top5 = 0
        var count = 0
        for batch in loader.batches(epoch: 0) {
            let x = input(batch, tape: tape, like: dataset)
            let logits = network.forward(x, tape)
            let loss = tape.softmaxCrossEntropy(logits, labels: batch.labels)
            lossSum += Double(loss.data[0]) * Double(batch.count)
            top1 += Accuracy.correct(logits, labels: batch.labels, k: 1)
            top5 += Accuracy.correct(logits, labels: batch.labels, k: min(5, dataset.classes))
            count += batch.count
            tape.reset()
        }
        return (lossSum / Double(count), 100 * Double(top1) / Double(count), 100 * Double(top5) / Double(count))
    }

    /// Seconds per training image and per test image of `model` under `c`: the fastest of three steps (and
    /// of two evaluation passes) after a warm-up, on a batch of at most `batchLimit` random images (for
    /// --dry-run's estimate).
    public static func calibrate(_ model: ZooModel, configuration c: TrainingConfiguration, batchLimit: Int = 32) throws
        -> (train: Double, test: Double)
    {
        let network = try ZooNetwork(plan: model.plan(options: zooOptions(c)), store: ParameterStore(seed: 1))
        let sgd = SGD(network.store, momentum: Float(c.momentum), weightDecay: Float(c.weightDecay), nesterov: c.nesterov)
        let n = max(2, min(batchLimit, c.batchSize))
        let side = c.imageSize ?? 32
        let shape = Shape(n: n, c: 3, h: side, w: side)
        var generator = RandomGenerator(seed: 7)
        let x = Tensor(nchw: (0..<shape.count).map { _ in generator.normal() }, shape: shape)
        let labels = (0..<n).map { Int32($0 % c.classes) }
        /// The fastest of `timed` runs of `body` after an untimed warm-up one (the first allocates the tape's pools).
        func fastest(of timed: Int, _ body: () -> Void) -> Double {
            body()
            return (0..<timed).map { _ in
                let start = Date()
                body()
                return Date().timeIntervalSince(start)
            }.min()!
        }
        let tape = Tape(mode: .training)
        let trainSeconds = fastest(of: 3) {
            TrainingStep.run({ network.forward(x, $0) }, labels: labels, tape: tape, optimizer: sgd, learningRate: 0.01)
            tape.reset()
        }
        let evaluation = Tape(mode: .evaluation)
        let testSeconds = fastest(of: 2) {
            _ = network.forward(x, evaluation)
            evaluation.reset()
        }
        return (trainSeconds / Double(n), testSeconds / Double(n))
    }
}
