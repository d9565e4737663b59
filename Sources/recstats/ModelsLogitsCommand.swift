// `recstats models logits ID --weights F --input X.safetensors`: one forward pass on a given batch, in
// eval or train mode, so another implementation (bench/pytorch/roundtrip.py) can be compared with it.
import ArgumentParser
import Experiments
import ModelZoo
import NeuralCore
import SafeTensors
import TableFormat

/// PyTorch's names for the two modes (`model.train()`, `model.eval()`).
enum ForwardMode: String, ExpressibleByArgument {
    case train, eval
    var tapeMode: Mode { self == .train ? .training : .evaluation }
}

struct ModelsLogitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logits",
        abstract: "Print (or write) a model's logits for a batch stored as safetensors (tensor `input`, N×3×H×W, F32).")

    @Argument(help: "A model id, e.g. resnet18s, or FAMILY+DESIGN, e.g. resnet18+heavy-ball.")
    var id: String

    @Option(help: "The weights (safetensors, PyTorch layout).")
    var weights: String

    @Option(help: "A safetensors file with one F32 tensor `input` of shape [N, 3, H, W].")
    var input: String

    @Option(help: "train (BN normalises by the batch's statistics) or eval (by the running statistics).")
    var mode: ForwardMode = .eval

    @Option(help: "Write the logits as safetensors (tensor `logits`, [N, classes]) instead of printing CSV.")
    var out: String?

    @OptionGroup var options: ModelOptionGroup
    @OptionGroup var designs: DesignOptionGroup

    func run() throws {
        let plan = try designs.plan(id.lowercased(), model: options)
        let network = try TrainedModel.fromWeights(weights, plan: plan).network
        let file = try SafeTensorsFile.read(from: input)
        guard let x = file.tensor(named: "input"), case .f32(let values) = x.values, x.shape.count == 4, x.shape.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("\(input): expected an F32 tensor `input` of shape [N, 3, H, W]")
        }
        let expected = network.plan.input
        guard x.shape[1] == expected.channels, x.shape[2] == expected.height, x.shape[3] == expected.width else {
            throw ValidationError("\(input): `input` has shape \(x.shape), \(plan.modelName) takes [N, \(expected.channels), \(expected.height), \(expected.width)]")
        }
        let shape = Shape(n: x.shape[0], c: x.shape[1], h: x.shape[2], w: x.shape[3])
        let tape = Tape(mode: mode.tapeMode)
        let logits = network.forward(Tensor(nchw: values, shape: shape), tape)
        let rows = logits.nchw()  // N×K
        let n = shape.n, k = logits.shape.c
        if let out {
            try SafeTensorsFile(tensors: [SafeTensor(name: "logits", shape: [n, k], f32: rows)]).write(to: out)
            print("\(out): logits of \(n) images × \(k) classes (\(mode.rawValue) mode)")
        } else {
            let table = TableSpec(
                title: "", slug: "logits", columns: ["image"] + (0..<k).map { "logit_\($0)" },
                rows: (0..<n).map { j in [TableCell("\(j)")] + (0..<k).map { TableCell("\(rows[j * k + $0])") } })
            print(TableWriter.render(table, as: .csv), terminator: "")
        }
    }
}
