// The one configuration summary (defect 5 of issue 13): every value named, per-dataset values shown as
// such. Expected texts are written out by hand from the fields set below.
import Foundation
import Testing
@testable import RunRecords

@Suite struct ConfigurationSummaryTests {
    /// A preset's two datasets: equal except classes, training-set size and test-set size.
    func pair() -> [(group: String, configuration: TrainingConfiguration)] {
        let ten = TrainingConfiguration(
            preset: "quick", widthMultiplier: 0.0625, classes: 10, epochs: 3, batchSize: 16, learningRate: 0.05,
            momentum: 0.9, weightDecay: 0.0005, schedule: .cosine, augmentation: true, cropPadding: 2,
            trainSize: 2000, testSize: 500, sForm: .published, imageSize: 16, syntheticDifficulty: .hard,
            residualGamma: 0.25)
        var hundred = ten
        hundred.classes = 100
        hundred.trainSize = 4000
        hundred.testSize = 1000
        return [("synthetic10", ten), ("synthetic100", hundred)]
    }

    @Test func everyValueIsNamed() {
        let items = ConfigurationSummary.items(of: pair()[0].configuration).map(\.text)
        #expect(items == [
            "preset quick", "width ×0.0625", "10 classes", "16×16 images (box-filtered from 32×32)", "3 epochs",
            "batch 16", "SGD lr 0.05 momentum 0.9 weight decay 0.0005", "cosine schedule (per epoch)", "no warm-up",
            "random crop (padding 2) and flip", "2000 training images", "500 test images",
            "synthetic difficulty hard", "“s” form published", "residual BN γ 0.25 at init",
        ])
    }

    @Test func perDatasetValuesAreShownPerDataset() {
        let summary = ConfigurationSummary(pair())
        #expect(summary.common.map(\.key) == [
            "preset", "width", "imageSize", "epochs", "batchSize", "optimizer", "schedule", "warmup",
            "augmentation", "syntheticDifficulty", "sForm", "residualGamma",
        ])
        #expect(summary.perGroup.map(\.group) == ["synthetic10", "synthetic100"])
        #expect(summary.text.hasSuffix(
            "; per dataset: synthetic10: 10 classes, 2000 training images, 500 test images; "
                + "synthetic100: 100 classes, 4000 training images, 1000 test images"))
        #expect(!summary.text.contains("configurations"))
    }

    @Test func aFieldPresentInOneGroupOnlyIsPerGroup() {
        var groups = pair()
        groups[1].configuration.syntheticDifficulty = nil
        let summary = ConfigurationSummary(groups)
        #expect(!summary.common.contains { $0.key == "syntheticDifficulty" })
        #expect(summary.perGroup[0].items.contains { $0.text == "synthetic difficulty hard" })
    }

    @Test func oneConfigurationHasNoPerDatasetPart() {
        let summary = ConfigurationSummary([pair()[0]])
        #expect(summary.perGroup.isEmpty)
        #expect(summary.text == ConfigurationSummary.items(of: pair()[0].configuration).map(\.text).joined(separator: ", "))
    }

    @Test func multistepScheduleNamesItsMilestones() {
        var c = pair()[0].configuration
        c.schedule = .multistep
        c.milestones = [60, 120, 160]
        c.gamma = 0.2
        c.warmupEpochs = 1
        c.nesterov = true
        let texts = ConfigurationSummary.items(of: c).map(\.text)
        #expect(texts.contains("multistep schedule ×0.2 at epochs 60,120,160"))
        #expect(texts.contains("1 warm-up epoch"))
        #expect(texts.contains("SGD lr 0.05 momentum 0.9 (Nesterov) weight decay 0.0005"))
    }
}

/// Schedule, s-form and synthetic difficulty are enums (issue 13, "types instead of strings"): a record
/// naming a value recstats does not know fails to load, naming the file and the field, instead of the
/// trainer quietly falling back to cosine.
@Suite struct ConfigurationEnumTests {
    func recordJSON(replacing key: String, with value: String) throws -> Data {
        var json = String(decoding: try RunRecord.makeEncoder().encode(sampleRecord()), as: UTF8.self)
        let pattern = "\"\(key)\" : \""
        let start = try #require(json.range(of: pattern))
        let end = try #require(json[start.upperBound...].firstIndex(of: "\""))
        json.replaceSubrange(start.upperBound..<end, with: value)
        return Data(json.utf8)
    }

    @Test(arguments: [("schedule", "linear"), ("s_form", "summed")])
    func anUnknownValueIsRefusedNamingFileAndField(key: String, value: String) throws {
        let data = try recordJSON(replacing: key, with: value)
        #expect {
            _ = try RunRecord.decode(data, path: "runs/x.json")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("runs/x.json: ") && text.contains("configuration.\(key)") && text.contains(value)
        }
        // A known value loads as its case.
        let known = try RunRecord.decode(try recordJSON(replacing: key, with: key == "schedule" ? "multistep" : "formula"), path: "ok.json")
        if key == "schedule" { #expect(known.configuration.schedule == .multistep) } else { #expect(known.configuration.sForm == .formula) }
    }
}
