// `recstats models export ID --out F.safetensors`: a model's weights as a PyTorch state dict in the
// safetensors format, from a completed run (--record), a checkpoint, or freshly initialised (--seed).
import ArgumentParser
import Experiments
import ModelZoo
import SafeTensors

struct ModelsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a model's parameters and BN statistics as safetensors, named as its family's public PyTorch code names them.",
        discussion: """
            Exactly one source: --record (a completed run's record; its final weights are weights/<run>.safetensors \
            beside it), --checkpoint (an unfinished run's checkpoint), or --seed (fresh, with the model options below). \
            With --record or --checkpoint the run's own width, classes and "s" form are used. \
            Load the file in PyTorch with safetensors.torch.load_file and load_state_dict(strict=True) \
            (bench/pytorch/roundtrip.py has matching module trees for all 24 models).
            """)

    @Argument(help: "A model id, e.g. resnet18s (`recstats models` lists them).")
    var id: String

    @Option(help: "The safetensors file to write (atomically).")
    var out: String

    @Option(help: "A completed run's record (JSON) whose final weights to export.")
    var record: String?

    @Option(help: "A checkpoint (.ckpt) whose weights to export.")
    var checkpoint: String?

    @Option(help: "Initialise the model from this seed (as a run with this seed starts).")
    var seed: Int?

    @OptionGroup var model: ModelOptionGroup

    func run() throws {
        guard let modelID = ModelID(rawValue: id.lowercased()) else { throw ValidationError(ZooError.unknownModel(id).description) }
        let sources = [record != nil, checkpoint != nil, seed != nil].filter { $0 }.count
        guard sources == 1 else { throw ValidationError("give exactly one of --record, --checkpoint and --seed (got \(sources))") }
        let trained: TrainedModel
        if let record {
            trained = try TrainedModel.fromRecord(record).model
        } else if let checkpoint {
            trained = try TrainedModel.fromCheckpoint(checkpoint).model
        } else {
            guard let seed, seed >= 0, seed <= Int(UInt32.max) else { throw ValidationError("--seed: expected an integer in 0…\(UInt32.max)") }
            trained = TrainedModel(network: try ZooNetwork(modelID, options: try model.zooOptions(), seed: UInt64(seed)))
        }
        let built = trained.network.plan.id
        guard built == modelID else {
            throw ValidationError("\(record ?? checkpoint ?? ""): holds \(built.rawValue), not \(modelID.rawValue)")
        }
        let file = trained.network.pytorchStateDict(batchesTracked: trained.steps, recstatsVersion: RecstatsVersion.string)
        try file.write(to: out)
        let store = trained.network.store
        print("\(out): \(modelID.rawValue), \(file.tensors.count) tensors (\(store.count) parameters, \(store.bufferCount) BN statistics), "
            + "names of \(trained.network.plan.spec.pytorchNaming.source)")
    }
}
