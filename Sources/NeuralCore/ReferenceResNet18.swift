// A plain CIFAR ResNet18 built from NeuralCore's layers, for `recstats bench train` before the model zoo
// can build networks (the zoo helper replaces its use in the bench with zoo ids and may delete this file).
// Stem conv3×3(3→64w), BN, ReLU; basic blocks [2, 2, 2, 2] with planes 64w…512w, strides 1, 2, 2, 2;
// global average pool (4×4); Linear(512w → classes). Same layout as ZOO-SPEC's ResNet18.

public final class ReferenceResNet18 {
    final class BasicBlock {
        let conv1: Conv2D, bn1: BatchNorm2D, conv2: Conv2D, bn2: BatchNorm2D
        let projection: (Conv2D, BatchNorm2D)?

        init(_ store: ParameterStore, _ name: String, inputChannels cin: Int, planes p: Int, stride s: Int) {
            conv1 = Conv2D(store, name: "\(name).conv1", inputChannels: cin, outputChannels: p, kernelSize: 3, stride: s)
            bn1 = BatchNorm2D(store, name: "\(name).bn1", channels: p)
            conv2 = Conv2D(store, name: "\(name).conv2", inputChannels: p, outputChannels: p, kernelSize: 3)
            bn2 = BatchNorm2D(store, name: "\(name).bn2", channels: p)
            projection = (s != 1 || cin != p)
                ? (Conv2D(store, name: "\(name).shortcut.0", inputChannels: cin, outputChannels: p, kernelSize: 1, stride: s),
                   BatchNorm2D(store, name: "\(name).shortcut.1", channels: p))
                : nil
        }

        func forward(_ x: Tensor, _ t: Tape) -> Tensor {
            let branch = bn2(conv2(bn1.forward(conv1(x, t), t, relu: true), t), t)
            let shortcut = projection.map { $0.1($0.0(x, t), t) } ?? x
            return t.relu(t.add(branch, shortcut))
        }
    }

    public let store: ParameterStore
    let stem: Conv2D, stemBN: BatchNorm2D
    let blocks: [BasicBlock]
    let head: Linear

    public init(width: Double = 1, classes: Int = 100, seed: UInt64) {
        precondition(width > 0, "ReferenceResNet18: width must be positive, got \(width)")
        store = ParameterStore(seed: seed)
        let base = Int((64 * width).rounded())
        stem = Conv2D(store, name: "conv1", inputChannels: 3, outputChannels: base, kernelSize: 3)
        stemBN = BatchNorm2D(store, name: "bn1", channels: base)
        var list: [BasicBlock] = []
        var cin = base
        for (stage, (multiple, stride)) in [(1, 1), (2, 2), (4, 2), (8, 2)].enumerated() {
            for b in 0..<2 {
                let p = base * multiple
                list.append(BasicBlock(store, "layer\(stage + 1).\(b)", inputChannels: cin, planes: p, stride: b == 0 ? stride : 1))
                cin = p
            }
        }
        blocks = list
        head = Linear(store, name: "linear", inputFeatures: cin, outputFeatures: classes)
    }

    /// x: N×3×32×32 → logits N×classes×1×1.
    public func forward(_ x: Tensor, _ t: Tape) -> Tensor {
        var h = stemBN.forward(stem(x, t), t, relu: true)
        for block in blocks { h = block.forward(h, t) }
        return head(t.globalAveragePool(h), t)
    }
}
