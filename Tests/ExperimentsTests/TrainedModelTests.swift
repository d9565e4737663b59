// Weights from a checkpoint and from a safetensors file, and WeightsEvaluation for every model: its
// top-1 and top-5 against a hand count of its own per-image predictions.
import Foundation
import Testing
@testable import Experiments
import ModelZoo
import RunRecords
import SafeTensors

@Suite struct TrainedModelTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("recstats-trained-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func checkpointGivesItsWeightsAndSteps() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var c = TrainingPreset.smoke.configuration(for: DatasetDescriptor.named("synthetic10")!)
        c.trainSize = 70
        c.batchSize = 16  // 70 images: 4 full batches and one of 6, so 5 steps per epoch
        let network = try ZooNetwork(.res2next29_6c24w_s, options: Trainer.zooOptions(c), seed: 9)
        for i in 0..<network.store.bufferCount { network.store.bufferValues[i] = Float(i % 7) + 0.5 }
        let checkpoint = Checkpoint(
            model: "res2next29-6c24w-s", dataset: "synthetic10", seed: 9, configuration: c, epochsDone: 3, history: [],
            secondsSoFar: 1, startedAt: Date(timeIntervalSince1970: 0),
            tensors: [.init(name: "parameters", values: network.store.snapshot()), .init(name: "buffers", values: network.store.bufferSnapshot())])
        let path = dir.appendingPathComponent("run.ckpt").path
        try checkpoint.write(to: path)
        let (trained, _) = try TrainedModel.fromCheckpoint(path)
        #expect(trained.network.store.snapshot() == network.store.snapshot())
        #expect(trained.network.store.bufferSnapshot() == network.store.bufferSnapshot())
        #expect(trained.steps == 15)
        #expect(trained.dataset == "synthetic10")
    }

    @Test func recordWithoutWeightsSaysSo() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(TrainedModel.weightsPath(forRecord: "/r/runs/resnet18__cifar10__seed1.json") == "/r/runs/weights/resnet18__cifar10__seed1.safetensors")
        let missing = dir.appendingPathComponent("absent.json").path
        #expect(throws: ExperimentsError.self) { try TrainedModel.fromRecord(missing) }
    }

    @Test(arguments: ModelID.allCases)
    func evaluatesEveryModelAsAHandCountOfItsPredictions(_ id: ModelID) throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = ZooOptions(width: 1.0 / 16, classes: 10)
        let path = dir.appendingPathComponent("w.safetensors").path
        try ZooNetwork(id, options: options, seed: 4).pytorchStateDict(recstatsVersion: "test").write(to: path)
        let trained = try TrainedModel.fromWeights(path, model: id, options: options)
        let c = WeightsEvaluation.dataConfiguration(classes: 10, trainSize: 30, testSize: 7, syntheticDifficulty: .easy)
        let (summary, predictions) = try WeightsEvaluation.evaluate(
            trained.network, dataset: "synthetic10", dataDirectory: dir.path, configuration: c, batchSize: 3, keepPredictions: true)
        #expect(summary.images == 7 && predictions.map(\.index) == Array(0..<7))
        // Top-1: predicted == label; top-5: fewer than 5 logits beat the label's (ties against smaller indices).
        let top1 = predictions.filter { $0.predicted == $0.label }.count
        let top5 = predictions.filter { p in
            let v = p.logits[p.label]
            return p.logits.indices.filter { p.logits[$0] > v || (p.logits[$0] == v && $0 < p.label) }.count < 5
        }.count
        #expect(summary.top1 == 100 * Double(top1) / 7)
        #expect(summary.top5 == 100 * Double(top5) / 7)
        #expect(summary.loss.isFinite && summary.loss > 0)
    }
}
