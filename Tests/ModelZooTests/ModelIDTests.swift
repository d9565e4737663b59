import Testing
@testable import ModelZoo

@Suite struct ModelIDTests {
    @Test func twelvePairsOfTheSameFamily() {
        #expect(ModelID.allCases.count == 24)
        #expect(ModelID.baselines.count == 12)
        for baseline in ModelID.baselines {
            let twin = try! #require(baseline.sVariant)
            #expect(twin.isSVariant)
            #expect(twin.baseline == baseline)
            #expect(twin.family == baseline.family)
            #expect(twin.displayName == baseline.displayName + "s")
        }
    }

    // The names the paper prints in Tables 1, 2 and 8.
    @Test func paperNames() {
        #expect(ModelID.resnet101s.displayName == "ResNet101s")
        #expect(ModelID.seresnet18.displayName == "SEResNet18")
        #expect(ModelID.resnext29_2x64d.displayName == "ResNeXt2")
        #expect(ModelID.resnext29_4x64d_s.displayName == "ResNeXt4s")
        #expect(ModelID.res2next29_6c24w.displayName == "Res2NeXt2")
        #expect(ModelID.res2next29_8c25w_s.displayName == "Res2NeXt4s")
        #expect(ModelID(rawValue: "res2next29-8c25w-s") == .res2next29_8c25w_s)
    }

    @Test(arguments: ModelID.allCases) func idIsLowercaseAndFileSafe(id: ModelID) {
        #expect(id.rawValue == id.rawValue.lowercased())
        #expect(id.rawValue.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" })
    }
}
