// `recstats models`: every zoo model with its parameters and multiply-accumulates per image.
import ArgumentParser
import ModelZoo

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the 24 models with parameters and MACs per image (Table 8's FLOPs = MACs × 128).",
        subcommands: [ModelsDescribeCommand.self, ModelsExportCommand.self, ModelsImportCommand.self, ModelsLogitsCommand.self])

    @OptionGroup var model: ModelOptionGroup

    @OptionGroup var designs: DesignOptionGroup

    @Option(help: "Output format: text, json, csv, markdown or latex.")
    var format: ListingFormat = .text

    func run() throws {
        let options = try model.zooOptions()
        let rows = try ModelListing.rows(options: options, designs: try designs.catalog().userDesigns)
        print(ModelListing.render(rows, format: format, options: options), terminator: "")
    }
}
