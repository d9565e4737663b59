// The cover says what was trained through RunRecords' one summary (issue 13, defect 5): a preset's
// per-dataset classes read as per-dataset values, not as "2 different training configurations".
import RunRecords
import Testing
@testable import ReportRendering

@Suite struct CoverTrainingTests {
    let models = [
        SyntheticRecords.Model(id: "resnet18", displayName: "ResNet18", family: "ResNet18", baseline: nil),
        SyntheticRecords.Model(id: "resnet18s", displayName: "ResNet18s", family: "ResNet18", baseline: "resnet18"),
    ]

    @Test func perDatasetClassesAreNotASecondConfiguration() {
        var records = SyntheticRecords.records(models: models, datasets: ["synthetic10", "synthetic100"], seeds: [0, 1])
        for i in records.indices where records[i].dataset == "synthetic100" { records[i].configuration.classes = 100 }
        let set = SyntheticRecords.resultSet(records)
        let text = CoverPage.training(set, names: DisplayNames(records: records))
        #expect(text?.contains("different training configurations") == false)
        #expect(text?.hasSuffix("per dataset: synthetic10: 10 classes; synthetic100: 100 classes") == true)
        // the values the old cover left out are named
        #expect(text?.contains("32×32 images") == true)
        #expect(text?.contains("random crop (padding 4) and flip") == true)
    }

    @Test func configurationsThatDifferWithinADatasetAreListedWithTheirModels() {
        var records = SyntheticRecords.records(models: models, datasets: ["synthetic10"], seeds: [0, 1])
        for i in records.indices where records[i].model == "resnet18s" { records[i].configuration.epochs = 4 }
        let text = CoverPage.training(SyntheticRecords.resultSet(records), names: DisplayNames(records: records)) ?? ""
        #expect(text.hasPrefix("2 different training configurations are pooled in these records: (1) ResNet18: "))
        #expect(text.contains("(2) ResNet18s: "))
        #expect(text.contains("20 epochs") && text.contains("4 epochs"))
    }
}
