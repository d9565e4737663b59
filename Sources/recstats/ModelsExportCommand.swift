// `recstats models export ID --out F.safetensors`: a model's weights as a PyTorch state dict in the
// safetensors format, from a completed run (--record), a checkpoint, or freshly initialised (--seed).
import ArgumentParser
import Experiments
import ModelZoo
import NeuralCore
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

    @Argument(help: "A model id, e.g. resnet18s, or FAMILY+DESIGN, e.g. resnet18+heavy-ball (`recstats models` lists them).")
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
    @OptionGroup var designs: DesignOptionGroup

    func run() throws {
        let name = id.lowercased()
        let sources = [record != nil, checkpoint != nil, seed != nil].filter { $0 }.count
        guard sources == 1 else { throw ValidationError("give exactly one of --record, --checkpoint and --seed (got \(sources))") }
        let trained: TrainedModel
        if let record {
            trained = try TrainedModel.fromRecord(record).model
        } else if let checkpoint {
            trained = try TrainedModel.fromCheckpoint(checkpoint).model
        } else {
            guard let seed, seed >= 0, seed <= Int(UInt32.max) else { throw ValidationError("--seed: expected an integer in 0…\(UInt32.max)") }
            trained = TrainedModel(network: ZooNetwork(plan: try designs.plan(name, model: model), store: ParameterStore(seed: UInt64(seed))))
        }
        // The id names one network (resnet18+resnet is resnet18), under the run's own s-form.
        let built = trained.network.plan.modelName
        var asked = name
        if built != name {
            do {
                asked = try designs.catalog().model(name, form: trained.network.plan.options.sForm).name
            } catch let error as ZooError {
                throw ValidationError("\(record ?? checkpoint ?? ""): holds \(built), not \(name) (\(error.description))")
            }
        }
        guard built == asked else {
            throw ValidationError("\(record ?? checkpoint ?? ""): holds \(built), not \(asked)")
        }
        let file = trained.network.pytorchStateDict(batchesTracked: trained.steps, recstatsVersion: RecstatsVersion.string)
        try file.write(to: out)
        let store = trained.network.store
        print("\(out): \(built), \(file.tensors.count) tensors (\(store.count) parameters, \(store.bufferCount) BN statistics), "
            + "names of \(trained.network.plan.spec.pytorchNaming.source)")
    }
}
