// `recstats models describe ID`: a model's layers with output shapes and parameter counts (from the spec).
import ArgumentParser
import ModelZoo

struct ModelsDescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Print a model's layers with output shapes, parameters and MACs (no forward pass).")

    @Argument(help: "A model id, e.g. resnet18s or res2next29-8c25w-s (`recstats models` lists them).")
    var id: String

    @OptionGroup var model: ModelOptionGroup

    func run() throws {
        guard let modelID = ModelID(rawValue: id) else { throw ValidationError(ZooError.unknownModel(id).description) }
        let plan = try NetworkPlan(modelID, options: try model.zooOptions())
        print(ModelListing.renderLayers(of: plan), terminator: "")
    }
}
