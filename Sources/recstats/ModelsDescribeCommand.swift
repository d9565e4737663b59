// `recstats models describe ID`: a model's layers with output shapes and parameter counts (from the spec).
import ArgumentParser
import ModelZoo

struct ModelsDescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Print a model's layers with output shapes, parameters and MACs (no forward pass).")

    @Argument(help: "A model id, e.g. resnet18s or res2next29-8c25w-s (`recstats models` lists them), or FAMILY+DESIGN (resnet18+heavy-ball).")
    var id: String

    @OptionGroup var model: ModelOptionGroup

    @OptionGroup var designs: DesignOptionGroup

    func run() throws {
        let plan = try designs.plan(id, model: model)
        print(ModelListing.renderLayers(of: plan), terminator: "")
    }
}
