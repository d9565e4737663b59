// The PyTorch names of five models against lists written here from the public code's module structure
// (kuangliu/pytorch-cifar resnet.py/resnext.py, weiaicunzai/pytorch-cifar100 senet.py,
// 4uiiurz1/pytorch-res2net res2net.py, the paper's A.5 `shortcut2`), and export → import bit-identical
// for all 24 models. The safetensors writer sorts tensors by name, so the lists are compared sorted.
import Foundation
import Testing
@testable import ModelZoo
import NeuralCore
import SafeTensors

@Suite struct PyTorchLayoutTests {
    // MARK: The public module trees, transcribed

    /// nn.BatchNorm2d's state dict entries.
    static func bn(_ m: String) -> [String] {
        ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"].map { "\(m).\($0)" }
    }

    /// kuangliu ResNet: conv1, bn1, layer1…4 (`_make_layer`: a projection `shortcut` = Sequential(conv, BN)
    /// where stride ≠ 1 or in_planes ≠ expansion·planes), linear. `convs` = 2 (BasicBlock) or 3 (Bottleneck).
    /// `projections[i]` lists the blocks of stage i with a shortcut; `s` adds shortcut2 beside each.
    static func kuangliu(depths: [Int], convs: Int, projections: [[Int]], s: Bool) -> [String] {
        var names = ["conv1.weight"] + bn("bn1")
        for (i, depth) in depths.enumerated() {
            for j in 0..<depth {
                let block = "layer\(i + 1).\(j)"
                for k in 1...convs { names += ["\(block).conv\(k).weight"] + bn("\(block).bn\(k)") }
                if projections[i].contains(j) {
                    names += ["\(block).shortcut.0.weight"] + bn("\(block).shortcut.1")
                    if s { names += ["\(block).shortcut2.0.weight"] + bn("\(block).shortcut2.1") }
                }
            }
        }
        return names + ["linear.weight", "linear.bias"]
    }

    @Test func resnet18Names() throws {
        // BasicBlock, [2,2,2,2]: in_planes 64 = planes 64 in layer1, so only layerN.0 for N ≥ 2 projects.
        let expected = Self.kuangliu(depths: [2, 2, 2, 2], convs: 2, projections: [[], [0], [0], [0]], s: false)
        #expect(expected.contains("layer2.0.shortcut.1.running_var") && expected.count == 1 + 5 + 8 * 12 + 3 * 6 + 2)
        try Self.check(.resnet18, expected)
    }

    @Test func resnet18sNames() throws {
        let expected = Self.kuangliu(depths: [2, 2, 2, 2], convs: 2, projections: [[], [0], [0], [0]], s: true)
        try Self.check(.resnet18s, expected)
    }

    @Test func resnext29Names() throws {
        // kuangliu ResNeXt29_2x64d: Block = conv1, bn1, conv2 (grouped), bn2, conv3, bn3, shortcut; stem
        // conv1 (1×1) 3→64, so layer1.0 projects too (64 ≠ 2·128).
        let expected = Self.kuangliu(depths: [3, 3, 3], convs: 3, projections: [[0], [0], [0]], s: false)
        try Self.check(.resnext29_2x64d, expected)
    }

    @Test func seresnet34Names() throws {
        // weiaicunzai SEResNet(BasicResidualSEBlock, [3,4,6,3]): pre = Sequential(Conv2d(bias), BN, ReLU);
        // residual = Sequential(Conv2d(bias) 0, BN 1, ReLU 2, Conv2d(bias) 3, BN 4, ReLU 5); shortcut =
        // Sequential(Conv2d(bias) 0, BN 1) when stride ≠ 1 or in ≠ out; excitation = Sequential(Linear 0,
        // ReLU 1, Linear 2, Sigmoid 3); linear.
        var expected = ["pre.0.weight", "pre.0.bias"] + Self.bn("pre.1")
        for (i, depth) in [3, 4, 6, 3].enumerated() {
            for j in 0..<depth {
                let b = "stage\(i + 1).\(j)"
                expected += ["\(b).residual.0.weight", "\(b).residual.0.bias"] + Self.bn("\(b).residual.1")
                expected += ["\(b).residual.3.weight", "\(b).residual.3.bias"] + Self.bn("\(b).residual.4")
                if i > 0 && j == 0 { expected += ["\(b).shortcut.0.weight", "\(b).shortcut.0.bias"] + Self.bn("\(b).shortcut.1") }
                expected += ["\(b).excitation.0.weight", "\(b).excitation.0.bias", "\(b).excitation.2.weight", "\(b).excitation.2.bias"]
            }
        }
        expected += ["linear.weight", "linear.bias"]
        try Self.check(.seresnet34, expected)
    }

    @Test func res2next29Names() throws {
        // 4uiiurz1 CifarRes2Net([3,3,3], groups=6, width=24, scales=4): conv1, bn1, layer1…3 of
        // Res2NetBottleneck (conv1, bn1, conv2 = ModuleList of 3, bn2 = ModuleList of 3, conv3, bn3,
        // downsample = Sequential(conv1x1, BN) on each layer's first block: 96 ≠ 4·96 in layer1), fc.
        var expected = ["conv1.weight"] + Self.bn("bn1")
        for i in 1...3 {
            for j in 0..<3 {
                let b = "layer\(i).\(j)"
                expected += ["\(b).conv1.weight"] + Self.bn("\(b).bn1")
                expected += (0..<3).map { "\(b).conv2.\($0).weight" } + (0..<3).flatMap { Self.bn("\(b).bn2.\($0)") }
                expected += ["\(b).conv3.weight"] + Self.bn("\(b).bn3")
                if j == 0 { expected += ["\(b).downsample.0.weight"] + Self.bn("\(b).downsample.1") }
            }
        }
        expected += ["fc.weight", "fc.bias"]
        try Self.check(.res2next29_6c24w, expected)
    }

    static func check(_ id: ModelID, _ expected: [String]) throws {
        let names = try NetworkPlan(id, options: ZooOptions(width: 1.0 / 8, classes: 10)).pytorchTensors.map(\.name)
        #expect(Set(names).count == names.count, "duplicate names")
        #expect(names.sorted() == expected.sorted())
    }

    /// Shapes PyTorch gives at m = 1, 100 classes (from the constructors' arguments).
    @Test func shapesAtWidthOne() throws {
        let shapes = { (id: ModelID) in
            Dictionary(uniqueKeysWithValues: try NetworkPlan(id).pytorchTensors.map { ($0.name, $0.shape) })
        }
        let seresnet18 = try shapes(.seresnet18)
        // kuangliu SE: fc1 = Conv2d(64, 64//16, kernel_size=1) → [4, 64, 1, 1].
        #expect(seresnet18["layer1.0.fc1.weight"] == [4, 64, 1, 1])
        #expect(seresnet18["layer1.0.fc2.weight"] == [64, 4, 1, 1])
        #expect(seresnet18["layer1.0.bn1.num_batches_tracked"] == [])
        let res2next = try shapes(.res2next29_6c24w_s)
        // P0 = 96, M = 6·96 = 576, chunk 144, groups 6 → conv2.k: [144, 24, 3, 3]; shortcut2 = 1×1 96→384, no BN.
        #expect(res2next["layer1.0.conv2.0.weight"] == [144, 24, 3, 3])
        #expect(res2next["layer1.0.shortcut2.0.weight"] == [384, 96, 1, 1])
        #expect(res2next["layer1.0.shortcut2.1.weight"] == nil)
        #expect(res2next["fc.weight"] == [100, 1536])
        let seresnet50 = try shapes(.seresnet50s)
        #expect(seresnet50["stage1.0.shortcut2.0.bias"] == [256])
        #expect(seresnet50["stage1.0.excitation.0.weight"] == [16, 256])
        #expect(seresnet50["stage1.0.residual.7.running_mean"] == [256])
    }

    // MARK: Round trip

    /// A network whose running statistics are not their defaults, so the round trip checks them too.
    static func network(_ id: ModelID, seed: UInt64) throws -> ZooNetwork {
        let network = try ZooNetwork(id, options: ZooOptions(width: 1.0 / 16, classes: 7), seed: seed)
        var generator = RandomGenerator(seed: seed + 100)
        let store = network.store
        for i in 0..<store.bufferCount { store.bufferValues[i] = generator.uniform(0.5, 1.5) }
        return network
    }

    @Test(arguments: ModelID.allCases)
    func exportImportIsBitIdentical(_ id: ModelID) throws {
        let source = try Self.network(id, seed: 1)
        let bytes = try source.pytorchStateDict(batchesTracked: 12, recstatsVersion: "test").encoded()
        let file = try SafeTensorsFile.decode(bytes, path: "rt.safetensors")
        #expect(file.metadata["model"] == id.rawValue)
        let target = try Self.network(id, seed: 2)
        #expect(target.store.snapshot() != source.store.snapshot())
        try target.loadPyTorchStateDict(file, path: "rt.safetensors")
        #expect(target.store.snapshot().map(\.bitPattern) == source.store.snapshot().map(\.bitPattern))
        #expect(target.store.bufferSnapshot().map(\.bitPattern) == source.store.bufferSnapshot().map(\.bitPattern))
        // Every parameter and statistic is in the file exactly once.
        let mapped = file.tensors.filter { !$0.name.hasSuffix("num_batches_tracked") }.reduce(0) { $0 + $1.elementCount }
        #expect(mapped == source.store.count + source.store.bufferCount)
    }

    // MARK: Mismatches

    static func importError(_ file: SafeTensorsFile, into network: ZooNetwork) -> String {
        do {
            try network.loadPyTorchStateDict(file, path: "w.safetensors")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func namesTheFirstMismatchAndLeavesTheNetworkAlone() throws {
        let source = try Self.network(.resnet18, seed: 1)
        var file = source.pytorchStateDict(recstatsVersion: "test")
        file.metadata = [:]
        let target = try Self.network(.resnet18, seed: 2)
        let before = target.store.snapshot()

        var missing = file
        missing.tensors.removeAll { $0.name == "layer3.0.shortcut.1.running_mean" }
        missing.tensors.removeAll { $0.name == "linear.bias" }
        let m = Self.importError(missing, into: target)
        #expect(m.contains("w.safetensors") && m.contains("tensor `layer3.0.shortcut.1.running_mean`: missing"))

        var extra = file
        extra.tensors.append(SafeTensor(name: "layer4.0.shortcut2.0.weight", shape: [1], f32: [0]))
        #expect(Self.importError(extra, into: target).contains("tensor `layer4.0.shortcut2.0.weight`: not a tensor of resnet18"))

        let wider = try ZooNetwork(.resnet18, options: ZooOptions(width: 1.0 / 8, classes: 7), seed: 3)
        let shape = Self.importError(wider.pytorchStateDict(recstatsVersion: "test"), into: target)
        #expect(shape.contains("tensor `conv1.weight`: shape [8, 3, 3, 3]") && shape.contains("needs [4, 3, 3, 3]"))

        var other = file
        other.metadata = ["model": "resnet34"]
        #expect(Self.importError(other, into: target).contains("holds resnet34"))

        // PyTorch's own int64 counters are accepted; an int64 weight is not.
        var counters = file
        for k in counters.tensors.indices where counters.tensors[k].name.hasSuffix("num_batches_tracked") {
            counters.tensors[k].values = .i64([391])
        }
        var intWeight = counters
        let k = intWeight.tensors.firstIndex { $0.name == "linear.bias" }!
        intWeight.tensors[k].values = .i64([Int64](repeating: 0, count: intWeight.tensors[k].elementCount))
        #expect(Self.importError(intWeight, into: target).contains("tensor `linear.bias`: dtype I64, expected F32"))

        #expect(target.store.snapshot() == before)
        try target.loadPyTorchStateDict(counters, path: "w.safetensors")
        #expect(target.store.snapshot() == source.store.snapshot())
    }

    @Test func sFormInTheMetadataMustMatch() throws {
        let source = try ZooNetwork(.resnet18s, options: ZooOptions(width: 1.0 / 16, classes: 7, sForm: .formula), seed: 1)
        let target = try ZooNetwork(.resnet18s, options: ZooOptions(width: 1.0 / 16, classes: 7), seed: 1)
        let text = Self.importError(source.pytorchStateDict(recstatsVersion: "test"), into: target)
        #expect(text.contains("--s-form formula"))
    }
}
