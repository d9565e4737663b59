// A trained (or freshly initialised) zoo model and where its weights come from: a completed run's record
// (its final weights sit in `weights/<run>.safetensors` beside it), a checkpoint, or a safetensors file.
import Foundation
import ModelZoo
import NeuralCore
import RunRecords
import SafeTensors

public struct TrainedModel {
    public let network: ZooNetwork
    /// Training steps behind the weights (every BN's num_batches_tracked on export); 0 when unknown or fresh.
    public let steps: Int
    /// The run's dataset and configuration when the weights come from a record or a checkpoint.
    public let dataset: String?
    public let configuration: TrainingConfiguration?

    public init(network: ZooNetwork, steps: Int = 0, dataset: String? = nil, configuration: TrainingConfiguration? = nil) {
        self.network = network
        self.steps = steps
        self.dataset = dataset
        self.configuration = configuration
    }

    /// `dir/weights/NAME.safetensors` for the record `dir/NAME.json`.
    public static func weightsPath(forRecord recordPath: String) -> String {
        let url = URL(fileURLWithPath: recordPath)
        return url.deletingLastPathComponent().appendingPathComponent("weights")
            .appendingPathComponent(url.deletingPathExtension().lastPathComponent + ".safetensors").path
    }

    /// The final weights of the completed run `recordPath` describes, built with the run's options.
    public static func fromRecord(_ recordPath: String) throws -> (model: TrainedModel, record: RunRecord) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: recordPath))
        } catch {
            throw ExperimentsError.unreadable(path: recordPath, reason: (error as NSError).localizedDescription)
        }
        let record = try RunRecord.decode(data, path: recordPath)
        let model = try ZooModel.stored(model: record.model, design: record.design, configuration: record.configuration, path: recordPath)
        guard record.status == .completed else {
            throw ExperimentsError.noTrainedWeights(path: recordPath, reason: "the run is \(record.status.rawValue), not completed")
        }
        let weights = weightsPath(forRecord: recordPath)
        guard FileManager.default.fileExists(atPath: weights) else {
            throw ExperimentsError.noTrainedWeights(
                path: recordPath, reason: "\(weights) does not exist. HINT: runs keep their final weights since recstats "
                    + "saves them; delete the record and run it again to get them")
        }
        let network = try ZooNetwork(plan: model.plan(options: Trainer.zooOptions(record.configuration)), store: ParameterStore(seed: UInt64(record.seed)))
        try network.loadPyTorchStateDict(try SafeTensorsFile.read(from: weights), path: weights)
        let steps = stepsPerEpoch(record.configuration) * (record.history?.count ?? record.configuration.epochs)
        return (TrainedModel(network: network, steps: steps, dataset: record.dataset, configuration: record.configuration), record)
    }

    /// The weights of an unfinished run's checkpoint (after its last whole epoch).
    public static func fromCheckpoint(_ path: String) throws -> (model: TrainedModel, checkpoint: Checkpoint) {
        let checkpoint = try Checkpoint.read(from: path)
        let model = try ZooModel.stored(model: checkpoint.model, design: checkpoint.design, configuration: checkpoint.configuration, path: path)
        let network = try ZooNetwork(plan: model.plan(options: Trainer.zooOptions(checkpoint.configuration)), store: ParameterStore(seed: UInt64(checkpoint.seed)))
        let store = network.store
        guard let values = checkpoint.tensor("parameters"), values.count == store.count,
            let buffers = checkpoint.tensor("buffers"), buffers.count == store.bufferCount
        else {
            throw ExperimentsError.checkpointMismatch(path: path, reason: "its tensors do not fit \(model.name) at its own options")
        }
        store.restore(values: values, buffers: buffers)
        let steps = stepsPerEpoch(checkpoint.configuration) * checkpoint.epochsDone
        return (TrainedModel(network: network, steps: steps, dataset: checkpoint.dataset, configuration: checkpoint.configuration), checkpoint)
    }

    /// `id` at `options` with the weights of a safetensors file in the PyTorch layout (checked strictly).
    public static func fromWeights(_ path: String, model id: ModelID, options: ZooOptions) throws -> TrainedModel {
        try fromWeights(path, plan: NetworkPlan(id, options: options))
    }

    /// A planned network (any design) with the weights of a safetensors file in the PyTorch layout.
    public static func fromWeights(_ path: String, plan: NetworkPlan) throws -> TrainedModel {
        let file = try SafeTensorsFile.read(from: path)
        let network = ZooNetwork(plan: plan, store: ParameterStore(seed: 0))
        try network.loadPyTorchStateDict(file, path: path)
        let counters = file.tensors.filter { $0.name.hasSuffix(".num_batches_tracked") }.compactMap(\.floats.first)
        return TrainedModel(network: network, steps: Int(counters.max() ?? 0))
    }

    /// The trainer's batches per epoch under `c` (its loader drops a last batch of one image).
    static func stepsPerEpoch(_ c: TrainingConfiguration) -> Int {
        Trainer.batchCount(c.trainSize ?? DatasetID.defaultTrainCount, batchSize: c.batchSize)
    }
}
