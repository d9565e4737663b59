// The model options shared by `recstats models`, `models describe` (and the benches): width, classes,
// "s" form, ResNeXt stem, CIFAR/ImageNet stem. Wiring only: ModelZoo validates.
import ArgumentParser
import ModelZoo

extension SForm: ExpressibleByArgument {}
extension StemStyle: ExpressibleByArgument {}
extension ListingFormat: ExpressibleByArgument {}

struct ModelOptionGroup: ParsableArguments {
    @Option(help: "Width multiplier m, a decimal or a fraction (0.25, 1/8); every base width is round(base·m), at least 1.")
    var width: String = "1"

    @Option(help: "Number of classes of the linear head.")
    var classes: Int = 100

    @Option(name: .customLong("s-form"), help: "What an \"s\" block passes on: published (the paper's code: the pre-ReLU sum) or formula (Eq. 18–20: the branch).")
    var sForm: SForm = .published

    @Flag(name: .customLong("resnext-stem-3x3"), help: "ResNeXt: Table 9's 3×3 stem instead of the public definition's 1×1.")
    var resnextStem3x3 = false

    @Option(help: "Stem and input: cifar (32×32) or imagenet (224×224: 7×7 stride-2 conv and max-pool).")
    var stem: StemStyle = .cifar

    @Option(name: .customLong("image-size"), help: "Input height = width (default 32 for cifar, 224 for imagenet).")
    var imageSize: Int?

    func zooOptions() throws -> ZooOptions {
        guard let m = ZooOptions.parseWidth(width) else {
            throw ValidationError("--width \(width): expected a number such as 0.25 or a fraction such as 1/8")
        }
        let options = ZooOptions(
            width: m, classes: classes, sForm: sForm, resnextStem3x3: resnextStem3x3, stem: stem, imageSize: imageSize)
        do {
            try options.validate()
        } catch let error as ZooError {
            throw ValidationError(error.description)
        }
        return options
    }
}

/// `--design NAME='…'` and `--designs-file`: the user's designs, for the commands that take FAMILY+DESIGN
/// ids (`models`, `models describe`/`export`/`import`/`logits`, `evaluate`, `run`, `run-all`). Wiring only:
/// ModelZoo's DesignCatalog checks them.
struct DesignOptionGroup: ParsableArguments {
    @Option(name: .customLong("design"), help: "A design of your own, NAME='X[i] = …' (repeatable); models then include FAMILY+NAME.")
    var designs: [String] = []

    @Option(name: .customLong("designs-file"), help: "A file of designs, one `name = formula` per line (# comments).")
    var designsFile: String?

    /// The user's designs, each checked (name, formula, buildable) before anything runs.
    func catalog() throws -> DesignCatalog {
        var catalog = DesignCatalog()
        do {
            for d in designs {
                guard let eq = d.firstIndex(of: "="), !d[..<eq].contains("[") else {
                    throw ValidationError("--design \(d): expected NAME='X[i] = …'")
                }
                try catalog.add(name: String(d[..<eq]), formula: String(d[d.index(after: eq)...]), origin: "--design")
            }
            if let designsFile { try catalog.addFile(designsFile) }
        } catch let error as ZooError {
            throw ValidationError(error.description)
        }
        return catalog
    }

    /// A published id or FAMILY+DESIGN, with its plan.
    func plan(_ text: String, model: ModelOptionGroup) throws -> NetworkPlan {
        let options = try model.zooOptions()
        do {
            let (id, design) = try catalog().resolve(text, form: options.sForm)
            return try NetworkPlan(id, options: options, design: design)
        } catch let error as ZooError {
            throw ValidationError(error.description)
        }
    }
}
