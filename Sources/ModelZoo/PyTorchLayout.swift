// A zoo model's tensors as the public PyTorch code its family follows names them (ZOO-SPEC), so an
// exported file loads into that code's module tree with `load_state_dict(strict=True)`:
//   ResNet, ResNeXt29, SEResNet18   kuangliu/pytorch-cifar     conv1, bn1, layerI.J.{conv1,bn1,…,shortcut.K}, linear
//                                                              (SEResNet18's SE: fc1/fc2, 1×1 Conv2d, so [h, C, 1, 1])
//   SEResNet34/50/101               weiaicunzai/pytorch-cifar100  pre.K, stageI.J.{residual.K, shortcut.K,
//                                                              excitation.0/.2}, linear  (K = the Sequential index)
//   Res2NeXt29                      4uiiurz1/pytorch-res2net   conv1, bn1, layerI.J.{conv1, bn1, conv2.K, bn2.K,
//                                                              conv3, bn3, downsample.K}, fc
// The "s" block's second projection is `shortcut2.K`, built like the shortcut (the paper's A.5 code calls
// `self.shortcut2(x[0])`). Every BN also has running_mean, running_var and num_batches_tracked (a counter
// recstats does not keep: BN's momentum is fixed at 0.1, so the forward pass never reads it).

/// Which public module tree a family's names follow.
public enum PyTorchNaming: String, Sendable, Codable {
    case kuangliu, weiaicunzai, res2net

    /// The repository and file whose module structure the names follow.
    public var source: String {
        switch self {
        case .kuangliu: return "kuangliu/pytorch-cifar (models/resnet.py, resnext.py, senet.py)"
        case .weiaicunzai: return "weiaicunzai/pytorch-cifar100 (models/senet.py)"
        case .res2net: return "4uiiurz1/pytorch-res2net (res2net.py)"
        }
    }
}

/// One entry of a model's PyTorch state dict: its name and shape there, and where recstats keeps it.
public struct PyTorchTensor: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// A trainable parameter in ParameterStore (same values in the same row-major order).
        case parameter(String)
        /// A BN running statistic among ParameterStore's buffers.
        case buffer(String)
        /// BN's `num_batches_tracked`: a scalar counter recstats does not keep.
        case batchesTracked
    }

    public let name: String
    /// The shape PyTorch gives it ([] for a scalar).
    public let shape: [Int]
    public let source: Source

    public var count: Int { shape.reduce(1, *) }
}

extension ModelSpec {
    public var pytorchNaming: PyTorchNaming {
        switch (family, seStyle) {
        case (.res2next, _): return .res2net
        case (.seresnet, .afterBranchReLU): return .weiaicunzai
        default: return .kuangliu
        }
    }
}

extension NetworkPlan {
    /// Every tensor of the model's PyTorch state dict, in module order (stem, blocks, head; within a
    /// module: weight, bias, running_mean, running_var, num_batches_tracked, as PyTorch lists them).
    public var pytorchTensors: [PyTorchTensor] {
        let naming = spec.pytorchNaming
        var out: [PyTorchTensor] = []

        /// Appends the tensors of one chain's layers; `name(i, conv, bn)` gives the PyTorch module path of
        /// the layer at spec index i, which is the conv-th conv (or hierarchy) / bn-th BN of the chain.
        func chain(_ specs: [LayerSpec], recstats: String, name: (Int, Int, Int) -> String) {
            var convs = 0, norms = 0
            for (i, layer) in specs.enumerated() {
                let path = "\(recstats).\(i)"
                switch layer {
                case .conv(let c):
                    convs += 1
                    conv(c, recstats: path, pytorch: name(i, convs, norms))
                case .batchNorm(let channels):
                    norms += 1
                    batchNorm(channels, recstats: path, pytorch: name(i, convs, norms))
                case .squeezeExcitation(let c, let h):
                    let module = name(i, convs, norms)
                    switch naming {
                    case .kuangliu:
                        // kuangliu's SE is two 1×1 Conv2d with bias, named fc1 and fc2 on the block.
                        out.append(.init(name: module + "fc1.weight", shape: [h, c, 1, 1], source: .parameter(path + ".fc1.weight")))
                        out.append(.init(name: module + "fc1.bias", shape: [h], source: .parameter(path + ".fc1.bias")))
                        out.append(.init(name: module + "fc2.weight", shape: [c, h, 1, 1], source: .parameter(path + ".fc2.weight")))
                        out.append(.init(name: module + "fc2.bias", shape: [c], source: .parameter(path + ".fc2.bias")))
                    case .weiaicunzai, .res2net:
                        // nn.Sequential(Linear(C, C/r), ReLU, Linear(C/r, C), Sigmoid): indices 0 and 2.
                        out.append(.init(name: module + "excitation.0.weight", shape: [h, c], source: .parameter(path + ".fc1.weight")))
                        out.append(.init(name: module + "excitation.0.bias", shape: [h], source: .parameter(path + ".fc1.bias")))
                        out.append(.init(name: module + "excitation.2.weight", shape: [c, h], source: .parameter(path + ".fc2.weight")))
                        out.append(.init(name: module + "excitation.2.bias", shape: [c], source: .parameter(path + ".fc2.bias")))
                    }
                case .hierarchical(let h):
                    // Res2NetBottleneck: conv2 and bn2 are ModuleLists over the scales 2…s (indices 0…s−2).
                    convs += 1
                    norms += 1
                    let module = name(i, convs, norms)
                    for k in 2...h.scales {
                        conv(h.kernel, recstats: "\(path).conv\(k)", pytorch: module + "conv2.\(k - 2)")
                    }
                    for k in 2...h.scales {
                        batchNorm(h.chunk, recstats: "\(path).bn\(k)", pytorch: module + "bn2.\(k - 2)")
                    }
                case .linear(let inputs, let outputs):
                    let module = name(i, convs, norms)
                    out.append(.init(name: module + ".weight", shape: [outputs, inputs], source: .parameter(path + ".weight")))
                    out.append(.init(name: module + ".bias", shape: [outputs], source: .parameter(path + ".bias")))
                case .relu, .maxPool, .globalAveragePool:
                    break
                }
            }
        }
        func conv(_ c: ConvSpec, recstats: String, pytorch: String) {
            out.append(.init(
                name: pytorch + ".weight", shape: [c.outputChannels, c.inputChannels / c.groups, c.kernelSize, c.kernelSize],
                source: .parameter(recstats + ".weight")))
            if c.bias { out.append(.init(name: pytorch + ".bias", shape: [c.outputChannels], source: .parameter(recstats + ".bias"))) }
        }
        func batchNorm(_ channels: Int, recstats: String, pytorch: String) {
            out.append(.init(name: pytorch + ".weight", shape: [channels], source: .parameter(recstats + ".weight")))
            out.append(.init(name: pytorch + ".bias", shape: [channels], source: .parameter(recstats + ".bias")))
            out.append(.init(name: pytorch + ".running_mean", shape: [channels], source: .buffer(recstats + ".running_mean")))
            out.append(.init(name: pytorch + ".running_var", shape: [channels], source: .buffer(recstats + ".running_var")))
            out.append(.init(name: pytorch + ".num_batches_tracked", shape: [], source: .batchesTracked))
        }

        // Stem: conv, BN (ReLU, and max-pool for the ImageNet stem, have no tensors).
        chain(stem, recstats: "stem") { i, conv, bn in
            naming == .weiaicunzai ? "pre.\(i)" : (conv > bn ? "conv1" : "bn1")
        }
        for block in blocks {
            let module = naming == .weiaicunzai ? "stage\(block.stage).\(block.block - 1)" : "layer\(block.stage).\(block.block - 1)"
            chain(block.branch, recstats: block.name + ".branch") { i, conv, bn in
                switch naming {
                case .weiaicunzai:
                    // The SE modules sit on the block, not in `residual`.
                    if case .squeezeExcitation = block.branch[i] { return module + "." }
                    return "\(module).residual.\(i)"
                case .kuangliu, .res2net:
                    if case .squeezeExcitation = block.branch[i] { return module + "." }
                    if case .hierarchical = block.branch[i] { return module + "." }
                    // The layer just counted is the conv-th conv or the bn-th BN.
                    if case .conv = block.branch[i] { return "\(module).conv\(conv)" }
                    return "\(module).bn\(bn)"
                }
            }
            let shortcut = naming == .res2net ? "downsample" : "shortcut"
            chain(block.shortcut, recstats: block.name + ".shortcut") { i, _, _ in "\(module).\(shortcut).\(i)" }
            for p in block.projections where p.name != "shortcut" {
                chain(p.layers, recstats: block.name + "." + p.name) { i, _, _ in "\(module).\(p.name).\(i)" }
            }
        }
        chain(head, recstats: "head") { _, _, _ in naming == .res2net ? "fc" : "linear" }
        return out
    }

    /// The metadata an exported file carries: what to rebuild the model with, and where its names come from.
    public func pytorchMetadata(recstatsVersion: String) -> [String: String] {
        [
            "format": "pt",
            "recstats_version": recstatsVersion,
            "model": id.rawValue,
            "width": "\(options.width)",
            "classes": "\(options.classes)",
            "s_form": options.sForm.rawValue,
            "stem": options.stem.rawValue,
            "image_size": "\(options.imageSize)",
            "resnext_stem_3x3": "\(options.resnextStem3x3)",
            "layout": spec.pytorchNaming.source,
        ]
    }
}
