// `recstats models import F.safetensors --model ID`: checks a PyTorch state dict (safetensors) against a
// zoo model, naming the first mismatch; optionally writes it again with recstats' metadata.
import ArgumentParser
import Experiments
import ModelZoo
import SafeTensors

struct ModelsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Check a safetensors state dict against a model (names, shapes, dtypes, finite values) and load it.",
        discussion: """
            Every tensor the model has must be there with its PyTorch name and shape, as F32 (num_batches_tracked may \
            be PyTorch's int64), and nothing else. A file that fits can be evaluated with `recstats evaluate ID \
            --weights F`; --out writes it again in recstats' layout with metadata (model, width, classes, "s" form).
            """)

    @Argument(help: "The safetensors file to import.")
    var file: String

    @Option(help: "The model id the file holds, e.g. resnet18s.")
    var model: String

    @OptionGroup var options: ModelOptionGroup
    @OptionGroup var designs: DesignOptionGroup

    @Option(help: "Write the checked weights to this safetensors file with recstats' metadata.")
    var out: String?

    func run() throws {
        let plan = try designs.plan(model.lowercased(), model: options)
        let trained = try TrainedModel.fromWeights(file, plan: plan)
        let network = trained.network
        let tensors = network.plan.pytorchTensors.count
        print("\(file): fits \(plan.modelName) (width \(network.plan.options.width), \(network.plan.options.classes) classes): "
            + "\(tensors) tensors, \(network.store.count) parameters and \(network.store.bufferCount) BN statistics loaded")
        if let out {
            try network.pytorchStateDict(batchesTracked: trained.steps, recstatsVersion: RecstatsVersion.string).write(to: out)
            print("\(out): written with recstats' metadata")
        }
    }
}
