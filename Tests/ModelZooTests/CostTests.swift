// The cost counter against the paper's Table 8 (appendix A.3, CIFAR-100) and ZOO-SPEC's exact examples.
import Testing
@testable import ModelZoo

/// Table 8 of the paper as printed: parameters in M (0.01 M precision) and FLOPs as mantissa × 10^exponent
/// (two significant digits). ResNet50 and ResNeXt2s are the two entries ZOO-SPEC explains: every reading
/// that keeps the other 22 exact gives 23.71 (paper 23.70) and 9.90 (paper 9.89), one in the last digit
/// above the paper, which looks like truncation in the paper; we encode the spec's values for those two.
let table8: [ModelID: (params: Double, flopsMantissa: Double, flopsExponent: Int)] = [
    .resnet18: (11.22, 7.1, 10), .resnet18s: (11.39, 7.2, 10),
    .resnet34: (21.33, 1.5, 11), .resnet34s: (21.50, 1.5, 11),
    .resnet50: (23.71, 1.7, 11), .resnet50s: (26.48, 1.8, 11),  // paper prints 23.70 for ResNet50
    .resnet101: (42.70, 3.2, 11), .resnet101s: (45.47, 3.4, 11),
    .seresnet18: (11.31, 7.1, 10), .seresnet18s: (11.48, 7.2, 10),
    .seresnet34: (21.50, 1.5, 11), .seresnet34s: (21.67, 1.5, 11),
    .seresnet50: (26.26, 1.7, 11), .seresnet50s: (29.04, 1.8, 11),
    .seresnet101: (47.53, 3.2, 11), .seresnet101s: (50.31, 3.4, 11),
    .resnext29_2x64d: (9.22, 1.8, 11), .resnext29_2x64d_s: (9.90, 1.9, 11),  // paper prints 9.89 for ResNeXt2s
    .resnext29_4x64d: (27.29, 5.4, 11), .resnext29_4x64d_s: (29.95, 5.8, 11),
    .res2next29_6c24w: (33.10, 6.1, 11), .res2next29_6c24w_s: (34.61, 6.3, 11),
    .res2next29_8c25w: (47.27, 8.7, 11), .res2next29_8c25w_s: (48.91, 8.9, 11),
]

@Suite struct CostTests {
    @Test(arguments: ModelID.allCases) func parametersMatchTable8(id: ModelID) throws {
        let plan = try NetworkPlan(id)
        let expected = try #require(table8[id])
        let millions = (Double(plan.parameters) / 10_000).rounded() / 100
        #expect(millions == expected.params, "\(id.displayName): \(plan.parameters) parameters")
    }

    @Test(arguments: ModelID.allCases) func flopsMatchTable8(id: ModelID) throws {
        let flops = Double(try NetworkPlan(id).macsPerImage * 128)  // one batch of 128 (A.6)
        let expected = try #require(table8[id])
        let scale = pow10(expected.flopsExponent)
        #expect((flops / scale * 10).rounded() / 10 == expected.flopsMantissa, "\(id.displayName): \(flops) FLOPs")
    }

    // ZOO-SPEC "Costs"; hand check for ResNet18: stem 32²·64·27 = 1,769,472; stage 1: 4 × 32²·64·64·9 =
    // 150,994,944; stages 2–4: 134,217,728 each (incl. the 1×1 projection); head 512·100 = 51,200.
    @Test func exactExamples() throws {
        let r18 = try NetworkPlan(.resnet18)
        #expect(r18.parameters == 11_220_132)
        #expect(r18.macsPerImage == 555_468_800)
        #expect(r18.macsPerImage == 1_769_472 + 150_994_944 + 3 * 134_217_728 + 51_200)
        let r18s = try NetworkPlan(.resnet18s)
        #expect(r18s.parameters == 11_393_956)
        #expect(r18s.macsPerImage == 561_760_256)
    }

    /// The "s" extra is exactly the shortcut2 projections. Hand count for ResNet18s: three 1×1
    /// projections 64→128, 128→256, 256→512 with BN: 8,192+256 + 32,768+512 + 131,072+1,024 = 173,824;
    /// MACs 16²·128·64 + 8²·256·128 + 4²·512·256 = 3 × 2,097,152.
    @Test(arguments: ModelID.baselines) func sExtraIsShortcut2(baseline: ModelID) throws {
        let twin = try #require(baseline.sVariant)
        let base = try NetworkPlan(baseline)
        let s = try NetworkPlan(twin)
        // The baseline's projection shortcuts, counted by hand from their ConvSpecs; shortcut2 repeats them
        // (without BN in Res2NeXt).
        var params = 0
        var macs = 0
        for block in base.blocks {
            guard case .conv(let conv)? = block.shortcut.first else { continue }
            let out = conv.output(block.input)
            params += conv.outputChannels * conv.inputChannels + (conv.bias ? conv.outputChannels : 0)
            if baseline.family != .res2next { params += 2 * conv.outputChannels }
            macs += out.height * out.width * conv.outputChannels * conv.inputChannels
        }
        #expect(params > 0)
        #expect(s.parameters - base.parameters == params)
        #expect(s.macsPerImage - base.macsPerImage == macs)
        if baseline == .resnet18 {
            #expect(params == 173_824)
            #expect(macs == 3 * 2_097_152)
        }
    }

    /// Every model ends in classes logits; the feature maps shrink as the strides say (32 → 4 for the
    /// four-stage families, 32 → 8 for the three-stage ones, 224 → 7 with the ImageNet stem).
    @Test(arguments: ModelID.allCases) func shapes(id: ModelID) throws {
        let stages = id.spec.stageDepths.count
        let cifar = try NetworkPlan(id, options: ZooOptions(classes: 10))
        #expect(cifar.outputShape == FeatureShape(channels: 10, height: 1, width: 1))
        #expect(cifar.featureShape.height == (stages == 4 ? 4 : 8))
        let imagenet = try NetworkPlan(id, options: ZooOptions(classes: 1000, stem: .imagenet))
        #expect(imagenet.featureShape.height == (stages == 4 ? 7 : 14))
        #expect(imagenet.outputShape.channels == 1000)
    }

    /// Width rounding: round(base·m), at least 1, with groups and scales dividing exactly at every m.
    @Test(arguments: ModelID.allCases, [1.0 / 16, 1.0 / 8, 0.25, 0.3, 0.5, 1.5]) func widthMultiplier(id: ModelID, width: Double) throws {
        let plan = try NetworkPlan(id, options: ZooOptions(width: width))
        let base = max(1, Int((Double(id.spec.baseWidth) * width).rounded()))
        #expect(plan.parameters > 0)
        for block in plan.blocks {
            for layer in block.branch {
                if case .hierarchical(let h) = layer {
                    #expect(h.channels % h.scales == 0 && h.chunk % h.groups == 0)
                    #expect(h.chunk == id.spec.cardinality * base << (block.stage - 1))
                }
                if case .conv(let c) = layer, c.groups > 1 {
                    #expect(c.groups == id.spec.cardinality)
                    #expect(c.inputChannels == id.spec.cardinality * base << (block.stage - 1))
                }
            }
        }
    }

    @Test func widthExamples() {
        // 64·¼ = 16; 25·⅛ = 3.125 → 3; 24/16 = 1.5 → 2 (halves away from zero); 64/1000 → at least 1.
        #expect(ZooOptions(width: 0.25).scaled(64) == 16)
        #expect(ZooOptions(width: 1.0 / 8).scaled(25) == 3)
        #expect(ZooOptions(width: 1.0 / 16).scaled(24) == 2)
        #expect(ZooOptions(width: 0.001).scaled(64) == 1)
        #expect(ZooOptions.parseWidth("1/8") == 0.125)
        #expect(ZooOptions.parseWidth("0.25") == 0.25)
        #expect(ZooOptions.parseWidth("1/0") == nil)
        #expect(ZooOptions.parseWidth("a") == nil)
    }

    /// `describe` lists every layer: its rows add up to the plan's totals.
    @Test(arguments: ModelID.allCases) func describeRowsAddUp(id: ModelID) throws {
        let plan = try NetworkPlan(id, options: ZooOptions(width: 0.5))
        let rows = ModelListing.layers(of: plan)
        #expect(rows.reduce(0) { $0 + $1.parameters } == plan.parameters)
        #expect(rows.reduce(0) { $0 + $1.macs } == plan.macsPerImage)
        #expect(rows.last?.output == plan.outputShape)
    }

    @Test func options() throws {
        #expect(throws: ZooError.self) { try NetworkPlan(.resnet18, options: ZooOptions(width: 0)) }
        #expect(throws: ZooError.self) { try NetworkPlan(.resnet18, options: ZooOptions(classes: 0)) }
        // Table 9's 3×3 ResNeXt stem adds 3·64·(9 − 1) weights; classes change only the head.
        let stem1 = try NetworkPlan(.resnext29_2x64d)
        let stem3 = try NetworkPlan(.resnext29_2x64d, options: ZooOptions(resnextStem3x3: true))
        #expect(stem3.parameters - stem1.parameters == 3 * 64 * 8)
        let c10 = try NetworkPlan(.resnet18, options: ZooOptions(classes: 10))
        #expect(11_220_132 - c10.parameters == 90 * 513)
    }
}

private func pow10(_ e: Int) -> Double { (0..<e).reduce(1.0) { r, _ in r * 10 } }
